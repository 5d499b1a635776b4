// Applies LSP-style text edits (0-based lines, UTF-16 columns) to a string. Shared by the CLI's
// `--fix` and anything else that needs to turn a Fix into new text without an editor.
import type { Position, SourceRange } from '../engine/findings';
import { LineIndex } from '../parse/lineIndex';

export interface RangeEdit {
  range: SourceRange;
  newText: string;
}

/** Offsets at which each line starts (`\r\n`, `\n` and a lone `\r` end a line, as in LSP). */
export function lineStarts(text: string): number[] {
  return new LineIndex(text).lineStarts;
}

/** The UTF-16 offset of an LSP position; out-of-range lines and columns are clamped. */
export function offsetAt(text: string, position: Position): number {
  return new LineIndex(text).offsetAt(position);
}

/** The LSP position of a UTF-16 offset (clamped to the text). */
export function positionAt(text: string, offset: number): Position {
  return new LineIndex(text).positionAt(offset);
}

/**
 * Returns `text` with every edit applied. Edits may come in any order; they are applied as if
 * simultaneously (positions refer to the original text). Insertions at the same position keep
 * their given order. Throws when two edits overlap or a range ends before it starts.
 */
export function applyEdits(text: string, edits: readonly RangeEdit[]): string {
  if (edits.length === 0) return text;
  const lines = new LineIndex(text);
  const resolved = edits.map((edit, index) => {
    const start = lines.offsetAt(edit.range.start);
    const end = lines.offsetAt(edit.range.end);
    if (end < start) {
      throw new Error(`applyEdits: edit ${index} ends before it starts (${describe(edit.range)})`);
    }
    return { start, end, newText: edit.newText, index };
  });
  resolved.sort((a, b) => a.start - b.start || a.end - b.end || a.index - b.index);

  const parts: string[] = [];
  let cursor = 0;
  for (let i = 0; i < resolved.length; i++) {
    const edit = resolved[i];
    if (edit.start < cursor) {
      const previous = resolved[i - 1];
      throw new Error(
        `applyEdits: overlapping edits ${previous.index} (${describe(edits[previous.index].range)}) and ${edit.index} (${describe(edits[edit.index].range)})`,
      );
    }
    parts.push(text.slice(cursor, edit.start), edit.newText);
    cursor = edit.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

function describe(range: SourceRange): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}
