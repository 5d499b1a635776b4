import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultSettings, normalizeSettings, settingsSchema } from '../../../server/src/config/settings';

test('the defaults', () => {
  assert.deepEqual(defaultSettings, {
    enable: true,
    run: 'onType',
    rules: {},
    configPath: '',
    trace: { server: 'off' },
  });
  assert.ok(Object.isFrozen(defaultSettings) && Object.isFrozen(defaultSettings.rules) && Object.isFrozen(defaultSettings.trace));
});

test('junk input gives the defaults, as fresh objects', () => {
  for (const junk of [undefined, null, 42, 'onSave', [], [true], () => 1]) {
    const settings = normalizeSettings(junk);
    assert.deepEqual(settings, defaultSettings, String(junk));
    assert.notEqual(settings.rules, defaultSettings.rules);
    settings.rules['session-recreated'] = 'off'; // must not throw: not the frozen defaults
  }
});

test('valid values are kept, bad ones fall back one by one', () => {
  assert.deepEqual(
    normalizeSettings({
      enable: 'yes',
      run: 'onSave',
      rules: { 'session-recreated': 'off', 'identifier-random': 'fatal', 'print-in-background-delegate': 'info', '': 'off', x: 1 },
      configPath: '  config/.urlsession-lint.yml ',
      trace: { server: 'loud' },
      unknown: true,
    }),
    {
      enable: true,
      run: 'onSave',
      rules: { 'session-recreated': 'off', 'print-in-background-delegate': 'info' },
      configPath: 'config/.urlsession-lint.yml',
      trace: { server: 'off' },
    },
  );
  assert.deepEqual(normalizeSettings({ enable: false, run: 'always', rules: ['off'], configPath: 7, trace: 'verbose' }), {
    ...defaultSettings,
    enable: false,
    rules: {},
    trace: { server: 'off' },
  });
});

test('trace.server is read nested or as a flat key', () => {
  assert.equal(normalizeSettings({ trace: { server: 'verbose' } }).trace.server, 'verbose');
  assert.equal(normalizeSettings({ 'trace.server': 'messages' }).trace.server, 'messages');
});

test('the schema has one entry per setting, with defaults equal to defaultSettings', () => {
  assert.deepEqual(Object.keys(settingsSchema), [
    'urlsessionLint.enable',
    'urlsessionLint.run',
    'urlsessionLint.rules',
    'urlsessionLint.configPath',
    'urlsessionLint.trace.server',
  ]);
  assert.equal(settingsSchema['urlsessionLint.enable'].default, defaultSettings.enable);
  assert.equal(settingsSchema['urlsessionLint.run'].default, defaultSettings.run);
  assert.deepEqual(settingsSchema['urlsessionLint.rules'].default, defaultSettings.rules);
  assert.equal(settingsSchema['urlsessionLint.configPath'].default, defaultSettings.configPath);
  assert.equal(settingsSchema['urlsessionLint.trace.server'].default, defaultSettings.trace.server);
  assert.deepEqual(settingsSchema['urlsessionLint.run'].enum, ['onType', 'onSave']);
  assert.deepEqual(settingsSchema['urlsessionLint.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.deepEqual(settingsSchema['urlsessionLint.rules'].additionalProperties, {
    type: 'string',
    enum: ['error', 'warning', 'info', 'off'],
  });
  for (const [key, schema] of Object.entries(settingsSchema)) {
    assert.ok(schema.markdownDescription.length > 0, key);
    if (schema.enum) assert.equal(schema.markdownEnumDescriptions?.length, schema.enum.length, key);
    // Each default has the declared JSON type.
    assert.ok(typeof schema.default === schema.type || (schema.type === 'object' && typeof schema.default === 'object'), key);
  }
});

test('the settings module imports nothing from VS Code', () => {
  const source = readFileSync(resolve(__dirname, '../../../server/src/config/settings.ts'), 'utf8');
  assert.doesNotMatch(source, /from ['"]vscode['"]|require\(['"]vscode['"]\)/);
});
