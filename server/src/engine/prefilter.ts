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

/** A test for files that mention any of `names` as a whole word (the second indexing pass). */
export function mentionsAny(names: Set<string>): (text: string) => boolean {
  if (names.size === 0) return () => false;
  const escaped = [...names].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`\\b(?:${escaped.join('|')})\\b`);
  return (text) => pattern.test(text);
}
