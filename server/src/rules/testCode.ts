// Test code: what a test does to a session (a random identifier per test, a task made only to feed
// a delegate method) does not ship in the app.
import { dirname, join, sep } from 'node:path';
import type { FileFacts } from '../facts/facts';
import type { ProjectModel } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

const testModules = new Set(['XCTest', 'Testing', 'Quick', 'Nimble']);

/**
 * The file belongs only to test targets (unit or UI test bundles, SwiftPM test targets), sits in a
 * Swift package's `Tests/` folder, imports a test framework, or the code sits in a subclass of XCTestCase.
 */
export function isTestCode(facts: FileFacts, workspace: WorkspaceIndex, project: ProjectModel | undefined, typeName?: string): boolean {
  const targets = project?.targetsForFile(facts.file) ?? [];
  if (targets.length > 0 && targets.every((target) => target.kind === 'tests')) return true;
  if (inPackageTestsFolder(facts.file, project)) return true;
  if (facts.delegate.imports.some((fact) => testModules.has(fact.module))) return true;
  return workspace.isTestType(typeName);
}

/** `<package>/Tests/…` of a Swift package the project model read. */
function inPackageTestsFolder(file: string, project: ProjectModel | undefined): boolean {
  for (const target of project?.targets ?? []) {
    if (target.source !== 'swiftpm' || !target.projectFile) continue;
    if (file.startsWith(join(dirname(target.projectFile), 'Tests') + sep)) return true;
  }
  return false;
}
