// The editor settings, defined once for the client, the server and the CLI. The package.json
// `contributes.configuration.properties` section must equal `settingsSchema` (a test checks it).
// Imports nothing from VS Code: the CLI and the server load this module too.

export type RuleSetting = 'off' | 'error' | 'warning' | 'info';
export type RunSetting = 'onType' | 'onSave';
export type TraceSetting = 'off' | 'messages' | 'verbose';

export interface UrlsessionLintSettings {
  enable: boolean;
  run: RunSetting;
  rules: Record<string, RuleSetting>;
  configPath: string;
  trace: { server: TraceSetting };
}

/** The settings section: `workspace.getConfiguration(settingsSection)`. */
export const settingsSection = 'urlsessionLint';

const ruleSettings: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];
const runSettings: readonly RunSetting[] = ['onType', 'onSave'];
const traceSettings: readonly TraceSetting[] = ['off', 'messages', 'verbose'];

export const defaultSettings: UrlsessionLintSettings = Object.freeze({
  enable: true,
  run: 'onType',
  rules: Object.freeze({}) as Record<string, RuleSetting>,
  configPath: '',
  trace: Object.freeze({ server: 'off' }) as { server: TraceSetting },
}) as UrlsessionLintSettings;

export interface SettingSchema {
  type: string;
  default: unknown;
  enum?: string[];
  markdownEnumDescriptions?: string[];
  markdownDescription: string;
  scope?: string;
  additionalProperties?: unknown;
}

export const settingsSchema: Record<string, SettingSchema> = {
  'urlsessionLint.enable': {
    type: 'boolean',
    default: defaultSettings.enable,
    markdownDescription: 'Lint Swift files for background `URLSession` mistakes.',
    scope: 'resource',
  },
  'urlsessionLint.run': {
    type: 'string',
    default: defaultSettings.run,
    enum: [...runSettings],
    markdownEnumDescriptions: ['Lint while you type.', 'Lint when a file is opened or saved.'],
    markdownDescription: 'When to lint an open file.',
    scope: 'resource',
  },
  'urlsessionLint.rules': {
    type: 'object',
    default: {},
    additionalProperties: { type: 'string', enum: [...ruleSettings] },
    markdownDescription:
      'Severity per rule id, e.g. `{ "discretionary-transfer": "off" }`. Overrides `severity` and `disabled_rules` in `.urlsession-lint.yml`.',
    scope: 'resource',
  },
  'urlsessionLint.configPath': {
    type: 'string',
    default: defaultSettings.configPath,
    markdownDescription:
      'Path of the `.urlsession-lint.yml` to use, absolute or relative to the workspace folder. When empty, the nearest `.urlsession-lint.yml` above each file is used.',
    scope: 'resource',
  },
  'urlsessionLint.trace.server': {
    type: 'string',
    default: defaultSettings.trace.server,
    enum: [...traceSettings],
    markdownEnumDescriptions: ['No trace.', 'Trace the names of messages.', 'Trace messages with their content.'],
    markdownDescription: 'Trace the communication between VS Code and the URLSession Background Lint server in its output channel.',
    scope: 'window',
  },
};

/** Turns a possibly partial or invalid object from the client into valid settings: bad values fall back to defaults. */
export function normalizeSettings(raw: unknown): UrlsessionLintSettings {
  const input = isRecord(raw) ? raw : {};
  const trace = isRecord(input.trace) ? input.trace : {};
  // `trace.server` may arrive nested (getConfiguration) or as a flat dotted key.
  const traceServer = 'server' in trace ? trace.server : input['trace.server'];
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : defaultSettings.enable,
    run: oneOf(input.run, runSettings, defaultSettings.run),
    rules: normalizeRules(input.rules),
    configPath: typeof input.configPath === 'string' ? input.configPath.trim() : defaultSettings.configPath,
    trace: { server: oneOf(traceServer, traceSettings, defaultSettings.trace.server) },
  };
}

function normalizeRules(raw: unknown): Record<string, RuleSetting> {
  const rules: Record<string, RuleSetting> = {};
  if (!isRecord(raw)) return rules;
  for (const [id, level] of Object.entries(raw)) {
    if (id.trim() !== '' && (ruleSettings as readonly unknown[]).includes(level)) rules[id.trim()] = level as RuleSetting;
  }
  return rules;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
