// SwiftLint-style suppression comments:
//   // urlsession-lint:disable:next <ids…|all>      the line after the comment
//   // urlsession-lint:disable:this <ids…|all>      the comment's own line(s)
//   // urlsession-lint:disable:previous <ids…|all>  the line before the comment
//   // urlsession-lint:disable <ids…|all> … // urlsession-lint:enable <ids…|all>
//                                                  from the disable's line to the enable's line,
//                                                  both included (to the end of file without enable)
// Ids are separated by spaces or commas; text after ` - ` or a second `//` is a human reason.
// Comments come from the syntax tree, so `//` inside a string literal never counts.
import type { Node, Tree } from 'web-tree-sitter';
import type { Finding, Fix, Position, SourceRange, TextEdit } from '../engine/findings';
import type { RuleMeta } from '../rules/ruleTypes';
import { closestMatch } from './didYouMean';
import { LineIndex } from '../parse/lineIndex';
import { descendantsOfTypes } from '../facts/syntax';

export interface SuppressionComment {
  /** 0-based line where the comment starts. */
  line: number;
  /** UTF-16 character where the comment starts on `line`. */
  startCharacter: number;
  /** UTF-16 character where the comment ends, on its last line (the same as `line` for `//` comments). */
  endCharacter: number;
  kind: 'next' | 'this' | 'previous' | 'disable' | 'enable';
  /** The ids as written, in order, without duplicates; may contain 'all' and unknown ids. */
  ruleIds: string[];
}

export interface Suppressions {
  comments: SuppressionComment[];
  /** True when a finding of `ruleId` starting on 0-based `line` is suppressed; records which comment was used. */
  isSuppressed(ruleId: string, line: number): boolean;
  /**
   * After all findings of the file were tested: invalid-suppression findings (malformed comment,
   * unknown id, a comment that suppressed nothing, an enable without disable). Unused ids are
   * reported only for rules in `enabledRuleIds` (default: all known rules), because a rule that
   * is turned off never reports anything a comment could suppress.
   */
  problems(knownRuleIds: string[], file: string, enabledRuleIds?: readonly string[]): Finding[];
}

export const invalidSuppressionRule: RuleMeta = {
  id: 'invalid-suppression',
  severity: 'warning',
  fix: 'quick',
  summary: 'A urlsession-lint suppression comment is malformed, names an unknown rule, or suppresses nothing.',
};

const ALL = 'all';
const prefix = 'urlsession-lint:';
const commands: Record<string, SuppressionComment['kind']> = {
  'disable:next': 'next',
  'disable:this': 'this',
  'disable:previous': 'previous',
  disable: 'disable',
  enable: 'enable',
};

/** A rule id inside a comment, with its place in the document (for fixes). */
interface IdToken {
  id: string;
  start: number;
  end: number;
  range: SourceRange;
}

interface Entry {
  comment: SuppressionComment;
  /** The command as written, e.g. `disable:next`. */
  command: string;
  range: SourceRange;
  /** Every id token, duplicates included, in order. */
  tokens: IdToken[];
  /** Ids (or 'all') that suppressed at least one finding. */
  used: Set<string>;
  /** Ids (or 'all') of an enable comment that had no disable to end. */
  unmatched: string[];
  /** The edit that removes the whole comment (its line, when it stands alone). */
  removal: TextEdit;
}

interface Malformed {
  range: SourceRange;
  message: string;
  removal: TextEdit;
}

interface Region {
  entry: Entry;
  id: string;
  startLine: number;
  /** Inclusive; Infinity while no enable closed it. */
  endLine: number;
  /** Rules re-enabled (from `fromLine` on) inside an open `disable all`. */
  exceptions: { id: string; fromLine: number }[];
  /** The enable comment that ended the region. */
  closedBy?: Entry;
}

export function parseSuppressions(tree: Tree): Suppressions {
  const found: { node: Node; body: string }[] = [];
  for (const node of descendantsOfTypes(tree.rootNode, commentTypes)) {
    const body = commentBody(node.text);
    if (body.startsWith(prefix)) found.push({ node, body });
  }
  if (found.length === 0) return new SuppressionSet([], [], []);
  // Only files with suppression comments pay for reading the whole text (needed for line removal).
  const lines = new LineIndex(tree.rootNode.text);
  const entries: Entry[] = [];
  const malformed: Malformed[] = [];
  for (const { node } of found) {
    const parsed = parseComment(node, lines);
    if ('message' in parsed) malformed.push(parsed);
    else entries.push(parsed);
  }
  return new SuppressionSet(entries, malformed, buildRegions(entries));
}

