// Edit builders shared by fixes: find the statement around a node, keep its indentation and the
// file's line endings, wrap statements in `#if DEBUG`.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../facts/facts';
import type { EditInFile } from './fixTypes';

/** The statement (a direct child of a `statements` block) that contains `span`. */
export function enclosingStatement(tree: Tree, span: Span): Node | undefined {
  let node: Node | null = tree.rootNode.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  while (node && node.parent && node.parent.type !== 'statements') node = node.parent;
  return node?.parent?.type === 'statements' ? node : undefined;
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The whitespace that starts the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t\f\v]*/.exec(text.slice(lineStart, offset));
  return match ? match[0] : '';
}

/** One indentation step, guessed from the file (4 spaces when nothing tells). */
export function indentationUnit(text: string): string {
  const match = /\n(\t+|[ ]{2,8})\S/.exec(text);
  if (!match) return '    ';
  return match[1].startsWith('\t') ? '\t' : match[1].length <= 4 ? match[1] : '    ';
}

/**
 * Wraps a statement in `#if DEBUG … #endif`, each directive on a line of its own. A statement that
 * shares its line with other code (`{ exit(0) }`) is first moved to a line of its own.
 */
export function wrapInIfDebug(text: string, statement: Node): EditInFile {
  const eol = lineEnding(text);
  const lineIndent = indentationAt(text, statement.startIndex);
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const before = text.slice(lineStart, statement.startIndex);
  const codeBefore = before.trim() !== '';
  let lineEnd = text.indexOf('\n', statement.endIndex);
  if (lineEnd === -1) lineEnd = text.length;
  let after = text.slice(statement.endIndex, lineEnd).replace(/\r$/, '');
  // `exit(0); next()`: the semicolon ends the wrapped statement (a line cannot start with one).
  let statementEnd = statement.endIndex;
  if (after.trimStart().startsWith(';')) {
    statementEnd += after.indexOf(';') + 1;
    after = text.slice(statementEnd, lineEnd).replace(/\r$/, '');
  }
  const codeAfter = after.trim() !== '' && !after.trim().startsWith('//');
  const indent = codeBefore ? lineIndent + indentationUnit(text) : lineIndent;
  const start = codeBefore ? lineStart + before.trimEnd().length : statement.startIndex;
  const end = codeAfter ? statementEnd + (after.length - after.trimStart().length) : statementEnd;
  const body = text.slice(statement.startIndex, statement.endIndex);
  const newText =
    (codeBefore ? eol + indent : '') +
    `#if DEBUG${eol}${indent}${body}${eol}${indent}#endif` +
    (codeAfter ? eol + lineIndent : '');
  return { span: { start, end }, newText };
}

/**
 * Deletes a statement's whole line (with its line break) when the statement is exactly `span` and
 * no other code shares the line; a trailing comment goes with it.
 */
export function removeStatementLine(text: string, tree: Tree, span: Span): EditInFile | undefined {
  const statement = enclosingStatement(tree, span);
  if (!statement || statement.startIndex !== span.start || statement.endIndex !== span.end) return undefined;
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  const newline = text.indexOf('\n', statement.endIndex);
  const lineEnd = newline === -1 ? text.length : newline + 1;
  const rest = text.slice(statement.endIndex, newline === -1 ? text.length : newline);
  if (text.slice(lineStart, statement.startIndex).trim() !== '' || (rest.trim() !== '' && !rest.trim().startsWith('//'))) return undefined;
  return { span: { start: lineStart, end: lineEnd }, newText: '' };
}
