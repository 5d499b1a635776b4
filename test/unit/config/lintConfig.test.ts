import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ConfigError,
  defaultSkippedFolders,
  findConfigFile,
  isPathExcluded,
  isPathIncluded,
  loadConfig,
  type LintConfig,
} from '../../../server/src/config/lintConfig';

const fixtures = resolve(__dirname, '../../fixtures/config');
const project = join(fixtures, 'project');
const knownRuleIds = [
  'identifier-empty',
  'identifier-random',
  'session-recreated',
  'discretionary-transfer',
  'print-in-background-delegate',
  'short-resource-timeout',
];
const options = { knownRuleIds, defaultBaseDir: '/lint/root' };

function loadError(file: string): ConfigError {
  try {
    loadConfig(file, options);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${file} to be rejected`);
}

test('loads every key of a full config file', () => {
  const file = join(project, '.urlsession-lint.yml');
  const config = loadConfig(file, options);
  assert.deepEqual(config, {
    configFile: file,
    baseDir: project,
    disabledRules: ['discretionary-transfer', 'print-in-background-delegate'],
    severity: {
      'identifier-random': 'error',
      'short-resource-timeout': 'info',
      // disabled_rules win over an explicit severity
      'discretionary-transfer': 'off',
      'print-in-background-delegate': 'off',
    },
    excluded: ['Pods', '**/Generated/**', 'Sources/Widget/Legacy*.swift'],
    included: ['Sources', 'Tests/**/*.swift'],
    ruleOptions: { short_resource_timeout_seconds: 600 },
  } satisfies LintConfig);
});

test('no config file gives the defaults, relative to the lint root', () => {
  assert.deepEqual(loadConfig(undefined, options), {
    baseDir: '/lint/root',
    disabledRules: [],
    severity: {},
    excluded: [],
    included: [],
    ruleOptions: {},
  });
});

test('an empty file is a valid empty config', () => {
  const file = join(fixtures, 'empty', '.urlsession-lint.yml');
  const config = loadConfig(file, options);
  assert.equal(config.configFile, file);
  assert.equal(config.baseDir, join(fixtures, 'empty'));
  assert.deepEqual([config.disabledRules, config.severity, config.excluded, config.included, config.ruleOptions], [[], {}, [], [], {}]);
});

test('a file with only comments or empty lists is a valid empty config', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '.urlsession-lint.yml');
  writeFileSync(file, '# nothing yet\n');
  assert.deepEqual(loadConfig(file, options).excluded, []);
  writeFileSync(file, 'excluded:\nincluded: []\nseverity: {}\n');
  const config = loadConfig(file, options);
  assert.deepEqual([config.excluded, config.included, config.severity], [[], [], {}]);
});

test('invalid-suppression is always a known rule id', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, '.urlsession-lint.yml');
  writeFileSync(file, 'severity:\n  invalid-suppression: off\n');
  assert.deepEqual(loadConfig(file, options).severity, { 'invalid-suppression': 'off' });
});

test('an unknown top-level key names the file, line and key, with a suggestion', () => {
  const file = join(fixtures, 'invalid', 'unknown-key.yml');
  const error = loadError(file);
  assert.equal(error.file, file);
  assert.equal(error.line, 4);
  assert.equal(error.key, 'disable_rules');
  assert.equal(error.detail, "unknown key 'disable_rules' (did you mean 'disabled_rules'?)");
  assert.equal(error.message, `${file}:4: unknown key 'disable_rules' (did you mean 'disabled_rules'?)`);
});

test('invalid YAML reports the line of the syntax error', () => {
  const error = loadError(join(fixtures, 'invalid', 'invalid-yaml.yml'));
  // The flow sequence opened on line 3 is found unterminated where line 4 starts.
  assert.equal(error.line, 4);
  assert.equal(error.key, undefined);
  assert.match(error.detail, /^invalid YAML: /);
});

test('a bad severity value points at the value, keyed by the rule', () => {
  const error = loadError(join(fixtures, 'invalid', 'bad-severity.yml'));
  assert.equal(error.line, 3);
  assert.equal(error.key, 'severity.session-recreated');
  assert.equal(error.detail, "severity of 'session-recreated' must be one of error, warning, info, off (got 'fatal')");
});

test('an unknown rule id points at the list item, with a suggestion', () => {
  const error = loadError(join(fixtures, 'invalid', 'unknown-rule.yml'));
  assert.equal(error.line, 3);
  assert.equal(error.key, 'disabled_rules');
  assert.equal(error.detail, "unknown rule 'identifer-random' in 'disabled_rules' (did you mean 'identifier-random'?)");
});

test('wrong value types, bad options, duplicates and absolute globs are rejected where they are', () => {
  const cases: [string, number, string, string][] = [
    ['wrong-type.yml', 1, 'included', "'included' must be a list of globs"],
    ['bad-timeout.yml', 1, 'short_resource_timeout_seconds', "'short_resource_timeout_seconds' must be a positive number of seconds"],
    ['rule-options.yml', 1, 'rule_options', "unknown key 'rule_options' (rule options are top-level keys, e.g. 'short_resource_timeout_seconds')"],
    ['duplicate-key.yml', 5, 'excluded', "duplicate key 'excluded'"],
    ['absolute-glob.yml', 2, 'excluded', "'/Users/me/Project/Pods' in 'excluded' must be relative to the folder of absolute-glob.yml"],
  ];
  for (const [name, line, key, detail] of cases) {
    const error = loadError(join(fixtures, 'invalid', name));
    assert.deepEqual({ line: error.line, key: error.key, detail: error.detail }, { line, key, detail }, name);
  }
  const notAMap = loadError(join(fixtures, 'invalid', 'not-a-map.yml'));
  assert.equal(notAMap.line, 1);
  assert.equal(notAMap.key, undefined);
});

test('a missing config file is a ConfigError without a line', () => {
  const file = join(fixtures, 'invalid', 'does-not-exist.yml');
  const error = loadError(file);
  assert.equal(error.file, file);
  assert.equal(error.line, undefined);
  assert.match(error.message, /cannot read the config file/);
});

test('findConfigFile walks upwards from a file or a folder', () => {
  const config = join(project, '.urlsession-lint.yml');
  assert.equal(findConfigFile(join(project, 'Sources', 'App', 'DownloadService.swift')), config);
  assert.equal(findConfigFile(join(project, 'Sources', 'App')), config);
  assert.equal(findConfigFile(project), config);
  // A file that does not exist yet (an unsaved document) is looked up from its folder.
  assert.equal(findConfigFile(join(project, 'Sources', 'New.swift')), config);
  assert.equal(
    findConfigFile(join(fixtures, 'empty', 'nested', 'deeper', 'File.swift')),
    join(fixtures, 'empty', '.urlsession-lint.yml'),
  );
});

test('findConfigFile returns undefined when no folder up to the root has one', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-none-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(findConfigFile(join(dir, 'File.swift')), undefined);
});

test('excluded globs are relative to the config file folder; a folder match covers its contents', () => {
  const config = loadConfig(join(project, '.urlsession-lint.yml'), options);
  const excluded = (path: string) => isPathExcluded(config, join(project, path));
  assert.equal(excluded('Pods'), true);
  assert.equal(excluded('Pods/Alamofire/Session.swift'), true);
  assert.equal(excluded('Sources/App/Generated/API.swift'), true);
  assert.equal(excluded('Sources/Widget/LegacyUpload.swift'), true);
  assert.equal(excluded('Sources/Widget/Upload.swift'), false);
  assert.equal(excluded('Sources/App/DownloadService.swift'), false);
  // `Pods` is anchored at the config folder, as in .swiftlint.yml.
  assert.equal(excluded('Sources/Pods/Thing.swift'), false);
  // Files outside the config folder are not its business.
  assert.equal(isPathExcluded(config, join(fixtures, 'Pods', 'Other.swift')), false);
  assert.equal(isPathExcluded(config, project), false);
});

test('the same globs mean the same files wherever the config file lives', () => {
  const config: LintConfig = { ...loadConfig(undefined, options), baseDir: '/elsewhere/app', excluded: ['Pods'] };
  assert.equal(isPathExcluded(config, '/elsewhere/app/Pods/A.swift'), true);
  assert.equal(isPathExcluded(config, join(project, 'Pods', 'Alamofire', 'Session.swift')), false);
});

test('dotfiles and dot folders match globs', () => {
  const config: LintConfig = { ...loadConfig(undefined, options), baseDir: '/p', excluded: ['**/*.swift'] };
  assert.equal(isPathExcluded(config, '/p/.hidden/File.swift'), true);
  assert.equal(isPathExcluded(config, '/p/.File.swift'), true);
});

test('included: empty means everything, otherwise the file or a folder above it must match', () => {
  const config = loadConfig(join(project, '.urlsession-lint.yml'), options);
  const included = (path: string) => isPathIncluded(config, join(project, path));
  assert.equal(included('Sources/App/DownloadService.swift'), true);
  assert.equal(included('Tests/ServiceTests.swift'), true);
  assert.equal(included('Tests/Helpers/Stub.swift'), true);
  assert.equal(included('Tests/README.md'), false);
  assert.equal(included('Package.swift'), false);
  assert.equal(isPathIncluded(config, '/somewhere/else/File.swift'), false);
  assert.equal(isPathIncluded(loadConfig(undefined, options), '/anything/File.swift'), true);
});

test('the default skipped folders', () => {
  assert.deepEqual([...defaultSkippedFolders], ['.build', 'Pods', 'Carthage', 'DerivedData', 'node_modules', '.git']);
});

test('findConfigFile on a symlink loop looks from its folder instead of throwing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usl-loop-'));
  symlinkSync(join(dir, 'b'), join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(dir, 'b'));
  writeFileSync(join(dir, '.urlsession-lint.yml'), 'disabled_rules: []\n');
  assert.equal(findConfigFile(join(dir, 'a')), join(dir, '.urlsession-lint.yml'));
});
