// Facts of unchanged declarations are reused between two extractions of the same document, so
// a keystroke re-extracts only the declaration it touched. A chunk is a top-level declaration or
// a member of a type body, keyed by its enclosing type and its exact text. A reused chunk's facts
// are moved to where the chunk is now in place: its spans are shifted, nothing is copied (a copy of
// every chunk after the cursor was half of a keystroke's extraction in a 5,000-line file). The
// facts the previous extraction returned are dead once the next one ran: the engine replaces them.
import type { TextChange } from '../parse/swiftParser';
import type { FileFacts } from './facts';

export type { TextChange };

/** The list-valued facts a chunk produced (every array in FileFacts), by name. */
export type ChunkFacts = Record<string, unknown[]>;

/** The names of the list-valued facts: every array in FileFacts, so a new kind of fact is cached too. */
export function factListNames(facts: FileFacts): string[] {
  return Object.keys(facts).filter((name) => Array.isArray((facts as unknown as Record<string, unknown>)[name]));
}

interface Entry {
  facts: ChunkFacts;
  /** Every span in `facts`, once each (nested chunks' included): what a move shifts. */
  spans: Span[];
  /** Keys of the chunks inside this one (type members): kept alive when this one is reused. */
  nested: string[];
  /** Where the chunk starts for the offsets its spans hold now. */
  start: number;
}

type Span = { start: number; end: number };

/** A chunk this extraction reused whole: where it is now, and how far it moved. */
interface ReusedRange {
  start: number;
  end: number;
  delta: number;
}

/** Facts computed from the whole tree after the chunks (delegate facts): lists, or records of lists. */
export type DerivedFacts = Record<string, unknown[] | Record<string, unknown[]>>;

type Positioned = { start?: number; span?: { start: number }; functionId?: number };

/** Where `start` (new text) was in the old text, or undefined for a chunk the edit touched. */
function oldOffset(change: TextChange, start: number, end: number): number | undefined {
  const { edit, changedRanges } = change;
  if (changedRanges.some((range) => range.start < end && range.end > start)) return undefined;
  if (end <= edit.start) return start;
  if (start >= edit.newEnd) return start - (edit.newEnd - edit.oldEnd);
  return undefined;
}

export class ChunkCache {
  /** Chunks seen by the last extraction; what this extraction reuses. */
  private previous = new Map<string, Entry>();
  /** Chunks of the extraction under way. */
  private next = new Map<string, Entry>();
  /** The chunks being extracted, outermost first, collecting the keys of their members. */
  private readonly open: string[][] = [];
  /** Chunks reused whole by the extraction under way, in text order (nested ones not repeated). */
  private reused: ReusedRange[] = [];
  /** What `derive` computed last time, with the ids of the functions it saw. */
  private derived: { facts: DerivedFacts; functionIds: Set<number> } | undefined;
  /** Spans this extraction moved in place: a derived item sharing one is not moved again. */
  private moved = new Set<object>();

  /**
   * The cached facts of the chunk now at [start, end): only when the last extraction saw this
   * very chunk (same key, at the place the edit moved it from) and its structure did not change.
   */
  get(key: string, start: number, end: number, change: TextChange | undefined): ChunkFacts | undefined {
    const entry = this.previous.get(key);
    if (!entry || !change || this.next.has(key)) return undefined;
    return oldOffset(change, start, end) === entry.start ? entry.facts : undefined;
  }

  /** This extraction has already used `key` (a second chunk with the same text). */
  has(key: string): boolean {
    return this.next.has(key);
  }

  /**
   * Reuses a previous chunk now at [start, end), and with it the chunks nested inside it: its
   * facts (those `get` returned) are moved there.
   */
  reuse(key: string, start: number, end: number): void {
    const entry = this.previous.get(key);
    if (!entry || this.next.has(key)) return;
    const delta = start - entry.start;
    this.reused.push({ start, end, delta });
    if (delta !== 0) {
      for (const span of entry.spans) {
        span.start += delta;
        span.end += delta;
        this.moved.add(span);
      }
    }
    this.open[this.open.length - 1]?.push(key);
    this.carry(key, entry, delta);
  }

