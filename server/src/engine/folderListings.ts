// The folders of one run, each read once: the Swift-file walk and the project discovery list the
// same tree, and share what they read here. With a cache folder the listings are also kept between
// runs, like git's untracked cache: a folder whose stat signature (mtime, ctime, inode) is
// unchanged has the same entries, since adding, removing or renaming an entry changes its mtime and
// ctime. Only the entries someone reads are kept: folders, links, Swift files, `.gitignore` and
// the project description files. A cache file that cannot be read, is not ours or was written by
// another build is ignored; a folder changed shortly before the cache was written is read again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { isProjectDescriptionName } from '../project/discover';

/** One entry of a folder: the part of `Dirent` the readers use. */
export interface ListedEntry {
  readonly name: string;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/** 'd' folder, 'f' regular file, 'l' symbolic link, 'o' anything else or unknown (the reader stats it). */
type Kind = 'd' | 'f' | 'l' | 'o';

class Entry implements ListedEntry {
  constructor(
    readonly name: string,
    private readonly kind: Kind,
  ) {}
  isDirectory(): boolean {
    return this.kind === 'd';
  }
  isFile(): boolean {
    return this.kind === 'f';
  }
  isSymbolicLink(): boolean {
    return this.kind === 'l';
  }
  /** Kind and name in one string, as stored. */
  encode(): string {
    return `${this.kind}${this.name}`;
  }
}

function kindOf(entry: Dirent): Kind {
  if (entry.isDirectory()) return 'd';
  if (entry.isFile()) return 'f';
  return entry.isSymbolicLink() ? 'l' : 'o';
}

/** The regular files anyone reads from a listing; every other regular file is dropped. */
function isKept(name: string): boolean {
  return name.endsWith('.swift') || name === '.gitignore' || isProjectDescriptionName(name);
}

const cacheFormat = 'urlsession-lint-folder-listings';
const cacheFormatVersion = 1;
/** A folder changed this long before the cache was written may have changed again unseen. */
const racyMs = 3000;

/** What the walker's `.gitignore` rules decided for a folder's entries: valid while the listing and those rules are unchanged. */
interface IgnoredNames {
  /** Which `.gitignore` files (path and stat) were in effect. */
  key: string;
  names: string[];
}

interface Stored {
  format: string;
  version: number;
  build: string;
  written: number;
  /** Absolute folder path → [stat signature, entries as kind + name, sorted, and optionally the ignored names' key and names]. */
  folders: Record<string, [string, string[]] | [string, string[], string, string[]]>;
}

/** The cache file for the listings of a run over these roots (absolute). */
export function listingsFile(cacheDir: string, roots: string[]): string {
  return join(cacheDir, `listings-${createHash('sha1').update([...roots].sort().join('\n')).digest('hex').slice(0, 24)}.json`);
}

/** Where a persistent cache of listings lives and which build may trust it. */
export interface ListingsStore {
  /** The cache file. */
  file: string;
  build: string;
}

export class FolderListings {
  private readonly listed = new Map<string, Entry[]>();
  /** Signatures of the folders read or trusted this run (persistent only). */
  private readonly signatures = new Map<string, string>();
  private readonly ignored = new Map<string, IgnoredNames>();
  private readonly stored: Stored | undefined;
  /** A folder was read this run (not trusted): the cache file is worth writing. */
  private changed = false;

  /** Without `store`, a memo for one run; with it, kept between runs. */
  constructor(private readonly store?: ListingsStore) {
    this.stored = store ? readStored(store) : undefined;
  }

  /**
   * The kept entries of an absolute folder path, sorted by name (UTF-16 order). Throws what
   * readdirSync throws for a folder that cannot be read (never cached).
   */
  list(folder: string): readonly ListedEntry[] {
    const known = this.listed.get(folder);
    if (known) return known;
    let signature: string | undefined;
    if (this.store) {
      // Stat before reading: a change made while reading gives a signature that will not match.
      signature = folderSignature(folder);
      const before = signature !== undefined ? this.stored?.folders[folder] : undefined;
      if (before && before[0] === signature) {
        const entries = before[1].map((code) => new Entry(code.slice(1), code[0] as Kind));
        this.remember(folder, entries, signature);
        if (before.length === 4) this.ignored.set(folder, { key: before[2], names: before[3] });
        return entries;
      }
    }
    const entries: Entry[] = [];
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const kind = kindOf(entry);
      if (kind !== 'f' || isKept(entry.name)) entries.push(new Entry(entry.name, kind));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.changed = true;
    this.remember(folder, entries, signature);
    return entries;
  }

