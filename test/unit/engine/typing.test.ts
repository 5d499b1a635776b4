// An open document is re-analysed incrementally on each keystroke: reused declarations keep their
// facts, moved in place. Whatever a keystroke did, its findings (ranges, messages, fixes, related
// locations) must be those of analysing the same text afresh.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import { Engine } from '../../../server/src/engine/engine';
import { projectRootFor } from '../../../server/src/engine/projectRoot';
import { swiftFilesIn } from '../../support/lintFixture';

const repoRoot = join(__dirname, '..', '..', '..');
const folders = [
  join(repoRoot, 'examples'),
  // Rules whose fixes copy and indent the code around the finding.
  join(repoRoot, 'test', 'fixtures', 'rules', 'completion-handler-off-main'),
  join(repoRoot, 'test', 'fixtures', 'rules', 'print-in-background-delegate'),
  join(repoRoot, 'test', 'fixtures', 'rules', 'handle-events-without-session'),
];

/** Keystrokes at a line: a space typed at its start and deleted, a letter typed at its end and deleted, the line cut and put back. */
function keystrokes(text: string, line: number): string[] {
  const lines = text.split('\n');
  const edit = (change: (copy: string[]) => void) => {
    const copy = [...lines];
    change(copy);
    return copy.join('\n');
  };
  return [
    edit((copy) => (copy[line] = ` ${copy[line]}`)),
    text,
    edit((copy) => (copy[line] = `${copy[line]}x`)),
    text,
    edit((copy) => copy.splice(line, 1)),
    text,
  ];
}

for (const folder of folders) {
  test(`typing in an open document gives the findings of a fresh analysis: ${folder.slice(repoRoot.length + 1)}`, async () => {
    const files = swiftFilesIn(folder);
    const texts = new Map(files.map((file) => [file, readFileSync(file, 'utf8')]));
    const editor = await Engine.create();
    const fresh = await Engine.create();
    for (const engine of [editor, fresh]) {
      for (const file of files) engine.setFile(file, texts.get(file)!, { force: true });
      engine.loadProject(projectRootFor(files));
    }
    let compared = 0;
    for (const file of files) {
      const original = texts.get(file)!;
      editor.setFile(file, original, { keepTree: true });
      const lineCount = original.split('\n').length;
      for (let line = 0; line < lineCount; line += Math.max(1, Math.floor(lineCount / 8))) {
        for (const text of keystrokes(original, line)) {
          editor.setFile(file, text, { keepTree: true });
          fresh.setFile(file, text, { force: true });
          const typed = JSON.stringify(editor.lint(file));
          assert.equal(typed, JSON.stringify(fresh.lint(file)), `${file.slice(repoRoot.length + 1)} after a keystroke at line ${line + 1}`);
          if (typed !== '[]') compared++;
        }
      }
      // Closed again: the next file is typed into with this one as it was.
      editor.setFile(file, original, { force: true });
      fresh.setFile(file, original, { force: true });
    }
    assert.ok(compared > 10, `keystrokes compared with findings: ${compared}`);
  });
}
