// `--fix`: picks the safe fixes that do not collide, applies them to each file and writes the
// file atomically, keeping its line endings and UTF-8 BOM. Never applies a `quick` fix.
import { chmodSync, closeSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Finding, Fix, Position, SourceRange, TextEdit } from '../engine/findings';
import { applyEdits } from '../fixes/applyEdits';
import { readSwiftSource } from '../engine/swiftSource';

export interface FixPassResult {
  /** Fixes written to disk. */
  fixesApplied: number;
  /** Absolute paths of the files that changed. */
  filesChanged: string[];
}

export interface FixPassOptions {
  /** False when the file changed on disk since it was linted: its fixes would land in the wrong place. */
  isUnchanged(file: string, bytes: Buffer): boolean;
  onProblem(file: string, message: string): void;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Ranges that overlap or touch collide: which edit goes first at a shared point is not defined. */
function collide(a: SourceRange, b: SourceRange): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

/**
 * The safe fixes to apply in one pass, first come first served: a fix that collides with one
 * already chosen (or whose own edits collide) waits for the next pass, after re-linting.
 */
export function chooseSafeFixes(findings: Finding[]): Fix[] {
  const chosen: Fix[] = [];
  const taken = new Map<string, SourceRange[]>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (fix.safety !== 'safe' || fix.edits.length === 0) continue;
      const pending: TextEdit[] = [];
      const fits = fix.edits.every((edit) => {
        const ranges = [...(taken.get(edit.file) ?? []), ...pending.filter((p) => p.file === edit.file).map((p) => p.range)];
        if (ranges.some((range) => collide(range, edit.range))) return false;
        pending.push(edit);
        return true;
      });
      if (!fits) continue;
      for (const edit of fix.edits) {
        const ranges = taken.get(edit.file);
        if (ranges) ranges.push(edit.range);
        else taken.set(edit.file, [edit.range]);
      }
      chosen.push(fix);
      // One fix per finding: alternatives for the same problem would fight each other.
      break;
    }
  }
  return chosen;
}

/** Applies one pass of safe fixes to disk. */
export function applySafeFixes(findings: Finding[], options: FixPassOptions): FixPassResult {
  const fixes = chooseSafeFixes(findings);
  const editsByFile = new Map<string, { edits: TextEdit[]; fixes: Set<Fix> }>();
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      let entry = editsByFile.get(edit.file);
      if (!entry) editsByFile.set(edit.file, (entry = { edits: [], fixes: new Set() }));
      entry.edits.push(edit);
      entry.fixes.add(fix);
    }
  }

  // A fix that spans files is all or nothing: if one of its files cannot be written, drop it everywhere.
  const failedFixes = new Set<Fix>();
  const newContents = new Map<string, Buffer>();
  for (const [file, entry] of editsByFile) {
    const source = readSwiftSource(file);
    if ('problem' in source) {
      options.onProblem(file, `not fixed: ${source.problem}`);
      entry.fixes.forEach((fix) => failedFixes.add(fix));
      continue;
    }
    if (!options.isUnchanged(file, source.bytes)) {
      options.onProblem(file, 'not fixed: changed on disk during the run');
      entry.fixes.forEach((fix) => failedFixes.add(fix));
      continue;
    }
    const eol = lineEnding(source.text);
    let text: string;
    try {
      text = applyEdits(
        source.text,
        entry.edits.map((edit) => ({ range: edit.range, newText: edit.newText.replace(/\r\n|\r|\n/g, eol) })),
      );
    } catch (error) {
      options.onProblem(file, `not fixed: ${(error as Error).message}`);
      entry.fixes.forEach((fix) => failedFixes.add(fix));
      continue;
    }
    if (text === source.text) continue;
    const body = Buffer.from(text, 'utf8');
    newContents.set(file, source.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
  }

  const filesChanged: string[] = [];
  for (const [file, bytes] of newContents) {
    const entry = editsByFile.get(file)!;
    if ([...entry.fixes].some((fix) => failedFixes.has(fix))) continue;
    try {
      writeFileAtomic(file, bytes);
      filesChanged.push(file);
    } catch (error) {
      options.onProblem(file, `not fixed: cannot write (${(error as Error).message})`);
      entry.fixes.forEach((fix) => failedFixes.add(fix));
    }
  }
  const fixesApplied = fixes.filter((fix) => !failedFixes.has(fix) && fix.edits.some((edit) => filesChanged.includes(edit.file))).length;
  return { fixesApplied, filesChanged };
}

/** The file's line break, taken from its first line; `\n` when it has none. */
export function lineEnding(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match ? match[0] : '\n';
}

let temporaryCounter = 0;

/**
 * Replaces a file's contents so that a reader never sees a half-written file: the new bytes go to
 * a temporary file in the same folder (same filesystem), which is then renamed over the target.
 * A symlink is followed, so the link stays a link. The file's permission bits are kept.
 */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const target = realpathSync(file);
  const mode = statSync(target).mode & 0o7777;
  const temporary = join(dirname(target), `.${basename(target)}.urlsession-lint-${process.pid}-${temporaryCounter++}.tmp`);
  const fd = openSync(temporary, 'wx', mode);
  try {
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created; nothing to clean up.
    }
    throw error;
  }
}
