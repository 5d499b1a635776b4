// The edits behind "Disable <rule> for this line / for this file": SwiftLint-style comments the
// engine's suppression reader understands (see config/suppressions.ts).
import type { Tree } from 'web-tree-sitter';
import type { TextEdit } from 'vscode-languageserver/node';
import { suppressionSyntax } from '../config/suppressions';
import { lineEnding } from '../fixes/statementEdits';

const marker = 'urlsession-lint:';

/**
 * Disables `ruleId` on `line`: appends `// urlsession-lint:disable:this <rule>` to the line, or
 * adds the id to a `disable:this` comment already there (or a `disable:next` comment on the line
 * before). When the line ends in another comment that cannot take ours, the comment goes on a
 * line of its own above (`disable:next`). Undefined when the rule is already listed.
 */
export function disableForLineEdit(text: string, tree: Tree | undefined, line: number, ruleId: string): TextEdit | undefined {
  const lines = splitLines(text);
  if (line < 0 || line >= lines.length) return undefined;
  const lineText = lines[line];
  const trailing = trailingComment(lineText, tree, line);

  if (trailing === 'unknown' || (trailing && trailing.text.includes(marker) && commandOf(trailing.text) !== 'disable:this')) {
    return disableOnLineAbove(lines, line, ruleId, lineEnding(text));
  }
  if (trailing && commandOf(trailing.text) === 'disable:this') {
    return mergeId(line, trailing.start, trailing.text, ruleId);
  }
  const comment = `// ${marker}disable:this ${ruleId}`;
  if (trailing) {
    // An ordinary comment: ours goes first, and the old one becomes the reason after a second `//`.
    return insertAt(line, trailing.start, `${comment} `);
  }
  const end = lineText.trimEnd().length;
  return { range: { start: { line, character: end }, end: { line, character: lineText.length } }, newText: ` ${comment}` };
}

/**
 * Disables `ruleId` for the whole file: `// urlsession-lint:disable <rule>` before the first line of
 * code, after a leading header comment block (Xcode's file header), or the id added to such a
 * comment already there. Undefined when the rule is already listed.
 */
export function disableForFileEdit(text: string, ruleId: string): TextEdit | undefined {
  const lines = splitLines(text);
  const eol = lineEnding(text);
  let insertLine = 0;
  if (isHeaderStart(lines[0] ?? '')) {
    let inBlock = false;
    while (insertLine < lines.length) {
      const trimmed = lines[insertLine].trim();
      if (inBlock) {
        inBlock = !trimmed.includes('*/');
      } else if (trimmed.startsWith('/*')) {
        inBlock = !trimmed.includes('*/', 2);
      } else if (!trimmed.startsWith('//') && !trimmed.startsWith('#!')) {
        break;
      }
      insertLine++;
    }
    while (insertLine < lines.length && lines[insertLine].trim() === '') insertLine++;
  }
  for (let index = 0; index < Math.min(insertLine + 1, lines.length); index++) {
    const trimmed = lines[index].trimStart();
    if (trimmed.startsWith('//') && commandOf(trimmed) === 'disable') {
      return mergeId(index, lines[index].length - trimmed.length, trimmed, ruleId);
    }
  }
  if (insertLine >= lines.length) {
    // Only comments and blank lines: append at the end.
    const last = lines.length - 1;
    const needsBreak = lines[last] !== '';
    return insertAt(last, lines[last].length, `${needsBreak ? eol : ''}// ${marker}disable ${ruleId}${eol}`);
  }
  return insertAt(insertLine, 0, `// ${marker}disable ${ruleId}${eol}`);
}

/** Lines without their line breaks (a trailing `\r` is dropped too). */
function splitLines(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Xcode's header starts the file with `//` or `/*`; a doc comment (`///`, `/**`) belongs to the first declaration. */
function isHeaderStart(line: string): boolean {
  const trimmed = line.trim();
  if (trimmed.startsWith('#!')) return true;
  if (trimmed.startsWith('///') || trimmed.startsWith('/**')) return false;
  return trimmed.startsWith('//') || trimmed.startsWith('/*');
}

interface LineComment {
  /** UTF-16 character where the comment starts on the line. */
  start: number;
  text: string;
}

/**
 * The `//` comment that ends the line, if any, from the syntax tree. 'unknown' when the line is
 * inside or ends in a multi-line comment or string, or when there is no tree and the line holds
 * something that may be a comment.
 */
function trailingComment(lineText: string, tree: Tree | undefined, line: number): LineComment | 'unknown' | undefined {
  if (!tree) {
    return lineText.includes('//') || lineText.includes('/*') || lineText.includes('"""') ? 'unknown' : undefined;
  }
  const start = { row: line, column: 0 };
  const end = { row: line, column: lineText.length };
  const spanning = tree.rootNode.descendantForPosition(end);
  // The innermost node that goes on past this line decides: a string or comment cannot take ours.
  for (let node = spanning; node; node = node.parent) {
    if (node.startPosition.row <= line && node.endPosition.row > line) {
      if (/comment|str/.test(node.type)) return 'unknown';
      break;
    }
  }
  let found: LineComment | 'unknown' | undefined;
  for (const node of tree.rootNode.descendantsOfType(['comment', 'multiline_comment'], start, end)) {
    if (!node || node.startPosition.row > line || node.endPosition.row < line) continue;
    if (node.type === 'multiline_comment') {
      if (node.startPosition.row !== line || node.endPosition.row !== line) found = 'unknown';
      continue;
    }
    if (node.startPosition.row === line) found = { start: node.startPosition.column, text: node.text };
  }
  return found;
}

/** The urlsession-lint command of a `//` comment (`disable`, `disable:this`, …), if it is one. */
function commandOf(commentText: string): string | undefined {
  return commentText.startsWith('//') ? suppressionSyntax(commentText)?.command : undefined;
}

/** Adds `ruleId` after the last id of the `//` comment starting at (`line`, `start`). */
function mergeId(line: number, start: number, commentText: string, ruleId: string): TextEdit | undefined {
  const syntax = commentText.startsWith('//') ? suppressionSyntax(commentText) : undefined;
  if (!syntax) return undefined;
  const { ids, idsStart } = syntax;
  const listed = ids.split(/[\s,]+/).filter(Boolean);
  if (listed.includes(ruleId) || listed.includes('all')) return undefined;
  const separator = listed.length === 0 ? ' ' : ids.includes(',') ? ', ' : ' ';
  return insertAt(line, start + idsStart + ids.trimEnd().length, `${separator}${ruleId}`);
}

function disableOnLineAbove(lines: string[], line: number, ruleId: string, eol: string): TextEdit | undefined {
  const above = line > 0 ? lines[line - 1] : undefined;
  const aboveTrimmed = above?.trimStart();
  if (above !== undefined && aboveTrimmed !== undefined && commandOf(aboveTrimmed) === 'disable:next') {
    return mergeId(line - 1, above.length - aboveTrimmed.length, aboveTrimmed, ruleId);
  }
  const indent = /^[ \t]*/.exec(lines[line])![0];
  return insertAt(line, 0, `${indent}// ${marker}disable:next ${ruleId}${eol}`);
}

function insertAt(line: number, character: number, newText: string): TextEdit {
  return { range: { start: { line, character }, end: { line, character } }, newText };
}
