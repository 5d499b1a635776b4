// `--rules`: the rule catalog as a table (or JSON with `--format json`).
import type { RuleMeta } from '../rules/ruleTypes';
import type { Format } from './args';
import { ruleDocsUrl } from './ruleDocs';

export function formatRuleList(rules: RuleMeta[], format: Format): string {
  if (format === 'json') {
    const entries = rules.map((rule) => ({ ...rule, docs: ruleDocsUrl(rule.id) }));
    return `${JSON.stringify(entries, null, 2)}\n`;
  }
  const header = ['RULE', 'SEVERITY', 'FIX', 'SUMMARY'];
  const rows = rules.map((rule) => [rule.id, rule.severity, rule.fix, rule.summary]);
  const widths = [0, 1, 2].map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  return [header, ...rows]
    .map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ').trimEnd() + '\n')
    .join('');
}
