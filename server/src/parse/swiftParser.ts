// Loads the Swift grammar (WASM) once and parses Swift text into trees, with `#if` directive
// lines blanked so that members inside conditional blocks parse as plain members.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Edit, type Node, type Tree } from 'web-tree-sitter';
import { IfRegions, blankDirectiveLines, findDirectiveLines } from './directives';

export type { Node, Tree };

let parserPromise: Promise<Parser> | undefined;
let loadedParser: Parser | undefined;

/** Finds a WASM file beside the bundle (dist/) or, when running from source, in the repo. */
function locateWasm(fileName: string): string {
  const candidates = [
    join(__dirname, fileName),
    join(__dirname, '..', '..', 'grammar', fileName),
    join(__dirname, '..', '..', '..', 'node_modules', 'web-tree-sitter', fileName),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`urlsession-lint: cannot find ${fileName} (looked in ${candidates.join(', ')})`);
  return found;
}

/** The grammar's WASM file (its contents are part of the lint cache's key). */
export function grammarFile(): string {
  return locateWasm('tree-sitter-swift.wasm');
}

async function createParser(): Promise<Parser> {
  await Parser.init({ locateFile: (name: string) => locateWasm(name) });
  // Bytes, not a path: web-tree-sitter reads a path with a dynamic import(), which a script run from
  // V8's code cache (cli/launcher.ts) cannot make.
  const language = await Language.load(readFileSync(locateWasm('tree-sitter-swift.wasm')));
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The one parser of this process; call once at start-up and await it before parsing. */
export function loadSwiftParser(): Promise<Parser> {
  parserPromise ??= createParser().then((parser) => (loadedParser = parser));
  return parserPromise;
}

/** The parser once `loadSwiftParser()` has resolved: lets synchronous readers (the project model) parse. */
export function loadedSwiftParser(): Parser | undefined {
  return loadedParser;
}

/** How the text changed since the last extraction, and where the parse says structure changed. */
export interface TextChange {
  /** The one edit (offsets): old text [start, oldEnd) became new text [start, newEnd). */
  edit: { start: number; oldEnd: number; newEnd: number };
  /** tree-sitter's changed ranges (new offsets): outside them every node is as before. */
  changedRanges: { start: number; end: number }[];
}

export interface ParsedSwift {
  /** The document text, unchanged. */
  readonly text: string;
  /** The text the grammar saw: `text` with directive lines blanked (same length, same offsets). */
  readonly parsedText: string;
  readonly tree: Tree;
  readonly ifRegions: IfRegions;
  /** After an incremental parse: the edit, and where the tree's structure differs from before. */
  readonly change?: TextChange;
}

function countErrors(tree: Tree): number {
  return tree.rootNode.hasError ? tree.rootNode.descendantsOfType('ERROR').length : 0;
}

/**
 * Parses Swift text. With `previous` (the last parse of the same document), the old tree is
 * edited and reused, so a small change re-parses in milliseconds; `previous.tree` is consumed.
 */
export function parseSwift(parser: Parser, text: string, previous?: ParsedSwift): ParsedSwift {
  const lines = findDirectiveLines(text);
  const blanked = blankDirectiveLines(text, lines);
  let oldTree: Tree | null = null;
  let edit: Edit | undefined;
  if (previous && previous.tree.rootNode.hasError) {
    // See below: a tree with an error is never the base of an incremental parse.
    previous.tree.delete();
  } else if (previous) {
    edit = diffAsEdit(previous.parsedText, blanked);
    if (edit) previous.tree.edit(edit);
    oldTree = previous.tree;
  }
  let tree = parser.parse(blanked, oldTree);
  if (!tree) throw new Error('urlsession-lint: the Swift parser returned no tree');
  if (oldTree && tree.rootNode.hasError) {
    // tree-sitter-swift's error recovery does not always match between an incremental and a
    // fresh parse of the same text: with an error in it, parse afresh so every reader agrees.
    const fresh = parser.parse(blanked);
    if (fresh) {
      tree.delete();
      tree = fresh;
      oldTree.delete();
      oldTree = null;
    }
  }
  let change: TextChange | undefined = oldTree
    ? {
        edit: edit ? { start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex } : { start: 0, oldEnd: 0, newEnd: 0 },
        changedRanges: oldTree.getChangedRanges(tree).map((range) => ({ start: range.startIndex, end: range.endIndex })),
      }
    : undefined;
  oldTree?.delete();
  let parsedText = blanked;
  // Blanking can unbalance braces in the rare file whose branches each open or close a scope:
  // keep whichever reading has fewer ERROR nodes. When the blanked reading has none (its errors
  // are MISSING tokens), the raw one cannot have fewer, and is not parsed: an open document would
  // pay for that second parse on every keystroke.
  const blankedErrors = lines.length > 0 && tree.rootNode.hasError ? countErrors(tree) : 0;
  if (blankedErrors > 0) {
    const raw = parser.parse(text);
    if (raw && countErrors(raw) < blankedErrors) {
      tree.delete();
      tree = raw;
      parsedText = text;
      change = undefined;
    } else {
      raw?.delete();
    }
  }
  return { text, parsedText, tree, ifRegions: new IfRegions(lines), change };
}

/** The smallest single edit that turns `before` into `after`, as tree-sitter wants it. */
function diffAsEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const start = commonPrefixLength(before, after);
  const suffix = commonSuffixLength(before, after, start);
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  // Rows and columns: counted up to the edit once, then only across the replaced and new text.
  const startPosition = pointAfter(before, 0, start, { row: 0, column: 0 });
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAfter(before, start, oldEnd, startPosition),
    newEndPosition: pointAfter(after, start, newEnd, startPosition),
  } as Edit;
}

/** Compared a block at a time first: a keystroke leaves most of a long document alike. */
const compareBlock = 4096;

function commonPrefixLength(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let length = 0;
  while (length + compareBlock <= shorter && a.slice(length, length + compareBlock) === b.slice(length, length + compareBlock)) length += compareBlock;
  while (length < shorter && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

/** The longest common suffix that leaves both texts at least `prefix` long. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const longest = Math.min(a.length, b.length) - prefix;
  let length = 0;
  while (length + compareBlock <= longest && a.slice(a.length - length - compareBlock, a.length - length) === b.slice(b.length - length - compareBlock, b.length - length)) {
    length += compareBlock;
  }
  while (length < longest && a.charCodeAt(a.length - length - 1) === b.charCodeAt(b.length - length - 1)) length++;
  return length;
}

/** The point at `to`, given the point at `from` (both offsets in `text`). */
function pointAfter(text: string, from: number, to: number, at: { row: number; column: number }): { row: number; column: number } {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: to - lineStart };
}
