// waitsForConnectivity on a background configuration: background sessions ignore it, they always
// wait for connectivity.
import { removeStatementLine } from '../fixes/statementEdits';
import type { Rule } from './ruleTypes';

export const waitsForConnectivityOnBackground: Rule = {
  meta: {
    id: 'waits-for-connectivity-on-background',
    severity: 'info',
    fix: 'quick',
    summary: 'waitsForConnectivity on a background configuration: ignored, background sessions always wait for connectivity.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'waitsForConnectivity') continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      const edit = removeStatementLine(context.text, context.parsed.tree, set.span);
      context.report({
        span: set.propertySpan,
        message: 'Background sessions ignore waitsForConnectivity: they always wait until the device is connected, whatever this line says.',
        fixes: edit ? [{ title: 'Remove waitsForConnectivity', safety: 'quick', edits: [edit] }] : [],
      });
    }
  },
};
