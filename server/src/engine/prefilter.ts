// A byte-level keyword test that decides whether a file needs parsing at all: most Swift files
// in an app never mention anything the rules care about.

const keywords = [
  'URLSession', // URLSessionConfiguration, URLSessionDelegate, handleEventsForBackgroundURLSession
  'urlSession', // delegate methods, `.backgroundTask(.urlSession…)`
  'backgroundSessionConfiguration',
  // SwiftUI's `.backgroundTask(…)` and watchOS's `handle(_ backgroundTasks:)`; not a variable that
  // merely holds a UIBackgroundTaskIdentifier.
  '\\.backgroundTask\\b',
  'backgroundTasks\\b',
  // A call of exit (bare or on a receiver), not `objc_sync_exit(` nor a declaration `func exit(`.
  '(?<!\\w)(?<!func )exit\\(',
  'urlsession-lint:',
];

/** One scan of the text for all keywords (a scan per keyword costs several times as much). */
const anyKeyword = new RegExp(keywords.join('|'));

export function mightMatter(text: string): boolean {
  return anyKeyword.test(text);
}
