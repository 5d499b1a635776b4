// Applies LSP-style text edits (0-based lines, UTF-16 columns) to a string. Shared by the CLI's
// `--fix` and anything else that needs to turn a Fix into new text without an editor.
import type { Position, SourceRange } from '../engine/findings';

export interface RangeEdit {
  range: SourceRange;
  newText: string;
}

/**
 * Offsets at which each line starts. `\r\n`, `\n` and a lone `\r` all end a line, as in the LSP
 * specification, so CRLF files need no special casing by callers.
 */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (code === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Offset of the end of a line's content, before its line break. */
function lineContentEnd(text: string, starts: number[], line: number): number {
  let end = line + 1 < starts.length ? starts[line + 1] : text.length;
  if (end > starts[line] && text.charCodeAt(end - 1) === 10) end--;
  if (end > starts[line] && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

function offsetIn(text: string, starts: number[], position: Position): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const start = starts[position.line];
  // As in LSP: a character past the end of the line means the end of the line (not its break).
  return Math.min(start + Math.max(0, position.character), lineContentEnd(text, starts, position.line));
}

/** The UTF-16 offset of an LSP position; out-of-range lines and columns are clamped. */
export function offsetAt(text: string, position: Position): number {
  return offsetIn(text, lineStarts(text), position);
}

/** The LSP position of a UTF-16 offset (clamped to the text). */
export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  const target = Math.max(0, Math.min(offset, text.length));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= target) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: target - starts[low] };
}

/**
 * Returns `text` with every edit applied. Edits may come in any order; they are applied as if
 * simultaneously (positions refer to the original text). Insertions at the same position keep
 * their given order. Throws when two edits overlap or a range ends before it starts.
 */
export function applyEdits(text: string, edits: readonly RangeEdit[]): string {
  if (edits.length === 0) return text;
  const starts = lineStarts(text);
  const resolved = edits.map((edit, index) => {
    const start = offsetIn(text, starts, edit.range.start);
    const end = offsetIn(text, starts, edit.range.end);
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
