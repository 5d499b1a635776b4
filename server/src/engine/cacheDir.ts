// Where the CLI keeps what it can compute again (the lint cache, V8's compiled code): the user's
// cache folder, shared by the launcher and the engine.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's cache folder: $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS. */
export function defaultCacheDir(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'urlsession-lint');
  if (process.platform === 'win32') return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'urlsession-lint', 'Cache');
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.cache'), 'urlsession-lint');
}
