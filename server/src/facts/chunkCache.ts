// Facts of unchanged declarations are reused between two extractions of the same document, so
// a keystroke re-extracts only the declaration it touched. A chunk is a top-level declaration or
// a member of a type body, keyed by its enclosing type and its exact text; its facts are stored
// with offsets relative to the chunk's start and moved to where the chunk is now.
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
  /** Keys of the chunks inside this one (type members): kept alive when this one is reused. */
  nested: string[];
  /** Where the chunk started in the text of the extraction that last saw it. */
  start: number;
}

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

  /** Reuses a previous chunk now at `start`, and with it the chunks nested inside it. */
  reuse(key: string, start: number): void {
    const entry = this.previous.get(key);
    if (!entry || this.next.has(key)) return;
    const delta = start - entry.start;
    this.next.set(key, { ...entry, start });
    this.open[this.open.length - 1]?.push(key);
    for (const nested of entry.nested) {
      const inner = this.previous.get(nested);
      if (inner) this.reuse(nested, inner.start + delta);
    }
  }

  begin(): void {
    this.open.push([]);
  }

  /** Ends a freshly extracted chunk at `start`; `facts` undefined for a duplicate not to be cached. */
  end(key: string, start: number, facts: ChunkFacts | undefined): void {
    const nested = this.open.pop() ?? [];
    if (!facts || this.next.has(key)) return;
    this.next.set(key, { facts, nested, start });
    this.open[this.open.length - 1]?.push(key);
  }

  /** Forgets everything (the tree had errors). */
  clear(): void {
    this.previous = new Map();
    this.next = new Map();
    this.open.length = 0;
  }

  /** Ends an extraction: chunks not seen this time are forgotten. */
  finish(): void {
    this.previous = this.next;
    this.next = new Map();
  }
}

/**
 * A deep copy of `facts` with every span moved by `delta`. Objects shared inside the facts (a
 * configuration referenced by a session and by the list) stay shared in the copy.
 */
export function relocate<T>(facts: T, delta: number): T {
  const copies = new Map<object, unknown>();
  const copy = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
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
    if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') {
      const span = { start: record.start + delta, end: record.end + delta };
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
