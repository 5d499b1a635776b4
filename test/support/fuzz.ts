// Shared by the robustness tests: a seeded PRNG (never Math.random, so every failure replays),
// mutations that turn good Swift into half-typed or hostile text, and the checks every engine
// answer must pass whatever the input (ranges inside the text, fixes that apply and parse).
import type { Node, Parser } from 'web-tree-sitter';
import type { Finding, Position, SourceRange, TextEdit } from '../../server/src/engine/findings';
import { applyEdits, lineStarts, offsetAt, type RangeEdit } from '../../server/src/fixes/applyEdits';
import { parseSwift } from '../../server/src/parse/swiftParser';

/** mulberry32: tiny, fast and good enough to pick positions and tokens. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** FNV-1a: a stable seed from a name (a file path), mixed with the run's seed. */
export function seedOf(name: string, base = 0): number {
  let hash = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The run's seed: fixed, so CI is deterministic; FUZZ_SEED=<n> explores other mutants locally. */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20240611);

export interface Mutant {
  /** What was done, precise enough to rebuild the text by hand (offsets are UTF-16). */
  label: string;
  text: string;
}

/** Tokens that unbalance, open strings or interpolations, or are not plain ASCII. */
export const hostileTokens = [
  '{',
  '}',
  '(',
  ')',
  '"',
  '\\(',
  '"""',
  '#if DEBUG\n',
  '\n#endif\n',
  '#else\n',
  '/*',
  '//',
  '@',
  '😀',
  '👨‍👩‍👧',
  '𝒳',
  '\u{10FFFF}',
  '\uD800',
  '\uDC00',
  '\0',
  '\r',
  '\u2028',
  'é',
];

/**
 * Lines that make rules fire (and suppression comments that silence them), dropped at the start
 * of random lines: findings, fixes and suppressions in places no fixture puts them.
 */
export const triggerLines = [
  'exit(0)',
  'configuration.isDiscretionary = true',
  'let extra = URLSession(configuration: .background(withIdentifier: ""), delegate: nil, delegateQueue: nil)',
  'session.uploadTask(with: request, from: data).resume()',
  'session.dataTask(with: url).resume()',
  'print("background event")',
  'completionHandler()',
  'session.invalidateAndCancel()',
  'configuration.timeoutIntervalForResource = 5',
  '// urlsession-lint:disable:next debug-exit-unguarded',
  '// urlsession-lint:disable all',
  '// urlsession-lint:enable all',
  'exit(0) // urlsession-lint:disable:this debug-exit-unguarded',
  '// urlsession-lint:disable:next no-such-rule, debug-exit-unguarded',
];

/** Offsets that do not split a surrogate pair (splitting one is its own mutation). */
function safeOffset(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

function lineSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    spans.push({ start, end: i + 1 });
    start = i + 1;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

/**
 * A bounded list of mutants of `text`: prefixes cut at `cuts` positions (half-typed code), lines
 * deleted and duplicated, rule-triggering lines and hostile tokens inserted, and whole-file
 * changes (CRLF, lone CR, BOM, NULs).
 */
export function mutantsOf(text: string, random: Random, cuts = 20): Mutant[] {
  const mutants: Mutant[] = [];
  for (let i = 1; i <= cuts; i++) {
    const jitter = random.int(Math.max(1, Math.floor(text.length / (cuts * 2))));
    const at = safeOffset(text, Math.min(text.length - 1, Math.floor((text.length * i) / (cuts + 1)) + jitter));
    mutants.push({ label: `prefix cut at offset ${at}`, text: text.slice(0, at) });
  }
  const lines = lineSpans(text);
  if (lines.length > 1) {
    for (let i = 0; i < 3; i++) {
      const line = random.int(lines.length);
      const { start, end } = lines[line];
      mutants.push({ label: `line ${line + 1} deleted`, text: text.slice(0, start) + text.slice(end) });
    }
    for (let i = 0; i < 3; i++) {
      const line = random.int(lines.length);
      const { start, end } = lines[line];
      mutants.push({ label: `line ${line + 1} duplicated`, text: text.slice(0, end) + text.slice(start, end) + text.slice(end) });
    }
    const first = random.int(lines.length);
    const last = Math.min(lines.length - 1, first + 1 + random.int(6));
    mutants.push({ label: `lines ${first + 1}-${last + 1} deleted`, text: text.slice(0, lines[first].start) + text.slice(lines[last].end) });
  }
  if (lines.length > 0) {
    const insertLine = (text: string, line: number, code: string) => {
      const { start } = lineSpans(text)[line];
      const indentation = /^[ \t]*/.exec(text.slice(start))![0];
      return text.slice(0, start) + indentation + code + '\n' + text.slice(start);
    };
    for (let i = 0; i < 8; i++) {
      const line = random.int(lines.length);
      const code = random.pick(triggerLines);
      mutants.push({ label: `${JSON.stringify(code)} inserted before line ${line + 1}`, text: insertLine(text, line, code) });
    }
    let mutated = text;
    const inserted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const line = random.int(lineSpans(mutated).length);
      const code = random.pick(triggerLines);
      inserted.push(`${JSON.stringify(code)}@${line + 1}`);
      mutated = insertLine(mutated, line, code);
    }
    mutants.push({ label: `lines inserted in turn: ${inserted.join(', ')}`, text: mutated });
  }
  for (const token of hostileTokens) {
    const at = safeOffset(text, random.int(text.length + 1));
    mutants.push({ label: `${JSON.stringify(token)} inserted at offset ${at}`, text: text.slice(0, at) + token + text.slice(at) });
  }
  {
    let mutated = text;
    const inserted: string[] = [];
    for (let i = 0; i < 4; i++) {
      const token = random.pick(hostileTokens);
      const at = safeOffset(mutated, random.int(mutated.length + 1));
      inserted.push(`${JSON.stringify(token)}@${at}`);
      mutated = mutated.slice(0, at) + token + mutated.slice(at);
    }
    mutants.push({ label: `tokens inserted in turn: ${inserted.join(', ')}`, text: mutated });
  }
  // A surrogate pair cut in half, when the file has one.
  const pair = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.exec(text);
  if (pair) mutants.push({ label: `surrogate pair at offset ${pair.index} cut in half`, text: text.slice(0, pair.index + 1) + text.slice(pair.index + 2) });
  const crlf = text.replace(/\r?\n/g, '\r\n');
  mutants.push({ label: 'CRLF line endings', text: crlf });
  mutants.push({ label: 'lone CR line endings', text: text.replace(/\r?\n/g, '\r') });
  mutants.push({ label: 'UTF-8 BOM', text: `\uFEFF${text}` });
  mutants.push({ label: 'UTF-8 BOM and CRLF line endings', text: `\uFEFF${crlf}` });
  {
    let mutated = text;
    const at: number[] = [];
    for (let i = 0; i < 3; i++) {
      const offset = safeOffset(mutated, random.int(mutated.length + 1));
      at.push(offset);
      mutated = mutated.slice(0, offset) + '\0' + mutated.slice(offset);
    }
    mutants.push({ label: `NUL bytes inserted in turn at offsets ${at.join(', ')}`, text: mutated });
  }
  return mutants;
}

/** ERROR and MISSING nodes in the engine's reading of `text` (directive lines blanked), as offsets. */
export function syntaxProblemNodes(parser: Parser, text: string): { start: number; end: number; missing: boolean }[] {
  const parsed = parseSwift(parser, text);
  try {
    if (!parsed.tree.rootNode.hasError) return [];
    const found: { start: number; end: number; missing: boolean }[] = [];
    const cursor = parsed.tree.walk();
    try {
      let descend = true;
      for (;;) {
        if (descend) {
          const node = cursor.currentNode;
          if (node.isError || node.isMissing) found.push({ start: node.startIndex, end: node.endIndex, missing: node.isMissing });
        }
        if (descend && cursor.gotoFirstChild()) continue;
        if (cursor.gotoNextSibling()) {
          descend = true;
          continue;
        }
        if (!cursor.gotoParent()) break;
        descend = false;
      }
    } finally {
      cursor.delete();
    }
    return found;
  } finally {
    parsed.tree.delete();
  }
}

export function syntaxProblems(parser: Parser, text: string): number {
  return syntaxProblemNodes(parser, text).length;
}

/** Where the new texts of `edits` sit in the edited text (offsets). */
export function insertedSpans(text: string, edits: readonly RangeEdit[]): { start: number; end: number; edit: RangeEdit }[] {
  const resolved = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), edit }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  return resolved.map(({ start, end, edit }) => {
    const at = start + delta;
    delta += edit.newText.length - (end - start);
    return { start: at, end: at + edit.newText.length, edit };
  });
}

