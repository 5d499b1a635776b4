// Reads target names out of a SwiftPM `Package.swift` with a small tolerant scan of the
// `.target(name: "X", path: "…")` calls and places their files by SwiftPM's folder convention
// (Sources/<Target>, Tests/<Target>). A text scan is enough here: Package.swift is not what the
// product lints, and evaluating the manifest would need a Swift toolchain.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoadContext } from './xcodeproj';
import type { LoadedTarget, TargetKind } from './types';
import { readRegularFile } from './readRegularFile';

const TARGET_CALLS: Record<string, TargetKind> = {
  target: 'framework', // a library module: its code runs inside whatever app links it
  executableTarget: 'tool',
  testTarget: 'tests',
  macro: 'tool', // runs in the compiler, never in an app
  plugin: 'tool',
};

const SOURCE_FOLDERS = ['Sources', 'Source', 'src', 'srcs'];
const TEST_FOLDERS = ['Tests'];

export function loadSwiftPackage(manifestPath: string, context: LoadContext): LoadedTarget[] {
  let text: string;
  try {
    text = readRegularFile(manifestPath, 'utf8');
  } catch (error) {
    context.problems.push({ file: manifestPath, message: `Package.swift could not be read: ${(error as Error).message}` });
    return [];
  }
  const packageDir = dirname(manifestPath);
  const code = blankComments(text);
  const deploymentTarget = iosDeploymentTarget(code);
  const loaded: LoadedTarget[] = [];
  const callPattern = /\.(target|executableTarget|testTarget|macro|plugin)\s*\(/g;
  for (let match = callPattern.exec(code); match; match = callPattern.exec(code)) {
    const open = match.index + match[0].length - 1;
    const close = matchingParen(code, open);
    const args = code.slice(open + 1, close < 0 ? code.length : close);
    const name = stringArgument(args, 'name');
    if (name === undefined || loaded.some(({ target }) => target.name === name)) continue;
    const kind = TARGET_CALLS[match[1]];
    const explicitPath = stringArgument(args, 'path');
    const dir = explicitPath !== undefined ? join(packageDir, explicitPath) : conventionalFolder(packageDir, name, kind === 'tests');
    const excluded = stringListArgument(args, 'exclude').map((relative) => join(dir, relative));
    const sources = stringListArgument(args, 'sources');
    loaded.push({
      target: {
        name,
        kind,
        embeds: [],
        hostApps: [],
        links: [],
        deploymentTarget,
        source: 'swiftpm',
        projectFile: manifestPath,
      },
      // `sources:` narrows the target to the listed files or folders.
      membership:
        sources.length > 0
          ? {
              files: sources.filter((source) => source.endsWith('.swift')).map((source) => join(dir, source)),
              folders: sources.filter((source) => !source.endsWith('.swift')).map((source) => ({ dir: join(dir, source), excludedPaths: excluded })),
            }
          : { files: [], folders: [{ dir, excludedPaths: excluded }] },
    });
  }
  return loaded;
}

function conventionalFolder(packageDir: string, name: string, isTest: boolean): string {
  for (const folder of isTest ? TEST_FOLDERS : SOURCE_FOLDERS) {
    const candidate = join(packageDir, folder, name);
    if (isDirectory(candidate)) return candidate;
  }
  return join(packageDir, isTest ? 'Tests' : 'Sources', name);
}

/** `.iOS(.v16)`, `.iOS(.v15_4)` or `.iOS("14.0")` in `platforms:`. */
function iosDeploymentTarget(code: string): string | undefined {
  const match = /\.iOS\s*\(\s*(?:\.v(\d+)(?:_(\d+))?|"([^"]+)")\s*\)/.exec(code);
  if (!match) return undefined;
  if (match[3] !== undefined) return match[3];
  return `${match[1]}.${match[2] ?? '0'}`;
}

function stringArgument(args: string, label: string): string | undefined {
  const match = new RegExp(`(?:^|[,(\\s])${label}\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(args);
  return match?.[1];
}

function stringListArgument(args: string, label: string): string[] {
  const match = new RegExp(`(?:^|[,(\\s])${label}\\s*:\\s*\\[([^\\]]*)\\]`).exec(args);
  if (!match) return [];
  return [...match[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((item) => item[1]);
}

/** Index of the `)` closing the `(` at `open`, skipping string literals; -1 when unbalanced. */
function matchingParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      i = skipString(code, i);
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

function skipString(code: string, start: number): number {
  for (let i = start + 1; i < code.length; i++) {
    if (code[i] === '\\') i++;
    else if (code[i] === '"' || code[i] === '\n') return i;
  }
  return code.length;
}

/** Replaces comments with spaces (keeping offsets) so commented-out targets are not read. */
function blankComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const end = skipString(text, i);
      out += text.slice(i, end + 1);
      i = end + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
