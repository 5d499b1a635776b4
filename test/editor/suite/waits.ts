// Waiting on editor events (never on the clock): resolve when `check` passes after an event, or
// fail after a timeout that names what was awaited.
import * as vscode from 'vscode';

export function waitFor<T>(
  event: vscode.Event<unknown>,
  check: () => T | undefined | false,
  description: string,
  timeoutMs = 20_000,
): Promise<T> {
  const first = check();
  if (first) return Promise.resolve(first);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
    }, timeoutMs);
    const subscription = event(() => {
      const value = check();
      if (!value) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}

/** Our diagnostics for `uri` once `predicate` holds for them. */
export function ourDiagnostics(uri: vscode.Uri, predicate: (diagnostics: vscode.Diagnostic[]) => boolean, description: string) {
  const current = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'urlsession-lint');
  return waitFor(vscode.languages.onDidChangeDiagnostics, () => (predicate(current()) ? current() : undefined), description);
}

export const codeOf = (diagnostic: vscode.Diagnostic) =>
  typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
