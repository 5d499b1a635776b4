// Xcode's Run Script phase hands its input files over in the environment: SCRIPT_INPUT_FILE_COUNT
// and SCRIPT_INPUT_FILE_0…n-1 (the "Input Files"), SCRIPT_INPUT_FILE_LIST_COUNT and
// SCRIPT_INPUT_FILE_LIST_0…n-1 (the "Input File Lists", .xcfilelist files with one path a line).
// SwiftLint reads the same variables for --use-script-input-files(-lists).
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './args';

type Env = Record<string, string | undefined>;

function count(env: Env, name: string, flag: string): number {
  const text = env[name];
  if (text === undefined) throw new UsageError(`${flag}: ${name} is not set (run it from an Xcode Run Script phase, or set it)`);
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag}: ${name} is not a number: '${text}'`);
  return Number(text.trim());
}

function variable(env: Env, name: string, flag: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag}: ${name} is not set`);
  return value;
}

/** `$(NAME)`, `${NAME}` and `$NAME` from the environment, as Xcode expands them in a file list. */
function expand(line: string, env: Env, where: string): string {
  return line.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a, b, c) => {
    const name = (a ?? b ?? c) as string;
    const value = env[name];
    if (value === undefined) throw new UsageError(`${where}: $(${name}) is not set`);
    return value;
  });
}

function checkExists(path: string, shown: string, where: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`${where}: no such file: ${shown}`);
  }
  if (!isFile) throw new UsageError(`${where}: not a file: ${shown}`);
}

/**
 * The absolute paths of the input files, in order, each once. Every named file must exist (a
 * missing one is a usage error: the build phase is wrong); which are Swift is the caller's choice.
 */
export function scriptInputFiles(options: { files: boolean; lists: boolean }, env: Env, cwd: string): string[] {
  const found: string[] = [];
  if (options.files) {
    const flag = '--use-script-input-files';
    const n = count(env, 'SCRIPT_INPUT_FILE_COUNT', flag);
    for (let i = 0; i < n; i++) {
      const name = `SCRIPT_INPUT_FILE_${i}`;
      const path = resolve(cwd, variable(env, name, flag));
      checkExists(path, path, `${flag}: ${name}`);
      found.push(path);
    }
  }
  if (options.lists) {
    const flag = '--use-script-input-file-lists';
    const n = count(env, 'SCRIPT_INPUT_FILE_LIST_COUNT', flag);
    for (let i = 0; i < n; i++) {
      const name = `SCRIPT_INPUT_FILE_LIST_${i}`;
      const listPath = resolve(cwd, variable(env, name, flag));
      let text: string;
      try {
        text = readFileSync(listPath, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new UsageError(`${flag}: cannot read ${name} ${listPath} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message})`);
      }
      text.split(/\r?\n/).forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        const where = `${listPath}:${index + 1}`;
        const path = resolve(cwd, expand(line, env, where));
        checkExists(path, path, where);
        found.push(path);
      });
    }
  }
  return [...new Set(found)];
}