  /** Keeps a reused chunk (whose spans already moved by `delta`) and the chunks nested in it. */
  private carry(key: string, entry: Entry, delta: number): void {
    entry.start += delta;
    this.next.set(key, entry);
    for (const nested of entry.nested) {
      const inner = this.previous.get(nested);
      if (inner && !this.next.has(nested)) this.carry(nested, inner, delta);
    }
  }

  begin(): void {
    this.open.push([]);
  }

  /** Ends a freshly extracted chunk at `start`; `facts` undefined for a duplicate not to be cached. */
  end(key: string, start: number, facts: ChunkFacts | undefined): void {
    const nested = this.open.pop() ?? [];
    if (!facts || this.next.has(key)) return;
    this.next.set(key, { facts, spans: spansIn(facts), nested, start });
    this.open[this.open.length - 1]?.push(key);
  }

  /** Forgets everything (the tree had errors). */
  clear(): void {
    this.previous = new Map();
    this.next = new Map();
    this.open.length = 0;
    this.reused = [];
    this.moved = new Set();
    this.derived = undefined;
  }

  /** Ends an extraction: chunks not seen this time are forgotten. */
  finish(): void {
    this.previous = this.next;
    this.next = new Map();
    this.reused = [];
    this.moved = new Set();
  }

  /**
   * Facts computed from the whole file after its chunks (`compute`), redone only for what lies
   * outside the chunks this extraction reused: each item of a reused chunk (found by its function
   * id, else by its span) is taken from the last result and moved. `compute` must derive every
   * item from facts of the chunk the item lies in. Call before `finish`.
   */
  derive<D extends object>(facts: FileFacts, compute: (view: FileFacts) => D): D {
    const functionIds = new Set(facts.functions.map((fn) => fn.id));
    const previous = this.derived;
    const ranges = this.reused;
    const rangeAt = (offset: number) => {
      // Binary search: the ranges are in text order and do not overlap.
      let low = 0;
      let high = ranges.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const range = ranges[middle];
        if (offset < range.start) high = middle - 1;
        else if (offset >= range.end) low = middle + 1;
        else return middle;
      }
      return -1 - low;
    };
    // A reused function the last result did not see (it came from elsewhere): start over.
    const unseen = (fn: FileFacts['functions'][number]) => !previous?.functionIds.has(fn.id) && rangeAt(fn.span.start) >= 0;
    if (!previous || ranges.length === 0 || facts.functions.some(unseen)) {
      const all = compute(facts);
      this.derived = { facts: all as unknown as DerivedFacts, functionIds };
      return all;
    }
    const functionStart = new Map(facts.functions.map((fn) => [fn.id, fn.span.start]));
    // The rest of the file: facts outside every reused chunk.
    const view = { ...facts } as unknown as Record<string, unknown>;
    for (const name of factListNames(facts)) {
      view[name] = ((facts as unknown as Record<string, unknown[]>)[name]).filter((item) => {
        const at = positionOf(item as Positioned);
        return at === undefined || rangeAt(at) < 0;
      });
    }
    view.functions = facts.functions.filter((fn) => !previous.functionIds.has(fn.id));
    const fresh = compute(view as unknown as FileFacts) as unknown as DerivedFacts;
    // Which reused chunk an old item was in, and where that chunk is now (undefined: not reused).
    const oldRanges = ranges.map((range) => ({ start: range.start - range.delta, end: range.end - range.delta, delta: range.delta }));
    const oldRangeAt = (offset: number) => {
      let low = 0;
      let high = oldRanges.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const range = oldRanges[middle];
        if (offset < range.start) high = middle - 1;
        else if (offset >= range.end) low = middle + 1;
        else return middle;
      }
      return -1;
    };
    /**
     * A full computation lists items chunk by chunk in text order, those tied to a function
     * before the others (handleEvents: the methods, then the SwiftUI modifiers): rank each item
     * by that, and keep the order within a rank.
     */
    const mergeList = (freshItems: unknown[], oldItems: unknown[]): unknown[] => {
      const ranked: { rank: number; item: unknown }[] = [];
      const rankOf = (item: Positioned, at: number) => {
        const index = rangeAt(at);
        const region = index >= 0 ? 2 * index + 1 : 2 * (-1 - index);
        return (item.functionId === undefined ? 1 : 0) * (2 * ranges.length + 2) + region;
      };
      for (const item of freshItems) {
        const at = positionOf(item as Positioned, functionStart);
        if (at === undefined) {
          ranked.push({ rank: -1, item });
          continue;
        }
        // An item inside a reused chunk (computed from the root, like imports) comes from the last result.
        if (rangeAt(at) >= 0) continue;
        ranked.push({ rank: rankOf(item as Positioned, at), item });
      }
      for (const item of oldItems) {
        const old = item as Positioned;
        let moved: unknown;
        if (old.functionId !== undefined) {
          if (!functionIds.has(old.functionId)) continue;
          const index = rangeAt(functionStart.get(old.functionId)!);
          if (index < 0) continue;
          moved = relocate(item, ranges[index].delta, this.moved);
        } else {
          const at = positionOf(old);
          const index = at === undefined ? -1 : oldRangeAt(at);
          if (index < 0) continue;
          moved = relocate(item, oldRanges[index].delta, this.moved);
        }
        ranked.push({ rank: rankOf(moved as Positioned, positionOf(moved as Positioned, functionStart)!), item: moved });
      }
      // Array.prototype.sort is stable.
      return ranked.sort((a, b) => a.rank - b.rank).map((entry) => entry.item);
    };
    const merged: DerivedFacts = {};
    for (const [name, value] of Object.entries(fresh)) {
      const old = previous.facts[name];
      if (Array.isArray(value)) {
        merged[name] = mergeList(value, Array.isArray(old) ? old : []);
      } else {
        const record: Record<string, unknown[]> = {};
        for (const [inner, list] of Object.entries(value)) {
          const oldList = old && !Array.isArray(old) ? old[inner] : undefined;
          record[inner] = mergeList(list, oldList ?? []);
        }
        merged[name] = record;
      }
    }
    this.derived = { facts: merged, functionIds };
    return merged as unknown as D;
  }
}

