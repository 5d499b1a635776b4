// Baselines, as in SwiftLint: `--write-baseline` records today's findings, `--baseline` reports
// only the findings that are not in it. A finding is matched by its file (relative to the project
// root, so the baseline works from any checkout), its rule, the text of its line and its message,
// compared by count: entries survive lines moving up or down, a finding whose line text changed
// is new, and a key with more findings than the baseline has reports all of them (which one is
// new cannot be told). The line text is compared without leading and trailing whitespace, so that
// re-indenting does not make old findings new.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '../engine/findings';

export interface BaselineEntry {
  /** Relative to the project root, `/`-separated (absolute for a file outside it). */
  file: string;
  rule: string;
  /** 1-based, as shown to users; only used to prefer exact matches. */
  line: number;
  column: number;
  lineText: string;
  message: string;
}

export interface BaselineFile {
  tool: 'urlsession-lint';
  version: 1;
  findings: BaselineEntry[];
}

/** A baseline file that cannot be used; the message names it. */
export class BaselineError extends Error {}

/** `file` as the baseline records it. */
export function baselinePath(file: string, projectRoot: string): string {
  const rel = relative(projectRoot, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

export function toBaselineEntry(finding: Finding, projectRoot: string, lineText: (file: string, line: number) => string): BaselineEntry {
  return {
    file: baselinePath(finding.file, projectRoot),
    rule: finding.rule,
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    lineText: lineText(finding.file, finding.range.start.line).trim(),
    message: finding.message,
  };
}

/** Entries in a stable order, so that a rewritten baseline diffs well. */
export function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column || compare(a.rule, b.rule) || compare(a.message, b.message));
}

export function formatBaseline(entries: BaselineEntry[]): string {
  const file: BaselineFile = { tool: 'urlsession-lint', version: 1, findings: entries };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function readBaseline(path: string, shownPath: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BaselineError(`${shownPath}: cannot read the baseline (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${shownPath}: not a urlsession-lint baseline (invalid JSON: ${(error as Error).message})`);
  }
  return validateBaseline(data, shownPath);
}

const entryFields: [keyof BaselineEntry, 'string' | 'number'][] = [
  ['file', 'string'],
  ['rule', 'string'],
  ['line', 'number'],
  ['column', 'number'],
  ['lineText', 'string'],
  ['message', 'string'],
];

function validateBaseline(data: unknown, shownPath: string): BaselineEntry[] {
  const bad = (detail: string) => new BaselineError(`${shownPath}: not a urlsession-lint baseline (${detail})`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('expected an object with "findings"; write one with --write-baseline');
  const file = data as Partial<BaselineFile>;
  if (file.tool !== 'urlsession-lint') throw bad('"tool" is not "urlsession-lint"');
  if (file.version !== 1) throw bad(`unsupported version ${JSON.stringify(file.version)}`);
  if (!Array.isArray(file.findings)) throw bad('"findings" must be a list');
  file.findings.forEach((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null) throw bad(`findings[${index}] must be an object`);
    for (const [key, type] of entryFields) {
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value !== type || (type === 'number' && !(Number.isInteger(value) && (value as number) >= 1))) {
        throw bad(`findings[${index}].${key} must be ${type === 'number' ? 'a positive whole number' : 'a string'}`);
      }
    }
  });
  return file.findings;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function keyOf(entry: BaselineEntry): string {
  return JSON.stringify([entry.file, entry.rule, entry.lineText, entry.message]);
}

/** The findings that are new against `baseline` (`entries[i]` describes `findings[i]`). */
export function filterByBaseline<T>(findings: T[], entries: BaselineEntry[], baseline: BaselineEntry[]): T[] {
  const groups = new Map<string, { current: number[]; old: BaselineEntry[] }>();
  const group = (key: string) => {
    let found = groups.get(key);
    if (!found) groups.set(key, (found = { current: [], old: [] }));
    return found;
  };
  entries.forEach((entry, index) => group(keyOf(entry)).current.push(index));
  for (const entry of baseline) groups.get(keyOf(entry))?.old.push(entry);
  const kept = new Set<number>();
  for (const { current, old } of groups.values()) {
    // Findings still at their recorded place are old for sure; the rest are compared by count.
    const unmatchedOld = [...old];
    const moved = current.filter((index) => {
      const at = unmatchedOld.findIndex((entry) => entry.line === entries[index].line && entry.column === entries[index].column);
      if (at === -1) return true;
      unmatchedOld.splice(at, 1);
      return false;
    });
    if (moved.length > unmatchedOld.length) moved.forEach((index) => kept.add(index));
  }
  return findings.filter((_, index) => kept.has(index));
}
