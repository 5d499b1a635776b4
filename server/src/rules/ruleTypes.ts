// The shape every rule module exports. A rule reads facts (never raw text) and reports findings.
import type { FixSafety, Severity } from '../engine/findings';
import type { FileFacts, Span } from '../facts/facts';
import type { ParsedSwift } from '../parse/swiftParser';
import type { ProjectModel } from '../project/projectModel';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { EditInFile, FixProposal } from '../fixes/fixTypes';

export type { EditInFile, FixProposal };

export interface RuleMeta {
  /** Stable kebab-case id; also the name of the docs page docs/rules/<id>.md. */
  id: string;
  severity: Severity;
  fix: FixSafety | 'none';
  /** One sentence: what is wrong. Used by `--rules`, SARIF and the README table. */
  summary: string;
}


export interface Report {
  span: Span;
  message: string;
  related?: { file: string; span: Span; message: string }[];
  fixes?: FixProposal[];
}

export interface RuleContext {
  file: string;
  text: string;
  parsed: ParsedSwift;
  facts: FileFacts;
  workspace: WorkspaceIndex;
  project?: ProjectModel;
  /** Rule options from the config file, e.g. short_resource_timeout_seconds. */
  options: Record<string, unknown>;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