const commentTypes = new Set(['comment', 'multiline_comment']);

/**
 * The suppression syntax of one comment's text, for readers and writers of these comments: the
 * command after `urlsession-lint:`, and the rule-id list (up to a ` - reason` or a nested `//`)
 * starting at `idsStart` in `text`. Undefined when the comment is not a suppression.
 */
export function suppressionSyntax(text: string): { command: string; idsStart: number; ids: string } | undefined {
  const body = commentBody(text);
  if (!body.startsWith(prefix)) return undefined;
  const command = /^\S*/.exec(body.slice(prefix.length))![0];
  let ids = body.slice(prefix.length + command.length);
  const reason = /(^|\s)-(\s|$)|\/\//.exec(ids);
  if (reason) ids = ids.slice(0, reason.index);
  return { command, idsStart: bodyOffset(text) + prefix.length + command.length, ids };
}

/** The comment's text without its delimiters and leading blanks (offsets: see bodyOffset). */
function commentBody(text: string): string {
  return text.slice(bodyOffset(text)).replace(/\*+\/$/, '');
}

function bodyOffset(text: string): number {
  const opener = /^(\/\/+|\/\*+)!?[ \t]*/.exec(text);
  return opener ? opener[0].length : 0;
}

function parseComment(node: Node, lines: LineIndex): Entry | Malformed {
  const text = node.text;
  const start = node.startIndex;
  const range: SourceRange = { start: toPosition(node.startPosition), end: toPosition(node.endPosition) };
  const removal = removalEdit(lines, node);
  const syntax = suppressionSyntax(text);
  const command = syntax?.command ?? '';
  const kind = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!kind) {
    const suggestion = closestMatch(command, Object.keys(commands));
    const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
    return { range, removal, message: `Unknown urlsession-lint command '${command}'${hint}.` };
  }

  const tokens: IdToken[] = [];
  for (const match of (syntax?.ids ?? '').matchAll(/[^\s,]+/g)) {
    const tokenStart = start + syntax!.idsStart + match.index!;
    const tokenEnd = tokenStart + match[0].length;
    tokens.push({
      id: match[0],
      start: tokenStart,
      end: tokenEnd,
      range: { start: lines.positionAt(tokenStart), end: lines.positionAt(tokenEnd) },
    });
  }
  if (tokens.length === 0) {
    return { range, removal, message: `This urlsession-lint:${command} comment names no rule (list rule ids or 'all').` };
  }
  const comment: SuppressionComment = {
    line: range.start.line,
    startCharacter: range.start.character,
    endCharacter: range.end.character,
    kind,
    ruleIds: [...new Set(tokens.map((token) => token.id))],
  };
  return { comment, command, range, tokens, used: new Set(), unmatched: [], removal };
}

/** Pairs disable and enable comments into regions, in document order. */
function buildRegions(entries: Entry[]): Region[] {
  const regions: Region[] = [];
  const open = new Map<string, Region[]>();
  for (const entry of entries) {
    const { kind, line, ruleIds } = entry.comment;
    if (kind === 'disable') {
      for (const id of ruleIds) {
        const region: Region = { entry, id, startLine: line, endLine: Infinity, exceptions: [] };
        regions.push(region);
        open.set(id, [...(open.get(id) ?? []), region]);
      }
    } else if (kind === 'enable') {
      const endLine = entry.range.end.line;
      for (const id of ruleIds) {
        let matched = false;
        const close = (key: string) => {
          for (const region of open.get(key) ?? []) {
            region.endLine = endLine;
            region.closedBy = entry;
            matched = true;
          }
          open.delete(key);
        };
        if (id === ALL) {
          for (const key of [...open.keys()]) close(key);
        } else {
          close(id);
          for (const region of open.get(ALL) ?? []) {
            region.exceptions.push({ id, fromLine: endLine + 1 });
            matched = true;
          }
        }
        if (!matched) entry.unmatched.push(id);
      }
    }
  }
  return regions;
}