/** Nodes whose children are statements or declarations. */
const statementContainers = new Set(['source_file', 'statements', 'class_body', 'protocol_body', 'enum_class_body']);

/** The statement or declaration around `offset`, in a tree of the text. */
function statementAt(root: Node, offset: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(Math.max(0, offset), Math.max(0, offset));
  while (node?.parent && !statementContainers.has(node.parent.type)) node = node.parent;
  return node && node !== root ? node : undefined;
}

/**
 * Why applying `edits` to `text` breaks the syntax, or undefined. Text that parses must still
 * parse. In half-typed text tree-sitter recovers from the same mistake differently once anything
 * near it changes, so there an edit is blamed only for ERROR or MISSING nodes that start inside
 * the text it inserted, and only when the statement it lands in (or next to) was not broken already.
 */
export function syntaxDamage(parser: Parser, text: string, edits: readonly RangeEdit[]): string | undefined {
  const changed = applyEdits(text, edits);
  const after = syntaxProblemNodes(parser, changed);
  if (after.length === 0) return undefined;
  const parsed = parseSwift(parser, text);
  try {
    const root = parsed.tree.rootNode;
    if (!root.hasError) return `the text parsed cleanly; now ${after.length} ERROR/MISSING node(s), first at ${excerpt(changed, after[0].start)}`;
    const before = syntaxProblemNodes(parser, text);
    if (after.length <= before.length) return undefined;
    const spans = insertedSpans(text, edits);
    const inBrokenStatement = (edit: RangeEdit) => {
      const start = offsetAt(text, edit.range.start);
      const end = offsetAt(text, edit.range.end);
      return [start - 1, start, end].some((offset) => {
        const statement = statementAt(root, offset);
        return statement !== undefined && (statement.hasError || statement.isError || statement.isMissing);
      });
    };
    const judged = spans.filter((span) => !inBrokenStatement(span.edit));
    const inside = after.filter((node) => judged.some((span) => span.start <= node.start && node.start < span.end));
    if (inside.length === 0) return undefined;
    return `${before.length} -> ${after.length} ERROR/MISSING nodes, ${inside.length} in the inserted text, first at ${excerpt(changed, inside[0].start)}`;
  } finally {
    parsed.tree.delete();
  }
}

