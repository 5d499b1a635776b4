// Where a rule's docs page lives: docs/rules/<id>.md beside the bundle (dist/../docs), or in the
// repository when the server runs from source.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

let docsDir: string | undefined;

function rulesDocsDir(): string {
  if (docsDir === undefined) {
    const candidates = [resolve(__dirname, '..', 'docs', 'rules'), resolve(__dirname, '..', '..', '..', 'docs', 'rules')];
    docsDir = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0];
  }
  return docsDir;
}

/** The `file://` URL of a rule's docs page (the page may be missing for an unknown id). */
export function ruleDocsHref(ruleId: string): string {
  return pathToFileURL(join(rulesDocsDir(), `${ruleId}.md`)).href;
}
