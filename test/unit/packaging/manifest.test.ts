// package.json as VS Code reads it: settings equal the shared schema, every contributed path
// exists, commands are registered, and nothing clashes with the Swift extension.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { settingsSchema } from '../../../server/src/config/settings';
import { ruleSettingProperties } from './ruleSettings';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const snippets: Record<string, { prefix: string }> = JSON.parse(readFileSync(join(root, 'snippets', 'swift.json'), 'utf8'));
const clientSources = ['extension.ts', 'ruleLinks.ts', 'snippetCommand.ts', 'statusItem.ts']
  .map((name) => readFileSync(join(root, 'client', 'src', name), 'utf8'))
  .join('\n');

interface Step {
  id: string;
  description: string;
  media: { markdown?: string };
}

describe('package.json', () => {
  it('contributes.configuration.properties equals settingsSchema, the rules setting listing every rule', () => {
    const { ['urlsessionLint.rules']: rules, ...others } = pkg.contributes.configuration.properties;
    const { ['urlsessionLint.rules']: rulesSchema, ...othersSchema } = JSON.parse(JSON.stringify(settingsSchema));
    assert.deepEqual(others, othersSchema);
    const { properties, ...rest } = rules;
    assert.deepEqual(rest, rulesSchema);
    assert.deepEqual(properties, ruleSettingProperties(), 'run `npx tsx test/unit/packaging/ruleSettings.ts` after adding or changing a rule');
  });

  it('targets VS Code 1.91 and starts on Swift files and Xcode/SwiftPM workspaces', () => {
    assert.equal(pkg.engines.vscode, '^1.91.0');
    assert.equal(pkg.main, './dist/client.js');
    for (const event of ['onLanguage:swift', 'workspaceContains:**/*.xcodeproj', 'workspaceContains:**/Package.swift']) {
      assert.ok(pkg.activationEvents.includes(event), event);
    }
    assert.deepEqual(pkg.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: false });
  });

  it('leaves the Swift language and grammar to the Swift extension', () => {
    assert.equal(pkg.contributes.languages, undefined);
    assert.equal(pkg.contributes.grammars, undefined);
    assert.deepEqual(pkg.contributes.snippets, [{ language: 'swift', path: './snippets/swift.json' }]);
  });

  it('registers every contributed command in the client', () => {
    const contributed: string[] = pkg.contributes.commands.map((command: { command: string }) => command.command);
    for (const command of ['urlsessionLint.restartServer', 'urlsessionLint.lintWorkspace', 'urlsessionLint.showRuleDocs']) {
      assert.ok(contributed.includes(command), command);
    }
    for (const command of contributed) {
      const registered = clientSources.includes(`'${command}'`) || (command === 'urlsessionLint.showRuleDocs' && clientSources.includes('showRuleDocsCommand'));
      assert.ok(registered, `${command} is not registered`);
    }
  });

  it('has the icon and a walkthrough whose pages exist and whose buttons name real snippets and rules', () => {
    assert.ok(existsSync(join(root, pkg.icon)));
    const [walkthrough] = pkg.contributes.walkthroughs;
    assert.equal(walkthrough.title, 'Testing background transfers');
    const steps: Step[] = walkthrough.steps;
    assert.deepEqual(steps.map((step) => step.id), ['debugger', 'oslog', 'proxy', 'patience', 'device', 'debugHelpers']);
    const prefixes = new Set(Object.values(snippets).map((snippet) => snippet.prefix));
    for (const step of steps) {
      assert.ok(step.media.markdown && existsSync(join(root, step.media.markdown)), `${step.id}: media`);
      const links = [...step.description.matchAll(/\(command:([\w.]+)\?([^)]*)\)/g)];
      assert.ok(links.length > 0, `${step.id}: a button`);
      for (const [, command, args] of links) {
        const [argument] = JSON.parse(decodeURIComponent(args));
        if (command === 'urlsessionLint.insertSnippet') assert.ok(prefixes.has(argument), `${step.id}: no snippet ${argument}`);
        else if (command === 'urlsessionLint.showRuleDocs') assert.ok(existsSync(join(root, 'docs', 'rules', `${argument}.md`)), `${step.id}: no page ${argument}`);
        else assert.fail(`${step.id}: unexpected command ${command}`);
      }
    }
  });
});
