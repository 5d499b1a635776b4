// Byte-level keyword tests that decide whether a file needs parsing at all: most Swift files in
// an app never mention anything the rules care about.

/** Any of these starts the analysis on its own. */
const backgroundKeywords = [
  // A background configuration (the typed-context shorthand too) or the deprecated factory.
  'background\\(withIdentifier',
  'backgroundSessionConfiguration',
  // Every handleEvents form, and the delegate method that completes it.
  'handleEventsForBackgroundURLSession',
  'onBackgroundURLSessionEvents',
  'urlSessionDidFinishEvents',
  // SwiftUI's `.backgroundTask(…)` and watchOS's `handle(_ backgroundTasks:)`; not a variable that
  // merely holds a UIBackgroundTaskIdentifier.
  '\\.backgroundTask\\b',
  'backgroundTasks\\b',
  'urlsession-lint:',
  // Rules that hold for any session or configuration.
  'didFinishDownloadingTo',
  'sharedContainerIdentifier',
  // Wrappers whose implicit `self` is whatever session they are called on.
  'extension URLSession\\b',
];

/**
 * Words common in code that never meets a rule (generated SDK routes set `earliestBeginDate` on
 * their own types, every networking file invalidates sessions): each counts only with its companion.
 */
const conditionalKeywords = new RegExp(['(?<!\\w)(?<!func )exit\\(', 'earliestBeginDate', 'invalidateAndCancel', 'finishTasksAndInvalidate', 'httpBody'].join('|'));
const companions: [RegExp, RegExp][] = [
  // debug-exit-unguarded: a call of exit (not `objc_sync_exit(`, not `func exit(`) where the app
  // leaves the foreground or terminates.
  [/(?<!\w)(?<!func )exit\(/, /EnterBackground|WillTerminate|\.background\b/],
  // earliest-begin-date-ignored: an assignment to it.
  [/earliestBeginDate\s*[-+]?=(?!=)/, /./],
  // invalidate-shared-session: the shared session is named in the file; invalidate-in-deinit.
  [/invalidateAndCancel|finishTasksAndInvalidate/, /URLSession\.shared|\.shared\.(?:invalidateAndCancel|finishTasksAndInvalidate)|\bdeinit\b/],
  // upload-body-ignored: a body set on a request the same file uploads.
  [/httpBody/, /\b(?:uploadTask|upload)\(/],
];

/** Principal classes of app extensions: a file declaring one tells which target is an extension. */
export const extensionPrincipalTypes = [
  'SLComposeServiceViewController',
  'NSExtensionRequestHandling',
  'UNNotificationServiceExtension',
  'UNNotificationContentExtension',
  'NSFileProviderReplicatedExtension',
  'NSFileProviderExtension',
  'CXCallDirectoryProvider',
  'INExtension',
  'NEPacketTunnelProvider',
  'BGDownloaderExtension',
];
const anyExtensionPrincipal = new RegExp(extensionPrincipalTypes.join('|'));

/** What an open document (or a file set on its own) needs to mention to be analysed. */
const anyKeyword = new RegExp(
  ['URLSession', 'urlSession', 'backgroundSessionConfiguration', '\\.backgroundTask\\b', 'backgroundTasks\\b', '(?<!\\w)(?<!func )exit\\(', 'urlsession-lint:'].join('|'),
);
/** One scan of the text for all keywords (a scan per keyword costs several times as much). */
const anyBackgroundKeyword = new RegExp(backgroundKeywords.join('|'));

/** The file mentions URLSession at all (what an open document needs to be analysed). */
export function mightMatter(text: string): boolean {
  return anyKeyword.test(text);
}

/**
 * Background first: the file makes a background configuration, handles background events, carries
 * a suppression comment, or holds what a rule checks on any session. Other files are parsed only
 * when they mention a name these files lead to (sessionNames.ts).
 */
export function startsAnalysis(text: string): boolean {
  if (anyBackgroundKeyword.test(text)) return true;
  // An extension's principal class that names URLSession marks its target as an extension.
  if (anyExtensionPrincipal.test(text) && anyKeyword.test(text)) return true;
  if (!conditionalKeywords.test(text)) return false;
  return companions.some(([keyword, companion]) => keyword.test(text) && companion.test(text));
}
