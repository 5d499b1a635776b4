// `.urlsession-lint.yml`: which rules run, at what severity, on which files. Modelled on
// `.swiftlint.yml` (disabled_rules, excluded, included), which Swift users already know.
//
// Globs in `excluded` / `included` are relative to the folder of the config file, use `/` as the
// separator and picomatch syntax (`**` crosses folders, dotfiles match). As in `.swiftlint.yml`,
// a pattern without `**/` is anchored at that folder: `Pods` means `<config folder>/Pods`, and
// `**/Pods` means any folder named Pods. A pattern that matches a folder covers everything in it.
// Rule options are top-level snake_case keys (e.g. `short_resource_timeout_seconds: 600`).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { closestMatch } from './didYouMean';

export type RuleLevel = 'error' | 'warning' | 'info' | 'off';

export const ruleLevels: readonly RuleLevel[] = ['error', 'warning', 'info', 'off'];

export interface LintConfig {
  /** Absolute path; undefined when no file was found. */
  configFile?: string;
  /** Globs are relative to this: the config file's folder, or the lint root. */
  baseDir: string;
  disabledRules: string[];
  /** Rule id → level; `disabled_rules` are folded in as 'off'. */
  severity: Record<string, RuleLevel>;
  excluded: string[];
  /** Empty means every file. */
  included: string[];
  ruleOptions: { short_resource_timeout_seconds?: number; [k: string]: unknown };
  /** `baseline:` and `write_baseline:` (CLI only), absolute, resolved from the config folder. */
  baseline?: string;
  writeBaseline?: string;
}

/** A config file that cannot be used; `message` reads `<file>:<line>: <detail>`. */
export class ConfigError extends Error {
  /** The message without the file and line, for adapters that show the location themselves. */
  readonly detail: string;

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string | undefined,
    message: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.name = 'ConfigError';
    this.detail = message;
  }
}

/** File names searched for, in order of preference. */
export const configFileNames: readonly string[] = ['.urlsession-lint.yml', '.urlsession-lint.yaml'];

/** Folders that are never linted (dependencies, build output, VCS data), wherever they occur. */
export const defaultSkippedFolders: readonly string[] = ['.build', 'Pods', 'Carthage', 'DerivedData', 'node_modules', '.git'];

/** The nearest config file at or above `startPath` (a file or a folder), up to the filesystem root. */
export function findConfigFile(startPath: string): string | undefined {
  const start = resolve(startPath);
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(start, { throwIfNoEntry: false });
  } catch {
    stats = undefined; // a symlink loop or an unreadable path: look from its folder
  }
  // A path that does not exist (yet) is taken to be a file, e.g. an unsaved editor document.
  let dir = stats?.isDirectory() ? start : dirname(start);
  for (;;) {
    for (const name of configFileNames) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const ruleOptionKeys = ['short_resource_timeout_seconds'] as const;
const topLevelKeys = ['disabled_rules', 'severity', 'excluded', 'included', ...ruleOptionKeys, 'baseline', 'write_baseline'];

/** Always accepted as a rule id: reported by the engine itself, not by a rule module. */
const builtInRuleIds = ['invalid-suppression'];

/**
 * Reads and validates a config file. Without a file, the defaults apply with globs relative to
 * `defaultBaseDir`. Throws ConfigError for unreadable files, invalid YAML, unknown keys or rule
 * ids and values of the wrong type.
 */
export function loadConfig(
  file: string | undefined,
  options: { knownRuleIds: string[]; defaultBaseDir: string },
): LintConfig {
  if (file === undefined) {
    return emptyConfig(resolve(options.defaultBaseDir));
  }
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, undefined, undefined, `cannot read the config file (${(error as Error).message})`);
  }
  const config = emptyConfig(dirname(path));
  config.configFile = path;
  new ConfigReader(path, text, [...options.knownRuleIds, ...builtInRuleIds]).readInto(config);
  return config;
}

function emptyConfig(baseDir: string): LintConfig {
  return { baseDir, disabledRules: [], severity: {}, excluded: [], included: [], ruleOptions: {} };
}