/**
 * Why `position` is not a position in `text` as an LSP client counts lines (`\n`, `\r\n` and a
 * lone `\r` end a line; columns in UTF-16 units up to the end of the line's content), or undefined.
 */
export function positionProblem(text: string, position: Position, starts = lineStarts(text)): string | undefined {
  const { line, character } = position;
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) return `bad position ${line}:${character}`;
  if (line >= starts.length) return `line ${line} past the last line (${starts.length - 1})`;
  let end = line + 1 < starts.length ? starts[line + 1] : text.length;
  if (end > starts[line] && text.charCodeAt(end - 1) === 10) end--;
  if (end > starts[line] && text.charCodeAt(end - 1) === 13) end--;
  const length = end - starts[line];
  if (character > length) return `character ${character} past the end of line ${line} (length ${length})`;
  return undefined;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function rangeProblem(text: string, range: SourceRange, starts = lineStarts(text)): string | undefined {
  const problem = positionProblem(text, range.start, starts) ?? positionProblem(text, range.end, starts);
  if (problem) return problem;
  if (before(range.end, range.start)) return `range ends before it starts`;
  return undefined;
}

export function describeRange(range: SourceRange): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** The problems of one finding's ranges (its own, related ones and its fixes' edits) in `file`. */
export function findingRangeProblems(finding: Finding, file: string, text: string): string[] {
  const starts = lineStarts(text);
  const problems: string[] = [];
  const check = (what: string, range: SourceRange) => {
    const problem = rangeProblem(text, range, starts);
    if (problem) problems.push(`${finding.rule}: ${what} ${describeRange(range)}: ${problem}`);
  };
  if (finding.file === file) check('range', finding.range);
  for (const related of finding.related) if (related.file === file) check('related range', related.range);
  for (const fix of finding.fixes) for (const edit of fix.edits) if (edit.file === file) check(`edit of fix "${fix.title}"`, edit.range);
  return problems;
}

/**
 * The first fix of every finding of `rule` in `file`, skipping edits that overlap an earlier one
 * (what the rule fixture tests and fix-all do), applied to `text`.
 */
export function applyFirstFixes(text: string, file: string, findings: Finding[], rule: string): string {
  const edits = findings
    .filter((finding) => finding.rule === rule && finding.fixes.length > 0)
    .flatMap((finding) => finding.fixes[0].edits.filter((edit) => edit.file === file));
  const chosen: TextEdit[] = [];
  const key = (p: Position) => p.line * 1e6 + p.character;
  for (const edit of edits.sort((a, b) => key(a.range.start) - key(b.range.start))) {
    const last = chosen[chosen.length - 1];
    if (last && key(edit.range.start) < key(last.range.end)) continue;
    chosen.push(edit);
  }
  return applyEdits(text, chosen);
}

/** The same findings, as comparable lines (rule, range, message). */
export function findingKeys(findings: Finding[]): string[] {
  return findings.map((finding) => `${finding.file}:${describeRange(finding.range)} ${finding.rule}: ${finding.message}`);
}

/**
 * Collects the engine's "rule … failed" lines (it catches a rule's exception and logs it with
 * console.error) while `body` runs; other console.error output passes through.
 */
export function captureRuleFailures<T>(body: () => T): { result: T; failures: string[] } {
  const failures: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    const line = args.map(String).join(' ');
    if (/urlsession-lint: rule \S+ failed/.test(line)) failures.push(line);
    else original(...args);
  };
  try {
    return { result: body(), failures };
  } finally {
    console.error = original;
  }
}

/** A short, printable picture of where `offset` is in `text`. */
export function excerpt(text: string, offset: number, radius = 30): string {
  return JSON.stringify(text.slice(Math.max(0, offset - radius), offset + radius));
}
