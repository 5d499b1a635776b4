// The CLI's batch run: every file, the project around them, and what could not be read of it.
import type { ProjectProblem } from '../project/projectModel';
import { Engine, type EngineOptions } from './engine';
import type { Finding } from './findings';

export interface BatchResult {
  findings: Finding[];
  /** Malformed project, plist and entitlements files (one message each). */
  projectProblems: ProjectProblem[];
}

export async function lintBatch(options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<BatchResult> {
  const engine = await Engine.create(options);
  const findings = engine.lintFiles(paths, read);
  return { findings, projectProblems: engine.projectModel?.problems ?? [] };
}
