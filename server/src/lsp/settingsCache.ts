// The `urlsessionLint` settings per resource, pulled with workspace/configuration and cached
// until the next didChangeConfiguration. Clients without workspace/configuration push them.
import type { Connection } from 'vscode-languageserver/node';
import { defaultSettings, normalizeSettings, settingsSection, type UrlsessionLintSettings } from '../config/settings';
import { describe } from './guard';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<UrlsessionLintSettings>>();
  private pushed: UrlsessionLintSettings = defaultSettings;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Settings for a document or folder URI; undefined asks for the window's settings. */
  get(scopeUri: string | undefined): Promise<UrlsessionLintSettings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    const key = scopeUri ?? '';
    let settings = this.cache.get(key);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri, section: settingsSection }).then(normalizeSettings, (error) => {
        this.connection.console.error(`urlsession-lint: could not read the settings: ${describe(error)}`);
        return defaultSettings;
      });
      this.cache.set(key, settings);
    }
    return settings;
  }

  /** After didChangeConfiguration: forget everything; `pushed` is the notification's settings. */
  changed(pushed: unknown): void {
    this.cache.clear();
    if (pushed && typeof pushed === 'object' && settingsSection in pushed) {
      this.pushed = normalizeSettings((pushed as Record<string, unknown>)[settingsSection]);
    }
  }
}
