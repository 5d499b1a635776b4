// What every output format receives: the findings, and how to name their files.
import type { Finding, Severity, SourceRange } from '../../engine/findings';
import type { RuleMeta } from '../../rules/ruleTypes';

export interface ReportContext {
  /** The path to print for a finding's absolute path (relative when the user gave relative paths). */
  displayPath(file: string): string;
  /** The rule catalog, for formats that describe rules (SARIF). */
  rules: RuleMeta[];
  version: string;
  /** The folder relative paths are relative to. */
  cwd: string;
  /** The text of a 0-based line of a linted file (for fingerprints that survive lines moving). */
  lineText?(file: string, line: number): string;
}

export type Reporter = (findings: Finding[], context: ReportContext) => string;

/** 1-based line and column numbers of a range, as every format and editor outside LSP counts them. */
export function oneBased(range: SourceRange): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Line-oriented formats need a message on one line. */
export function oneLine(message: string): string {
  return message.replace(/\s*\r?\n\s*/g, ' ');
}

export const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
