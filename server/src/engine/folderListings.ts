// The folders of one run, each read once: the Swift-file walk and the project discovery list the
// same tree, and share what they read here. With a cache folder the listings are also kept between
// runs, like git's untracked cache: a folder whose stat signature (mtime, ctime, inode) is
// unchanged has the same entries, since adding, removing or renaming an entry changes its mtime and
// ctime. Only the entries someone reads are kept: folders, links, Swift files, `.gitignore` and
// the project description files. A cache file that cannot be read, is not ours or was written by
// another build is ignored; a folder changed shortly before it was read is read again next time.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isProjectDescriptionName } from '../project/discover';

/** The entries of a folder someone reads: names sorted (UTF-16 order), with one kind each. */
export interface FolderListing {
  readonly names: readonly string[];
  /** One character per name: 'd' folder, 'f' regular file, 'l' symbolic link, 'o' anything else or unknown (the reader stats it). */
  readonly kinds: string;
}

function kindOf(entry: Dirent): string {
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
/** A folder changed less than this long before it is read is read again next time. */
const racyMs = 3000;
/** Names never hold a `/`: it joins them in the cache file. */
const nameSeparator = '/';
const kindsPattern = /^[dflo]*$/;
const noNames: ReadonlySet<string> = new Set();

/**
 * Absolute folder path → [stat signature, kinds, names joined], plus, once the walker's
 * `.gitignore` rules were applied there, [the rules' key, the ignored names joined].
 */
type StoredFolder = [string, string, string] | [string, string, string, string, string];

interface Stored {
  format: string;
  version: number;
  build: string;
  written: number;
  folders: Record<string, unknown>;
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
  private readonly listed = new Map<string, FolderListing>();
  /** Signatures of the folders read or trusted this run (persistent only). */
  private readonly signatures = new Map<string, string>();
  /** What the walker's `.gitignore` rules (by key) ignore in a folder listed this run. */
  private readonly ignored = new Map<string, { key: string; names: string }>();
  private readonly stored: Stored | undefined;
  /** A folder was read this run (not trusted): the cache file is worth writing. */
  private changed = false;
  /** How many folders were read from disk this run (the others came from the cache). */
  foldersRead = 0;

  /** Without `store`, a memo for one run; with it, kept between runs. */
  constructor(private readonly store?: ListingsStore) {
    this.stored = store ? readStored(store) : undefined;
  }

  /**
   * The kept entries of an absolute folder path. Throws what readdirSync throws for a folder that
   * cannot be read (never cached).
   */
  list(folder: string): FolderListing {
    const known = this.listed.get(folder);
    if (known) return known;
    let signature: string | undefined;
    if (this.store) {
      // Stat before reading: a change made while reading gives a signature that will not match.
      const stat = statOrUndefined(folder);
      // A folder changed just now may change again within the same clock tick, unseen: not kept.
      signature = stat && Date.now() - stat.mtimeMs >= racyMs ? `${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}:${stat.dev}` : undefined;
      const stored = this.stored?.folders[folder];
      const before = signature !== undefined && Array.isArray(stored) && stored[0] === signature ? storedListing(stored) : undefined;
      if (before) {
        this.remember(folder, before.listing, signature);
        if (before.ignored) this.ignored.set(folder, before.ignored);
        return before.listing;
      }
    }
    const entries: { name: string; kind: string }[] = [];
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const kind = kindOf(entry);
      if (kind !== 'f' || isKept(entry.name)) entries.push({ name: entry.name, kind });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const listing = { names: entries.map((entry) => entry.name), kinds: entries.map((entry) => entry.kind).join('') };
    this.changed = true;
    this.foldersRead++;
    this.remember(folder, listing, signature);
    return listing;
  }

  /** The names `.gitignore` rules with this key ignore in a folder listed this run, when known. */
  ignoredNames(folder: string, key: string): ReadonlySet<string> | undefined {
    const known = this.ignored.get(folder);
    if (known?.key !== key) return undefined;
    return known.names === '' ? noNames : new Set(known.names.split(nameSeparator));
  }

  /** Records what the rules with this key ignore in a folder listed this run. */
  setIgnoredNames(folder: string, key: string, names: string[]): void {
    if (!this.listed.has(folder)) return;
    if (this.ignored.get(folder)?.key === key) return;
    this.ignored.set(folder, { key, names: names.join(nameSeparator) });
    this.changed = true;
  }

  private remember(folder: string, listing: FolderListing, signature: string | undefined): void {
    this.listed.set(folder, listing);
    if (signature !== undefined) this.signatures.set(folder, signature);
  }

  /**
   * Writes the listings of this run's folders when any was read anew or one listed last time
   * was not visited (nothing to write for an unchanged tree).
   */
  save(): void {
    if (!this.store) return;
    if (!this.changed && this.stored && Object.keys(this.stored.folders).length === this.signatures.size) return;
    const folders: Record<string, StoredFolder> = {};
    for (const [folder, signature] of this.signatures) {
      const { names, kinds } = this.listed.get(folder)!;
      const ignored = this.ignored.get(folder);
      const joined = names.join(nameSeparator);
      folders[folder] = ignored ? [signature, kinds, joined, ignored.key, ignored.names] : [signature, kinds, joined];
    }
    const stored: Stored = { format: cacheFormat, version: cacheFormatVersion, build: this.store.build, written: Date.now(), folders };
    writeAtomically(this.store.file, JSON.stringify(stored));
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // readdirSync says why
  }
}

/** A stored folder's listing when it has the shape we write, else undefined (read again): checked when used. */
function storedListing(value: unknown[]): { listing: FolderListing; ignored?: { key: string; names: string } } | undefined {
  if ((value.length !== 3 && value.length !== 5) || !value.every((part) => typeof part === 'string')) return undefined;
  const [, kinds, joined, key, ignored] = value as StoredFolder;
  if (!kindsPattern.test(kinds)) return undefined;
  const names = kinds.length === 0 ? [] : joined.split(nameSeparator);
  if (names.length !== kinds.length || names.includes('')) return undefined;
  return { listing: { names, kinds }, ignored: key !== undefined && ignored !== undefined ? { key, names: ignored } : undefined };
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
  const stored = data as Partial<Stored> | null;
  if (typeof stored !== 'object' || stored === null || stored.format !== cacheFormat || stored.version !== cacheFormatVersion) return undefined;
  if (stored.build !== store.build || typeof stored.written !== 'number' || typeof stored.folders !== 'object' || stored.folders === null) return undefined;
  return stored as Stored;
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
