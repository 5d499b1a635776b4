// The README's rules table, rendered from the registry (the README is checked against it).
import { ruleCatalog } from '../../server/src/engine/engine';

export function renderRulesTable(): string {
  const rows = ruleCatalog().map(
    (rule) => `| [${rule.id}](docs/rules/${rule.id}.md) | ${rule.severity} | ${rule.fix} | ${rule.summary.replace(/\|/g, '\\|')} |`,
  );
  return ['| rule | severity | fix | what is wrong |', '|---|---|---|---|', ...rows].join('\n');
}
