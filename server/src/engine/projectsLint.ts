// A folder of separate checkouts (projectScopes) is linted one project at a time: each project
// is a workspace of its own, so a name, session or handleEvents of one repository never meets
// another's, the findings are those of linting each repository on its own, and only one
// project's facts are in memory at a time.
import type { ProjectProblem } from '../project/projectModel';
import { Engine, type EngineOptions } from './engine';
import type { Finding } from './findings';
import { projectScopes } from './projectRoot';
import type { NameNeed } from './sessionNames';

export interface ProjectsOutcome {
  findings: Finding[];
  projectProblems: ProjectProblem[];
  /** The files that were parsed (the lint cache needs them). */
  parsed: Set<string>;
  /** The names the second pass followed, by project scope (projectScopes of all the paths). */
  followedNames: Map<string, NameNeed[]>;
}

export async function lintProjects(options: EngineOptions, paths: string[], read: (path: string) => string | undefined): Promise<ProjectsOutcome> {
  const scopeOf = projectScopes(paths);
  const byScope = new Map<string, string[]>();
  for (const path of paths) {
    const scope = scopeOf(path);
    if (!byScope.has(scope)) byScope.set(scope, []);
    byScope.get(scope)!.push(path);
  }
  const outcome: ProjectsOutcome = { findings: [], projectProblems: [], parsed: new Set(), followedNames: new Map() };
  for (const [scope, files] of [...byScope].sort(([a], [b]) => a.localeCompare(b))) {
    const engine = await Engine.create(options);
    outcome.findings.push(...engine.lintFiles(files, read));
    outcome.projectProblems.push(...(engine.projectModel?.problems ?? []));
    for (const file of files) if (engine.factsOf(file)) outcome.parsed.add(file);
    // Within one project every file is in the engine's single scope.
    const followed = [...engine.followedNames.values()].flat();
    if (followed.length > 0) outcome.followedNames.set(scope, followed);
  }
  return outcome;
}
