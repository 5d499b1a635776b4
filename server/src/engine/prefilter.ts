// A byte-level keyword test that decides whether a file needs parsing at all: most Swift files
// in an app never mention anything the rules care about.

const keywords = [
  'URLSession', // URLSessionConfiguration, URLSessionDelegate, handleEventsForBackgroundURLSession
  'urlSession', // delegate methods
  'backgroundSessionConfiguration',
  'backgroundTask',
  'exit(',
  'urlsession-lint:',
];

/** One scan of the text for all keywords (a scan per keyword costs six times as much). */
const anyKeyword = new RegExp(keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));

export function mightMatter(text: string): boolean {
  return anyKeyword.test(text);
}
