#!/usr/bin/env node
// The `urlsession-lint` command starts here and runs the CLI bundle (dist/cli-main.js) from V8's
// code cache. Compiling the 1 MB bundle, and the functions a run compiles on their first call,
// cost about 40 ms of a 0.2 s run on a small project, on every run (every Xcode build).
// The cache is a file in the user's cache folder, made by the first run of each build of the
// bundle. V8 checks it (its version, its flags, the source's length) and so does this file (the
// bundle's stat in the name, a checksum inside): one that does not match is ignored and
// rewritten. URLSESSION_LINT_CODE_CACHE=0 turns it off.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { defaultCacheDir } from '../engine/cacheDir';
import { parseCliArgs } from './args';
import { useBaselineWasmOnly } from './wasmTiers';

// Before the bundle is compiled: V8 takes cached code only under the flags it was made with.
useBaselineWasmOnly();

const bundle = join(__dirname, 'cli-main.js');
const header = Buffer.from('urlsession-lint code cache 1\n');
const digestBytes = 32;
/** Caches of other builds kept besides this one's (two installs used in turn should not evict each other). */
const otherBuildsKept = 3;

/** This build's cache file: named by the bundle's stat and the Node version, as the lint cache knows its build. */
function cacheFile(): string | undefined {
  if (process.env.URLSESSION_LINT_CODE_CACHE === '0') return undefined;
  try {
    const stat = statSync(bundle);
    const build = [bundle, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino, process.version, process.arch].join('\0');
    return join(defaultCacheDir(), `code-${createHash('sha256').update(build).digest('hex').slice(0, 24)}.bin`);
  } catch {
    return undefined;
  }
}

/** The cached code, or undefined when there is none or it is not intact. */
function readCache(file: string): Buffer | undefined {
  let stored: Buffer;
  try {
    stored = readFileSync(file);
  } catch {
    return undefined;
  }
  if (stored.length <= header.length + digestBytes || !stored.subarray(0, header.length).equals(header)) return undefined;
  const digest = stored.subarray(header.length, header.length + digestBytes);
  const data = stored.subarray(header.length + digestBytes);
  return createHash('sha256').update(data).digest().equals(digest) ? data : undefined;
}

function writeCache(file: string, data: Buffer): void {
  try {
    const folder = dirname(file);
    mkdirSync(folder, { recursive: true });
    const others = readdirSync(folder)
      .filter((name) => name.startsWith('code-') && name.endsWith('.bin') && name !== basename(file))
      .map((name) => ({ path: join(folder, name), mtime: statSync(join(folder, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of others.slice(otherBuildsKept)) rmSync(old.path, { force: true });
    // Written aside and renamed: a run reading it at the same moment sees the old file or the new one.
    const aside = `${file}.${process.pid}.tmp`;
    writeFileSync(aside, Buffer.concat([header, createHash('sha256').update(data).digest(), data]));
    renameSync(aside, file);
  } catch {
    // A read-only or missing home folder: the command runs as well without the cache.
  }
}

/** Runs that print help, the version or the rule list, or stop at a usage error, compile little of the bundle: not worth keeping. */
function lintsNothing(): boolean {
  try {
    const args = parseCliArgs(process.argv.slice(2));
    return args.help || args.version || args.listRules;
  } catch {
    return true;
  }
}

const file = cacheFile();
const cached = file ? readCache(file) : undefined;
const script = new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: cached });
if (file && !lintsNothing() && (!cached || script.cachedDataRejected)) {
  // Made at exit, the cache holds the functions this run compiled too, not only the top level.
  process.once('exit', () => writeCache(file, script.createCachedData()));
}
const main = new Module(bundle, module);
main.filename = bundle;
const define = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
define.call(main.exports, main.exports, createRequire(bundle), main, bundle, dirname(bundle));
(main.exports as { runFromCommandLine(): void }).runFromCommandLine();