class ConfigReader {
  private readonly lineCounter = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    private readonly file: string,
    text: string,
    private readonly knownRuleIds: string[],
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: false });
  }

  readInto(config: LintConfig): void {
    const syntaxError = this.doc.errors[0];
    if (syntaxError) {
      const line = this.lineCounter.linePos(syntaxError.pos[0]).line;
      throw new ConfigError(this.file, line, undefined, `invalid YAML: ${syntaxError.message}`);
    }
    const root = this.resolveAlias(this.doc.contents);
    if (root === null || (isScalar(root) && root.value === null)) return; // empty file or only comments
    if (!isMap(root)) throw this.error(root, undefined, 'the config must be a map of keys (e.g. `disabled_rules:`)');

    const seen = new Set<string>();
    for (const pair of root.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) throw this.error(keyNode, undefined, 'keys must be plain names');
      // Checked here rather than by the YAML parser, so that the message can name the key.
      if (seen.has(key)) throw this.error(keyNode, key, `duplicate key '${key}'`);
      seen.add(key);
      const value = this.resolveAlias(pair.value as YamlNode | null);
      switch (key) {
        case 'disabled_rules':
          config.disabledRules = this.ruleIdList(value, keyNode, key);
          break;
        case 'severity':
          config.severity = this.severityMap(value, keyNode);
          break;
        case 'excluded':
          config.excluded = this.globList(value, keyNode, key);
          break;
        case 'included':
          config.included = this.globList(value, keyNode, key);
          break;
        case 'short_resource_timeout_seconds': {
          const seconds = this.positiveNumber(value, keyNode, key);
          if (seconds !== undefined) config.ruleOptions.short_resource_timeout_seconds = seconds;
          break;
        }
        case 'baseline':
          config.baseline = this.filePath(value, keyNode, key);
          break;
        case 'write_baseline':
          config.writeBaseline = this.filePath(value, keyNode, key);
          break;
        default:
          throw this.error(keyNode, key, this.unknownKeyMessage(key));
      }
    }
    // disabled_rules win over severity, whichever comes first in the file.
    for (const id of config.disabledRules) config.severity[id] = 'off';
  }

  private unknownKeyMessage(key: string): string {
    if (key === 'rule_options') {
      return `unknown key 'rule_options' (rule options are top-level keys, e.g. 'short_resource_timeout_seconds')`;
    }
    const suggestion = closestMatch(key, topLevelKeys);
    return suggestion
      ? `unknown key '${key}' (did you mean '${suggestion}'?)`
      : `unknown key '${key}' (allowed: ${topLevelKeys.join(', ')})`;
  }

  private ruleIdList(value: YamlNode | null, keyNode: YamlNode | null, key: string): string[] {
    const ids: string[] = [];
    for (const item of this.list(value, keyNode, key, 'rule ids')) {
      const id = this.ruleId(item, key);
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  private severityMap(value: YamlNode | null, keyNode: YamlNode | null): Record<string, RuleLevel> {
    const severity: Record<string, RuleLevel> = {};
    if (isNull(value)) return severity;
    if (!isMap(value)) {
      throw this.error(value ?? keyNode, 'severity', "'severity' must be a map of rule id to error, warning, info or off");
    }
    for (const pair of value.items) {
      const keyItem = pair.key as YamlNode | null;
      const id = this.ruleId(keyItem, 'severity');
      if (Object.hasOwn(severity, id)) throw this.error(keyItem, `severity.${id}`, `duplicate rule '${id}' in 'severity'`);
      const level = this.resolveAlias(pair.value as YamlNode | null);
      const text = isScalar(level) ? level.value : undefined;
      if (typeof text !== 'string' || !(ruleLevels as readonly string[]).includes(text)) {
        const got = isScalar(level) ? ` (got '${String(level.value)}')` : '';
        throw this.error(level ?? keyItem, `severity.${id}`, `severity of '${id}' must be one of ${ruleLevels.join(', ')}${got}`);
      }
      severity[id] = text as RuleLevel;
    }
    return severity;
  }

  private globList(value: YamlNode | null, keyNode: YamlNode | null, key: string): string[] {
    return this.list(value, keyNode, key, 'globs').map((item) => {
      const glob = isScalar(item) && typeof item.value === 'string' ? item.value.trim() : undefined;
      if (!glob) throw this.error(item ?? keyNode, key, `each entry of '${key}' must be a non-empty glob string`);
      if (isAbsolute(glob) || glob.startsWith('/') || /^[A-Za-z]:[\\/]/.test(glob)) {
        throw this.error(item, key, `'${glob}' in '${key}' must be relative to the folder of ${basename(this.file)}`);
      }
      const normalized = glob.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
      try {
        picomatch(normalized, { dot: true }); // compiled now, so a glob picomatch rejects is a config error
      } catch (error) {
        const shown = normalized.length > 60 ? `${normalized.slice(0, 57)}...` : normalized;
        throw this.error(item, key, `'${shown}' in '${key}' is not a usable glob: ${(error as Error).message}`);
      }
      return normalized;
    });
  }

  /** A file name, relative to the config file's folder. */
  private filePath(value: YamlNode | null, keyNode: YamlNode | null, key: string): string | undefined {
    if (isNull(value)) return undefined;
    const name = isScalar(value) && typeof value.value === 'string' ? value.value.trim() : undefined;
    if (!name) throw this.error(value ?? keyNode, key, `'${key}' must be a file name`);
    return resolve(dirname(this.file), name);
  }

  private positiveNumber(value: YamlNode | null, keyNode: YamlNode | null, key: string): number | undefined {
    if (isNull(value)) return undefined;
    const number = isScalar(value) ? value.value : undefined;
    if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) {
      throw this.error(value ?? keyNode, key, `'${key}' must be a positive number of seconds`);
    }
    return number;
  }

  private list(value: YamlNode | null, keyNode: YamlNode | null, key: string, what: string): (YamlNode | null)[] {
    if (isNull(value)) return [];
    if (!isSeq(value)) throw this.error(value ?? keyNode, key, `'${key}' must be a list of ${what}`);
    return value.items.map((item) => this.resolveAlias(item as YamlNode | null));
  }

  private ruleId(node: YamlNode | null, key: string): string {
    const id = isScalar(node) && typeof node.value === 'string' ? node.value.trim() : undefined;
    if (!id) throw this.error(node, key, `entries of '${key}' must be rule ids`);
    if (!this.knownRuleIds.includes(id)) {
      const suggestion = closestMatch(id, this.knownRuleIds);
      const hint = suggestion ? ` (did you mean '${suggestion}'?)` : '';
      throw this.error(node, key, `unknown rule '${id}' in '${key}'${hint}`);
    }
    return id;
  }

  private resolveAlias(node: YamlNode | null | undefined): YamlNode | null {
    if (node && isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw this.error(node, undefined, `unknown alias '*${node.source}'`);
      return target as YamlNode;
    }
    return node ?? null;
  }

  private error(node: YamlNode | null | undefined, key: string | undefined, message: string): ConfigError {
    const offset = node?.range?.[0];
    const line = offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
    return new ConfigError(this.file, line, key, message);
  }
}

