// Reads the expectations written inline in rule fixtures, SwiftLint/rust-analyzer style:
//
//     session.uploadTask(with: request, from: data)
//             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ background-upload-from-data
//
// written as a `//` comment line under the code it marks (the carets give the columns). A marker
// ending in `...` checks only where the range starts (for ranges over several lines).

export interface Expectation {
  file: string;
  /** 0-based. */
  line: number;
  startCharacter: number;
  /** Undefined when only the start is checked. */
  endCharacter?: number;
  rule: string;
}

const marker = /^(\s*\/\/)(\s*)(\^+)(\.\.\.)?\s+([a-z][a-z0-9-]*)\s*$/;

export function isMarkerLine(line: string): boolean {
  return marker.test(line);
}

export function readExpectations(file: string, text: string): Expectation[] {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  let target = -1;
  lines.forEach((line, index) => {
    const match = marker.exec(line);
    if (!match) {
      target = index;
      return;
    }
    if (target < 0) throw new Error(`${file}:${index + 1}: marker with no code line above it`);
    const start = match[1].length + match[2].length;
    expectations.push({
      file,
      line: target,
      startCharacter: start,
      endCharacter: match[4] ? undefined : start + match[3].length,
      rule: match[5],
    });
  });
  return expectations;
}
