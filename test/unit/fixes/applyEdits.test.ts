import test from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, offsetAt, positionAt, type RangeEdit } from '../../../server/src/fixes/applyEdits';

function edit(startLine: number, startChar: number, endLine: number, endChar: number, newText: string): RangeEdit {
  return { range: { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } }, newText };
}

test('offsetAt and positionAt agree on LF, CRLF and lone CR line breaks', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['let a = 1', 'let bb = 2', '', 'let c = 3'].join(eol);
    for (let offset = 0; offset <= text.length; offset++) {
      // Offsets inside a CRLF pair have no position of their own.
      if (eol === '\r\n' && text[offset - 1] === '\r' && text[offset] === '\n') continue;
      assert.equal(offsetAt(text, positionAt(text, offset)), offset, `offset ${offset} with ${JSON.stringify(eol)}`);
    }
    assert.deepEqual(positionAt(text, text.indexOf('bb')), { line: 1, character: 4 });
    assert.equal(offsetAt(text, { line: 3, character: 0 }), text.indexOf('let c'));
  }
});

test('offsetAt clamps like LSP: past the line end means the line end, before its break', () => {
  const text = 'ab\r\ncd';
  assert.equal(offsetAt(text, { line: 0, character: 99 }), 2);
  assert.equal(offsetAt(text, { line: 9, character: 0 }), text.length);
  assert.equal(offsetAt(text, { line: -1, character: 5 }), 0);
  assert.deepEqual(positionAt(text, 999), { line: 1, character: 2 });
  assert.deepEqual(positionAt(text, -3), { line: 0, character: 0 });
});

test('columns count UTF-16 code units', () => {
  const text = 'let 🙂 = "é"\nx';
  assert.equal(offsetAt(text, { line: 0, character: 6 }), text.indexOf(' = '));
  assert.deepEqual(positionAt(text, text.indexOf('x')), { line: 1, character: 0 });
});

test('applies edits given in any order, all against the original text', () => {
  const text = 'one two three\nfour';
  const result = applyEdits(text, [edit(1, 0, 1, 4, '4'), edit(0, 0, 0, 3, '1'), edit(0, 4, 0, 7, '2')]);
  assert.equal(result, '1 2 three\n4');
});

test('keeps CRLF line breaks outside the edited ranges', () => {
  const text = 'func a() {\r\n    exit(0)\r\n}\r\n';
  const result = applyEdits(text, [edit(1, 0, 1, 0, '#if DEBUG\r\n'), edit(2, 0, 2, 0, '#endif\r\n')]);
  assert.equal(result, 'func a() {\r\n#if DEBUG\r\n    exit(0)\r\n#endif\r\n}\r\n');
});

test('insertions at the same point keep their given order; touching edits are fine', () => {
  assert.equal(applyEdits('ab', [edit(0, 1, 0, 1, 'X'), edit(0, 1, 0, 1, 'Y')]), 'aXYb');
  assert.equal(applyEdits('abcd', [edit(0, 2, 0, 4, 'Z'), edit(0, 0, 0, 2, 'W')]), 'WZ');
  assert.equal(applyEdits('abcd', [edit(0, 1, 0, 3, '-'), edit(0, 1, 0, 1, '+')]), 'a+-d');
});

test('rejects overlapping edits and ranges that end before they start', () => {
  assert.throws(() => applyEdits('abcdef', [edit(0, 0, 0, 3, 'x'), edit(0, 2, 0, 4, 'y')]), /overlapping/);
  assert.throws(() => applyEdits('abcdef', [edit(0, 1, 0, 5, 'x'), edit(0, 2, 0, 2, 'y')]), /overlapping/);
  assert.throws(() => applyEdits('abcdef', [edit(0, 4, 0, 1, 'x')]), /ends before it starts/);
});

test('no edits returns the text unchanged; edits at the very end append', () => {
  assert.equal(applyEdits('abc', []), 'abc');
  assert.equal(applyEdits('abc\n', [edit(1, 0, 1, 0, 'd\n')]), 'abc\nd\n');
  assert.equal(applyEdits('', [edit(0, 0, 0, 0, 'x')]), 'x');
});
