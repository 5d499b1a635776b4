// Lints a fixture folder the way the CLI lints a workspace: every .swift file in it, with the
// folder's project model.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type EngineOptions } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/findings';
import { loadProjectModel } from '../../server/src/project/projectModel';

export function swiftFilesIn(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...swiftFilesIn(path));
    else if (name.endsWith('.swift')) found.push(path);
  }
  return found;
}

export async function lintFolder(dir: string, options: EngineOptions = {}, texts = new Map<string, string>()): Promise<{ engine: Engine; findings: Finding[] }> {
  const engine = await Engine.create(options);
  const files = swiftFilesIn(dir);
  engine.setProject(loadProjectModel(dir, { swiftFiles: files }));
  const findings = engine.lintFiles(files, (path) => texts.get(path) ?? readFileSync(path, 'utf8'));
  return { engine, findings };
}
