// Facts of unchanged declarations are reused between two extractions of the same document, so
// a keystroke re-extracts only the declaration it touched. A chunk is a top-level declaration or
// a member of a type body, keyed by its enclosing type and its exact text; its facts are stored
// with offsets relative to the chunk's start and moved to where the chunk is now.
import type { FileFacts } from './facts';

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
}

export class ChunkCache {
  /** Chunks seen by the last extraction; what this extraction reuses. */
  private previous = new Map<string, Entry>();
  /** Chunks of the extraction under way. */
  private next = new Map<string, Entry>();
  /** The chunks being extracted, outermost first, collecting the keys of their members. */
  private readonly open: string[][] = [];

  get(key: string): ChunkFacts | undefined {
    return this.previous.get(key)?.facts;
  }

  /** This extraction has already used `key` (a second chunk with the same text). */
  has(key: string): boolean {
    return this.next.has(key);
  }

  /** Reuses a previous chunk, and with it the chunks nested inside it. */
  reuse(key: string): void {
    const entry = this.previous.get(key);
    if (!entry || this.next.has(key)) return;
    this.next.set(key, entry);
    this.open[this.open.length - 1]?.push(key);
    for (const nested of entry.nested) this.reuse(nested);
  }

  begin(): void {
    this.open.push([]);
  }

  /** Ends a freshly extracted chunk; `facts` undefined when it is a duplicate not to be cached. */
  end(key: string, facts: ChunkFacts | undefined): void {
    const nested = this.open.pop() ?? [];
    if (!facts || this.next.has(key)) return;
    this.next.set(key, { facts, nested });
    this.open[this.open.length - 1]?.push(key);
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
