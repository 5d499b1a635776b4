// timeoutIntervalForResource under an hour on a background configuration: background transfers
// wait for the system and retry, and the default allows seven days.
import type { Node } from 'web-tree-sitter';
import { unwrapExpression } from '../facts/syntax';
import { nodeAt } from './nodeAt';
import type { Rule } from './ruleTypes';

const defaultThreshold = 3600;

export const shortResourceTimeout: Rule = {
  meta: {
    id: 'short-resource-timeout',
    severity: 'warning',
    fix: 'none',
    summary: 'timeoutIntervalForResource under one hour on a background configuration (the default is 7 days).',
  },
  check(context) {
    const option = context.options.short_resource_timeout_seconds;
    const threshold = typeof option === 'number' && Number.isFinite(option) && option > 0 ? option : defaultThreshold;
    for (const set of context.facts.propertySets) {
      if (set.property !== 'timeoutIntervalForResource') continue;
      const valueNode = nodeAt(context.parsed.tree, set.valueSpan);
      const seconds = valueNode ? literalSeconds(valueNode) : undefined;
      if (seconds === undefined || seconds >= threshold) continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      context.report({
        span: set.propertySpan,
        message: `A resource timeout of ${formatSeconds(seconds)} fails background transfers that the system defers or retries (the default allows 7 days); allow at least ${formatSeconds(threshold)}.`,
      });
    }
  },
};

/** A number literal or arithmetic of number literals (`60 * 30`), in seconds; undefined for anything else. */
function literalSeconds(node: Node): number | undefined {
  const inner = unwrapExpression(node);
  switch (inner.type) {
    case 'integer_literal':
    case 'real_literal': {
      const value = Number(inner.text.replace(/_/g, ''));
      return Number.isFinite(value) ? value : undefined;
    }
    case 'tuple_expression': {
      const values = inner.childrenForFieldName('value');
      return values.length === 1 && values[0] ? literalSeconds(values[0]) : undefined;
    }
    case 'prefix_expression': {
      const target = inner.childForFieldName('target');
      const value = target ? literalSeconds(target) : undefined;
      const operation = inner.childForFieldName('operation')?.text;
      if (value === undefined) return undefined;
      return operation === '-' ? -value : operation === '+' ? value : undefined;
    }
    case 'additive_expression':
    case 'multiplicative_expression': {
      const lhs = inner.childForFieldName('lhs');
      const rhs = inner.childForFieldName('rhs');
      const a = lhs ? literalSeconds(lhs) : undefined;
      const b = rhs ? literalSeconds(rhs) : undefined;
      if (a === undefined || b === undefined) return undefined;
      switch (inner.childForFieldName('op')?.text) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? undefined : a / b;
        default: return undefined;
      }
    }
    default:
      return undefined;
  }
}

function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return seconds === 3600 ? 'one hour' : `${seconds / 3600} hours`;
  if (seconds >= 60 && seconds % 60 === 0) return seconds === 60 ? 'one minute' : `${seconds / 60} minutes`;
  return `${Number(seconds.toFixed(3))} seconds`;
}
