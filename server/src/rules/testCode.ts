// Test code: what a test does to a session (a random identifier per test, a task made only to feed
// a delegate method) does not ship in the app.
import type { FileFacts } from '../facts/facts';
import type { ProjectModel } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { typeAndSuperclasses } from './backgroundDelegates';

const testModules = new Set(['XCTest', 'Testing', 'Quick', 'Nimble']);
const testBaseClasses = new Set(['XCTestCase', 'QuickSpec', 'AsyncSpec']);

/**
 * The file belongs only to test targets (unit or UI test bundles, SwiftPM test targets), imports a
 * test framework, or the code sits in a subclass of XCTestCase.
 */
export function isTestCode(facts: FileFacts, workspace: WorkspaceIndex, project: ProjectModel | undefined, typeName?: string): boolean {
  const targets = project?.targetsForFile(facts.file) ?? [];
  if (targets.length > 0 && targets.every((target) => target.kind === 'tests')) return true;
  if (facts.delegate.imports.some((fact) => testModules.has(fact.module))) return true;
  if (!typeName) return false;
  return typeAndSuperclasses(workspace, typeName).some((name) =>
    workspace.typeDeclarations(name).some((declaration) => declaration.inherits.some((parent) => testBaseClasses.has(parent))),
  );
}