/** Where an item is: its own start (a span), its span's, or its function's. */
function positionOf(item: Positioned, functionStart?: Map<number, number>): number | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  if (typeof item.start === 'number') return item.start;
  if (item.span && typeof item.span.start === 'number') return item.span.start;
  if (item.functionId !== undefined) return functionStart?.get(item.functionId);
  return undefined;
}

/** Every span (an object of exactly `start` and `end`) in `facts`, once each. */
function spansIn(facts: unknown): Span[] {
  const spans: Span[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (isSpan(record, keys)) {
      spans.push(record as Span);
      return;
    }
    for (const key of keys) visit(record[key]);
  };
  visit(facts);
  return spans;
}

function isSpan(record: Record<string, unknown>, keys: string[]): boolean {
  return keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number';
}

/**
 * A deep copy of a derived item with every span moved by `delta`, except the spans in `moved`
 * (shared with a chunk's facts, already moved in place), which the copy shares. Objects shared
 * inside the item stay shared in the copy.
 */
export function relocate<T>(facts: T, delta: number, moved: ReadonlySet<object>): T {
  if (facts === null || typeof facts !== 'object' || delta === 0) return facts;
  const copies = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (moved.has(value)) return value;
    const known = copies.get(value);
    if (known) return known;
    if (Array.isArray(value)) {
      const array: unknown[] = [];
      copies.set(value, array);
      for (const item of value) array.push(copy(item));
      return array;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (isSpan(record, keys)) {
      const span = { start: (record.start as number) + delta, end: (record.end as number) + delta };
      copies.set(value, span);
      return span;
    }
    const object: Record<string, unknown> = {};
    copies.set(value, object);
    for (const key of keys) object[key] = copy(record[key]);
    return object;
  };
  return copy(facts) as T;
}
