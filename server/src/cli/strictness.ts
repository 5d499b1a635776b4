// --strict and --lenient, as in SwiftLint: --strict reports warnings as errors (so they fail the
// run), --lenient reports errors as warnings (so nothing fails it). Infos stay infos.
import type { Finding } from '../engine/findings';

export function applyStrictness(findings: Finding[], mode: { strict: boolean; lenient: boolean }): Finding[] {
  if (mode.strict) return findings.map((finding) => (finding.severity === 'warning' ? { ...finding, severity: 'error' } : finding));
  if (mode.lenient) return findings.map((finding) => (finding.severity === 'error' ? { ...finding, severity: 'warning' } : finding));
  return findings;
}

/**
 * --only-rule: the severity map that runs just `ids` (at the config's level unless it turned
 * them off, then at their default) and turns every other rule off, config lists notwithstanding.
 */
export function onlyRulesSeverity<L extends string>(allIds: string[], ids: string[], configured: Record<string, L | 'off'>): Record<string, L | 'off'> {
  const severity: Record<string, L | 'off'> = {};
  for (const id of allIds) {
    if (!ids.includes(id)) severity[id] = 'off';
    else if (configured[id] !== undefined && configured[id] !== 'off') severity[id] = configured[id];
  }
  return severity;
}