  /** The names `.gitignore` rules with this key ignore in a folder listed this run, when known. */
  ignoredNames(folder: string, key: string): Set<string> | undefined {
    const known = this.ignored.get(folder);
    return known?.key === key ? new Set(known.names) : undefined;
  }

  /** Records what the rules with this key ignore in a folder listed this run. */
  setIgnoredNames(folder: string, key: string, names: string[]): void {
    if (!this.listed.has(folder)) return;
    const known = this.ignored.get(folder);
    if (known?.key === key) return;
    this.ignored.set(folder, { key, names });
    this.changed = true;
  }

  private remember(folder: string, entries: Entry[], signature: string | undefined): void {
    this.listed.set(folder, entries);
    if (signature !== undefined) this.signatures.set(folder, signature);
  }

  /**
   * Writes the listings of this run's folders when any was read anew or one listed last time
   * was not visited (nothing to write for an unchanged tree).
   */
  save(): void {
    if (!this.store) return;
    if (!this.changed && this.stored && Object.keys(this.stored.folders).length === this.signatures.size) return;
    const folders: Stored['folders'] = {};
    for (const [folder, signature] of this.signatures) {
      const entries = this.listed.get(folder)!.map((entry) => entry.encode());
      const ignored = this.ignored.get(folder);
      folders[folder] = ignored ? [signature, entries, ignored.key, ignored.names] : [signature, entries];
    }
    const stored: Stored = { format: cacheFormat, version: cacheFormatVersion, build: this.store.build, written: Date.now(), folders };
    writeAtomically(this.store.file, JSON.stringify(stored));
  }
}

/** mtime, ctime, inode and device; undefined when the folder cannot be stat'ed or changed just now. */
function folderSignature(folder: string): string | undefined {
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (!stat) return undefined;
  return `${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}`;
}

function readStored(store: ListingsStore): Stored | undefined {
  let data: unknown;
  try {
    const content = readFileSync(store.file, 'utf8');
    const newline = content.indexOf('\n');
    const payload = content.slice(newline + 1);
    // A torn or altered file fails its checksum before its contents are looked at.
    if (newline === -1 || content.slice(0, newline) !== checksum(payload)) return undefined;
    data = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isStored(data) || data.build !== store.build) return undefined;
  // Folders changed within racyMs of the write are dropped: their signature may hide a later change.
  const trusted: Stored['folders'] = {};
  for (const [folder, entry] of Object.entries(data.folders)) {
    const [mtime, ctime] = entry[0].split(':').map(Number);
    if (Math.max(mtime, ctime) < data.written - racyMs) trusted[folder] = entry;
  }
  return { ...data, folders: trusted };
}

function isStored(data: unknown): data is Stored {
  if (typeof data !== 'object' || data === null) return false;
  const stored = data as Partial<Stored>;
  if (stored.format !== cacheFormat || stored.version !== cacheFormatVersion) return false;
  if (typeof stored.build !== 'string' || typeof stored.written !== 'number') return false;
  if (typeof stored.folders !== 'object' || stored.folders === null) return false;
  for (const entry of Object.values(stored.folders)) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) return false;
    if (entry.length !== 2 && (entry.length !== 4 || typeof entry[2] !== 'string' || !Array.isArray(entry[3]) || !entry[3].every((name: unknown) => typeof name === 'string'))) return false;
    if (!entry[1].every((code: unknown) => typeof code === 'string' && code.length > 1 && 'dflo'.includes(code[0]))) return false;
  }
  return true;
}

const checksum = (payload: string) => createHash('sha256').update(payload).digest('hex');

/** Written beside, then renamed: a concurrent run reads the old file or the new, never half. */
export function writeAtomically(file: string, payload: string): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${checksum(payload)}\n${payload}`);
    renameSync(temporary, file);
  } catch {
    // A read-only or full disk costs the next run its speed, nothing else.
  }
}
