// Byte-level keyword tests that decide whether a file needs parsing at all: most Swift files in
// an app never mention anything the rules care about.

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
  // A call of exit (bare or on a receiver), not `objc_sync_exit(` nor a declaration `func exit(`.
  '(?<!\\w)(?<!func )exit\\(',
  'urlsession-lint:',
  // Rules that hold for any session, background or not.
  'didFinishDownloadingTo',
  'earliestBeginDate',
  'invalidateAndCancel',
  'finishTasksAndInvalidate',
  'sharedContainerIdentifier',
  // Wrappers whose implicit `self` is whatever session they are called on.
  'extension URLSession\\b',
];

const keywords = [
  'URLSession', // URLSessionConfiguration, URLSessionDelegate, handleEventsForBackgroundURLSession
  'urlSession', // delegate methods, `.backgroundTask(.urlSession…)`
  ...backgroundKeywords,
];

/** One scan of the text for all keywords (a scan per keyword costs several times as much). */
const anyKeyword = new RegExp(keywords.join('|'));
const anyBackgroundKeyword = new RegExp(backgroundKeywords.join('|'));

/** The file mentions URLSession at all (what an open document needs to be analysed). */
export function mightMatter(text: string): boolean {
  return anyKeyword.test(text);
}

/**
 * Background first: the file makes a background configuration, handles background events, calls
 * `exit(`, carries a suppression comment, or touches what a rule checks on any session. Other
 * files are parsed only when they mention a name these files lead to (sessionNames.ts).
 */
export function startsAnalysis(text: string): boolean {
  // upload-body-ignored holds for any session: a body set on a request the same file uploads.
  return anyBackgroundKeyword.test(text) || (text.includes('httpBody') && uploadCall.test(text));
}

const uploadCall = /\b(?:uploadTask|upload)\(/;
