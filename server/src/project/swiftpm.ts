// Reads the targets of a SwiftPM `Package.swift` with the Swift grammar (see packageManifest.ts)
// and places their files by SwiftPM's folder convention (Sources/<Target>, Tests/<Target>) or
// their `path:`. The manifest is read, not evaluated: that would need a Swift toolchain.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadedSwiftParser, parseSwift } from '../parse/swiftParser';
import { readManifest, type Manifest, type TargetCall } from './packageManifest';
import type { LoadContext } from './xcodeproj';
import type { LoadedTarget, TargetKind } from './types';
import { readRegularFile } from './readRegularFile';

const TARGET_KINDS: Record<TargetCall, TargetKind> = {
  target: 'framework', // a library module: its code runs inside whatever app links it
  executableTarget: 'tool',
  testTarget: 'tests',
  macro: 'tool', // runs in the compiler, never in an app
  plugin: 'tool',
  binaryTarget: 'other', // a prebuilt binary or a system module: no Swift sources to lint
  systemLibrary: 'other',
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
  const parser = loadedSwiftParser();
  if (!parser) {
    // Only callers that never created an Engine get here (the grammar loads asynchronously).
    context.problems.push({ file: manifestPath, message: 'Package.swift was not read: the Swift grammar is not loaded yet' });
    return [];
  }
  const parsed = parseSwift(parser, text);
  let manifest: Manifest;
  try {
    manifest = readManifest(parsed.tree.rootNode);
  } finally {
    parsed.tree.delete();
  }
  const packageDir = dirname(manifestPath);
  const kinds = new Map(manifest.targets.map((target) => [target.name, TARGET_KINDS[target.call]]));
  return manifest.targets.map((declared): LoadedTarget => {
    const kind = TARGET_KINDS[declared.call];
    const target = {
      name: declared.name,
      kind,
      embeds: [],
      hostApps: [],
      // Library targets of this package it depends on: their code runs in this target's process.
      links: [...new Set(declared.targetDependencies.filter((name) => kinds.get(name) === 'framework' && name !== declared.name))],
      deploymentTarget: manifest.iosDeploymentTarget,
      source: 'swiftpm' as const,
      projectFile: manifestPath,
    };
    if (kind === 'other') return { target, membership: { files: [], folders: [] } };
    const dir = declared.path !== undefined ? join(packageDir, declared.path) : conventionalFolder(packageDir, declared.name, kind === 'tests');
    const excluded = declared.exclude.map((relative) => join(dir, relative));
    const sources = declared.sources;
    return {
      target,
      // `sources:` narrows the target to the listed files or folders.
      membership:
        sources.length > 0
          ? {
              files: sources.filter((source) => source.endsWith('.swift')).map((source) => join(dir, source)),
              folders: sources.filter((source) => !source.endsWith('.swift')).map((source) => ({ dir: join(dir, source), excludedPaths: excluded })),
            }
          : { files: [], folders: [{ dir, excludedPaths: excluded }] },
    };
  });
}

function conventionalFolder(packageDir: string, name: string, isTest: boolean): string {
  for (const folder of isTest ? TEST_FOLDERS : SOURCE_FOLDERS) {
    const candidate = join(packageDir, folder, name);
    if (isDirectory(candidate)) return candidate;
  }
  return join(packageDir, isTest ? 'Tests' : 'Sources', name);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
