// Loads the Swift grammar (WASM) once and parses Swift text into trees, with `#if` directive
// lines blanked so that members inside conditional blocks parse as plain members.
import { existsSync } from 'node:fs';
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
  const language = await Language.load(locateWasm('tree-sitter-swift.wasm'));
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
  // keep whichever reading has fewer errors.
  if (lines.length > 0 && tree.rootNode.hasError) {
    const raw = parser.parse(text);
    if (raw && countErrors(raw) < countErrors(tree)) {
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
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let oldEnd = before.length;
  let newEnd = after.length;
  while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  } as Edit;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}