class SuppressionSet implements Suppressions {
  readonly comments: SuppressionComment[];
  /** Line → the next/this/previous comments that cover it. */
  private readonly byLine = new Map<number, Entry[]>();

  constructor(
    private readonly entries: Entry[],
    private readonly malformed: Malformed[],
    private readonly regions: Region[],
  ) {
    this.comments = entries.map((entry) => entry.comment);
    for (const entry of entries) {
      for (const line of coveredLines(entry)) {
        this.byLine.set(line, [...(this.byLine.get(line) ?? []), entry]);
      }
    }
  }

  isSuppressed(ruleId: string, line: number): boolean {
    // Problems with suppression comments are never hidden by suppression comments.
    if (ruleId === invalidSuppressionRule.id) return false;
    // The most specific comment takes the credit: a line comment before a region, a named rule
    // before `all`, the latest region before an outer one. Others stay unused and are reported.
    const lineEntries = this.byLine.get(line) ?? [];
    for (const id of [ruleId, ALL]) {
      const entry = lineEntries.find((candidate) => candidate.comment.ruleIds.includes(id));
      if (entry) {
        entry.used.add(id);
        return true;
      }
    }
    for (const id of [ruleId, ALL]) {
      for (let i = this.regions.length - 1; i >= 0; i--) {
        const region = this.regions[i];
        if (region.id !== id || line < region.startLine || line > region.endLine) continue;
        if (region.exceptions.some((exception) => exception.id === ruleId && line >= exception.fromLine)) continue;
        region.entry.used.add(id);
        return true;
      }
    }
    return false;
  }