function isNull(node: YamlNode | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

const matcherCache = new WeakMap<readonly string[], (path: string) => boolean>();

function matcherFor(globs: readonly string[]): (path: string) => boolean {
  let matcher = matcherCache.get(globs);
  if (!matcher) {
    matcher = picomatch([...globs], { dot: true });
    matcherCache.set(globs, matcher);
  }
  return matcher;
}

/** `absPath` relative to the config folder with `/` separators; undefined when outside it. */
function relativeToBase(config: LintConfig, absPath: string): string | undefined {
  const rel = relative(config.baseDir, resolve(absPath));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** True when `relPath` or one of the folders above it (below the config folder) matches. */
function matchesPathOrParent(matcher: (path: string) => boolean, relPath: string): boolean {
  const parts = relPath.split('/');
  for (let end = 1; end <= parts.length; end++) {
    if (matcher(parts.slice(0, end).join('/'))) return true;
  }
  return false;
}

/** True when `excluded` matches the path or a folder containing it. Paths outside `baseDir` are never excluded. */
export function isPathExcluded(config: LintConfig, absPath: string): boolean {
  if (config.excluded.length === 0) return false;
  const rel = relativeToBase(config, absPath);
  return rel !== undefined && matchesPathOrParent(matcherFor(config.excluded), rel);
}

/**
 * True when `included` is empty, or matches the file or a folder containing it. Meant for files:
 * a folder that only leads to an included path (e.g. `Sources` for `Sources/App/**`) is not
 * itself included, so prune folders with isPathExcluded only.
 */
export function isPathIncluded(config: LintConfig, absPath: string): boolean {
  if (config.included.length === 0) return true;
  const rel = relativeToBase(config, absPath);
  return rel !== undefined && matchesPathOrParent(matcherFor(config.included), rel);
}
