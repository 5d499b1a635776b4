// What the hovers say: what an API does in a background transfer, and one link to the walkthrough
// on testing background transfers (what no code check can catch), so no hover repeats it.

export type HoverTopic =
  | 'background(withIdentifier:)'
  | 'backgroundSessionConfiguration'
  | 'handleEventsForBackgroundURLSession'
  | 'isDiscretionary'
  | 'sharedContainerIdentifier'
  | 'urlSessionDidFinishEvents';

/** Opens the walkthrough; the client trusts this one command in hovers. */
export const openWalkthroughCommand = 'urlsessionLint.openWalkthrough';

const walkthroughLink = `[Testing background transfers](command:${openWalkthroughCommand}): what no code check can catch.`;

const topics: Record<HoverTopic, string> = {
  'background(withIdentifier:)': [
    '**`URLSessionConfiguration.background(withIdentifier:)`** — a configuration whose transfers the system runs in another process, so they continue while the app is suspended or terminated.',
    '',
    '- The identifier names the session: create **one** session per identifier and reuse it. A second session with the same identifier logs "A background URLSession with identifier … already exists" and its delegate gets no events.',
    '- After a relaunch, `handleEventsForBackgroundURLSession` passes this identifier: recreate the session with it to receive the events.',
    '- The app and each app extension need their own identifier (only one process may use a background session at a time). A bundle-based identifier such as `"\\(Bundle.main.bundleIdentifier!).background"` keeps them apart.',
    '- Only downloads and uploads *from a file* continue in the background; completion-handler and `async` convenience APIs are not supported; the session needs a delegate.',
  ].join('\n'),
  backgroundSessionConfiguration: [
    '**`URLSessionConfiguration.backgroundSessionConfiguration(_:)`** — deprecated since iOS 8. Use `background(withIdentifier:)`, which creates the same kind of background configuration.',
    '',
    '- The identifier names the session: create one session per identifier, reuse it, and recreate it with the identifier `handleEventsForBackgroundURLSession` passes after a relaunch.',
  ].join('\n'),
  handleEventsForBackgroundURLSession: [
    '**`application(_:handleEventsForBackgroundURLSession:completionHandler:)`** — the system relaunches or wakes the app because the tasks of the background session named `identifier` need attention (they finished, failed, or need authentication).',
    '',
    '- Store `completionHandler`, then create the session for **this** identifier (it may belong to an app extension) so that its delegate receives the events.',
    '- Call the stored handler on the main queue from `urlSessionDidFinishEvents(forBackgroundURLSession:)`: the system then suspends the app again and takes a new snapshot.',
    '- In the `async` variant there is no handler: the system considers the events handled when the method returns.',
    '- It is only called after the app was suspended or terminated, never while it keeps running in the foreground.',
  ].join('\n'),
  isDiscretionary: [
    '**`isDiscretionary`** — lets the system choose when to run the transfers, e.g. waiting for Wi-Fi and power. It applies to background configurations only (ignored elsewhere).',
    '',
    '- It only governs transfers started while the app is in the foreground: transfers started while the app is in the background are always discretionary.',
    '- Apple recommends it for large, non-urgent transfers. When a transfer must start now, keep the default `false`: a discretionary download that "never starts" at your desk may be waiting for a charger.',
  ].join('\n'),
  sharedContainerIdentifier: [
    '**`sharedContainerIdentifier`** — the app group container a background session uses for its files (downloaded files land there).',
    '',
    '- Required when an app extension starts background transfers: the extension may be gone before they finish, and the containing app then handles the events and needs the files.',
    "- The group must be one of the target's `com.apple.security.application-groups` entitlements.",
  ].join('\n'),
  urlSessionDidFinishEvents: [
    '**`urlSessionDidFinishEvents(forBackgroundURLSession:)`** — called on the session delegate after all events queued for a background session were delivered following a relaunch.',
    '',
    '- Call the completion handler stored in `handleEventsForBackgroundURLSession` here, on the main queue: it tells the system the app may be suspended again.',
    '- It is called on the session\'s delegate queue, not the main queue.',
  ].join('\n'),
};

export function hoverMarkdown(topic: HoverTopic): string {
  return `${topics[topic]}\n\n${walkthroughLink}`;
}
