// The `urlsessionLint.rules` setting lists every rule id with its summary, so that the Settings
// editor and settings.json offer the ids and the severities as choices. Derived from the rule
// catalogue; `npx tsx test/unit/packaging/ruleSettings.ts` writes them into package.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleCatalog } from '../../../server/src/engine/engine';

const severities = ['error', 'warning', 'info', 'off'];

export function ruleSettingProperties(): Record<string, { type: string; enum: string[]; markdownDescription: string }> {
  return Object.fromEntries(
    ruleCatalog().map((rule) => [rule.id, { type: 'string', enum: severities, markdownDescription: `${rule.summary} Default: \`${rule.severity}\`.` }]),
  );
}

if (require.main === module) {
  const path = join(__dirname, '..', '..', '..', 'package.json');
  const pkg = JSON.parse(readFileSync(path, 'utf8'));
  pkg.contributes.configuration.properties['urlsessionLint.rules'].properties = ruleSettingProperties();
  writeFileSync(path, `${JSON.stringify(pkg, null, 2)}\n`);
}