  problems(knownRuleIds: string[], file: string, enabledRuleIds: readonly string[] = knownRuleIds): Finding[] {
    const known = new Set([...knownRuleIds, invalidSuppressionRule.id, ALL]);
    const enabled = new Set(enabledRuleIds);
    const findings: Finding[] = [];
    const report = (range: SourceRange, message: string, fixes: Fix[]) =>
      findings.push({
        rule: invalidSuppressionRule.id,
        severity: invalidSuppressionRule.severity,
        message,
        file,
        range,
        related: [],
        fixes,
      });
    const removeComment = (removal: TextEdit): Fix => ({
      title: 'Remove this urlsession-lint comment',
      safety: 'quick',
      edits: [{ ...removal, file }],
    });

    // Removing a useless `disable` also removes the `enable`s that only closed it: left alone they
    // would enable nothing, and fixing would take a second round.
    const removeWithItsEnables = (entry: Entry): Fix => {
      const enables = new Set(this.regions.filter((region) => region.entry === entry && region.closedBy).map((region) => region.closedBy!));
      const onlyOurs = [...enables].filter((enable) => this.regions.every((region) => region.closedBy !== enable || region.entry === entry));
      return { ...removeComment(entry.removal), edits: [entry.removal, ...onlyOurs.map((enable) => enable.removal)].map((removal) => ({ ...removal, file })) };
    };

    for (const bad of this.malformed) report(bad.range, bad.message, [removeComment(bad.removal)]);

    for (const entry of this.entries) {
      const label = `urlsession-lint:${entry.command}`;
      const { ruleIds } = entry.comment;
      const unknown = ruleIds.filter((id) => !known.has(id));
      const selfSuppressing = ruleIds.includes(invalidSuppressionRule.id);
      // The ids that cannot do anything; when that is all of them, the comment can go.
      const useless = new Set([...unknown, ...(selfSuppressing ? [invalidSuppressionRule.id] : [])]);
      const idFix = (id: string): Fix[] => {
        const others = ruleIds.filter((other) => other !== id);
        return others.length === 0 ? [removeComment(entry.removal)] : [removeId(entry, id, file)];
      };

      for (const id of unknown) {
        const suggestion = closestMatch(id, [...known].filter((candidate) => candidate !== ALL));
        const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
        const fixes = suggestion ? [replaceId(entry, id, suggestion, file)] : idFix(id);
        report(entry.range, `Unknown rule '${id}' in urlsession-lint comment${hint}.`, fixes);
      }
      if (selfSuppressing) {
        report(
          entry.range,
          `'${invalidSuppressionRule.id}' cannot be suppressed by a comment; turn it off in .urlsession-lint.yml instead.`,
          idFix(invalidSuppressionRule.id),
        );
      }

      if (entry.comment.kind === 'enable') {
        const unmatched = entry.unmatched.filter((id) => known.has(id) && !useless.has(id));
        if (unmatched.length > 0 && unmatched.length === ruleIds.length) {
          report(entry.range, `This ${label} comment re-enables nothing that was disabled before it.`, [
            removeComment(entry.removal),
          ]);
        } else {
          for (const id of unmatched) {
            report(entry.range, `'${id}' in this ${label} comment was not disabled before it.`, [removeId(entry, id, file)]);
          }
        }
        continue;
      }

      const checked = ruleIds.filter((id) => !useless.has(id) && (id === ALL || enabled.has(id)));
      const unused = checked.filter((id) => !entry.used.has(id));
      if (unused.length === 0) continue;
      if (entry.used.size === 0 && checked.length + useless.size === ruleIds.length) {
        report(entry.range, `This ${label} comment suppresses nothing.`, [removeWithItsEnables(entry)]);
      } else {
        for (const id of unused) {
          report(entry.range, `'${id}' in this ${label} comment suppresses nothing.`, [removeId(entry, id, file)]);
        }
      }
    }
    return findings.sort(
      (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
    );
  }
}

/** The lines a next/this/previous comment covers (none for ranges, which are regions). */
function coveredLines(entry: Entry): number[] {
  const { start, end } = entry.range;
  switch (entry.comment.kind) {
    case 'next':
      return [end.line + 1];
    case 'previous':
      return start.line > 0 ? [start.line - 1] : [];
    case 'this': {
      const lines: number[] = [];
      for (let line = start.line; line <= end.line; line++) lines.push(line);
      return lines;
    }
    default:
      return [];
  }
}

/** Removes every occurrence of `id` from the comment's list, with the separator before or after it. */
function removeId(entry: Entry, id: string, file: string): Fix {
  const edits: TextEdit[] = [];
  const tokens = entry.tokens;
  tokens.forEach((token, index) => {
    if (token.id !== id) return;
    const next = tokens[index + 1];
    const previous = tokens[index - 1];
    // Keep the comment well-formed: take the separator that follows, or for the last id, the one before it.
    const range: SourceRange = next
      ? { start: token.range.start, end: next.range.start }
      : previous
        ? { start: previous.range.end, end: token.range.end }
        : token.range;
    edits.push({ file, range, newText: '' });
  });
  return { title: `Remove '${id}' from this urlsession-lint comment`, safety: 'quick', edits: mergeAdjacent(edits) };
}

/** Repeated ids next to each other give touching edits; LSP clients reject overlapping ones. */
function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const last = merged[merged.length - 1];
    if (last && comparePositions(edit.range.start, last.range.end) <= 0) {
      if (comparePositions(edit.range.end, last.range.end) > 0) last.range = { start: last.range.start, end: edit.range.end };
    } else {
      merged.push({ ...edit });
    }
  }
  return merged;
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function replaceId(entry: Entry, id: string, replacement: string, file: string): Fix {
  return {
    title: `Change '${id}' to '${replacement}'`,
    safety: 'quick',
    edits: entry.tokens.filter((token) => token.id === id).map((token) => ({ file, range: token.range, newText: replacement })),
  };
}

/**
 * The edit that deletes a comment: its whole line(s) when it stands alone, the comment and the
 * blanks before it when it trails code, only the comment when code follows it.
 */
function removalEdit(lines: LineIndex, node: Node): TextEdit {
  const text = lines.text;
  const start = node.startIndex;
  const end = node.endIndex;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline === -1 ? text.length : newline;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  const edit = (from: number, to: number): TextEdit => ({
    file: '',
    range: { start: lines.positionAt(from), end: lines.positionAt(to) },
    newText: '',
  });
  if (before.trim() === '' && after.trim() === '') {
    if (newline !== -1) return edit(lineStart, newline + 1);
    // The last line of a file without a final newline: take the line break before it instead.
    return edit(lineStart > 0 ? lineStart - 1 : 0, lineEnd);
  }
  if (after.trim() === '') {
    const blanks = before.length - before.trimEnd().length;
    const trailing = after.endsWith('\r') ? after.length - 1 : after.length;
    return edit(start - blanks, end + trailing);
  }
  return edit(start, end);
}

function toPosition(point: { row: number; column: number }): Position {
  return { line: point.row, character: point.column };
}

