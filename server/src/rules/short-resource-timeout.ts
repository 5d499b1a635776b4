// timeoutIntervalForResource under an hour on a background configuration: background transfers
// wait for the system and retry, and the default allows seven days.
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
      // A literal, arithmetic, or a value the workspace knows: a constant, a default, a unit helper.
      const value = context.workspace.evaluate(set.value);
      if (value.kind !== 'number' || value.value >= threshold) continue;
      const seconds = value.value;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      context.report({
        span: set.propertySpan,
        message: `A resource timeout of ${formatSeconds(seconds)} fails background transfers that the system defers or retries (the default allows 7 days); allow at least ${formatSeconds(threshold)}.`,
      });
    }
  },
};

function formatSeconds(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return seconds === 3600 ? 'one hour' : `${seconds / 3600} hours`;
  if (seconds >= 60 && seconds % 60 === 0) return seconds === 60 ? 'one minute' : `${seconds / 60} minutes`;
  return `${Number(seconds.toFixed(3))} seconds`;
}
