// Where a rule's documentation page lives: docs/rules/<id>.md in the installed package, found from
// the running code (dist/cli.js in the bundle, server/src/cli/ when run from source).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let packageRoot: string | undefined;

/** The nearest folder at or above this module that holds package.json: the package root. */
function findPackageRoot(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) break;
    const parent = dirname(dir);
    if (parent === dir) {
      dir = join(__dirname, '..');
      break;
    }
    dir = parent;
  }
  packageRoot = dir;
  return dir;
}

/** A file:// URL of the rule's docs page. */
export function ruleDocsUrl(id: string): string {
  return pathToFileURL(join(findPackageRoot(), 'docs', 'rules', `${id}.md`)).href;
}
