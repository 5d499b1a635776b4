// findDirectiveLines visits only lines holding a `#` (linear on big generated files); it must
// find exactly what a line-by-line reading finds.
import assert from 'node:assert/strict';
import test from 'node:test';
import { findDirectiveLines, type DirectiveLine } from '../../../server/src/parse/directives';

/** The plain definition: every line, one at a time. */
function lineByLine(text: string): DirectiveLine[] {
  const found: DirectiveLine[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const content = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const match = /^[ \t\f\v]*(#if|#elseif|#else|#endif)\b(.*)$/.exec(content);
    if (match) {
      const comment = match[2].indexOf('//');
      const condition = (comment === -1 ? match[2] : match[2].slice(0, comment)).trim();
      found.push({ keyword: match[1] as DirectiveLine['keyword'], condition, start, end: start + content.length });
    }
    start += raw.length + 1;
  }
  return found;
}

const samples = [
  '#if DEBUG\nlet a = 1\n#endif',
  '#if DEBUG\r\nlet a = 1\r\n#else // release\r\nlet b = "#x"\r\n#endif\r\n',
  'let s = "#if not a directive"\n  #elseif os(iOS) && DEBUG\n\t#endif\n#selector(foo) #if\n',
  '\n\n#\n##if\n#iffy\n #if A\n#endif',
  'no hash at all\n',
  '',
  '#',
  'x\n#endif',
];

test('finds the same directive lines as a line-by-line reading', () => {
  for (const text of samples) assert.deepEqual(findDirectiveLines(text), lineByLine(text), JSON.stringify(text));
});

test('a large file with a directive only at its end and `#` inside many lines', () => {
  const body = Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? `let k${i} = #selector(f)\n` : `let v${i} = ${i}\n`)).join('');
  const text = `#if DEBUG\n${body}#else\n${body}#endif\n`;
  const lines = findDirectiveLines(text);
  assert.deepEqual(lines.map((line) => line.keyword), ['#if', '#else', '#endif']);
  assert.deepEqual(lines, lineByLine(text));
});
