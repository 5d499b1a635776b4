// The shape every rule module exports. A rule reads facts (never raw text) and reports findings.
import type { FixSafety, Severity } from '../engine/findings';

export interface RuleMeta {
  /** Stable kebab-case id; also the name of the docs page docs/rules/<id>.md. */
  id: string;
  severity: Severity;
  /** The seed article's pitfall (S1–S10), when the rule comes from it. */
  seed?: string;
  fix: FixSafety | 'none';
  /** One sentence: what is wrong. Used by `--rules`, SARIF and the README table. */
  summary: string;
}
