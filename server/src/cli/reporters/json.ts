// A JSON array, one object per finding, with 1-based positions: the format scripts consume.
import type { Finding, FixSafety, Severity } from '../../engine/findings';
import { oneBased, type ReportContext, type Reporter } from './report';

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonLocation {
  rule: string;
  severity: Severity;
  message: string;
  fixes: { title: string; safety: FixSafety }[];
  related: (JsonLocation & { message: string })[];
}

export function toJsonFinding(finding: Finding, context: ReportContext): JsonFinding {
  return {
    file: context.displayPath(finding.file),
    ...oneBased(finding.range),
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
    related: finding.related.map((related) => ({
      file: context.displayPath(related.file),
      ...oneBased(related.range),
      message: related.message,
    })),
  };
}

export const formatJson: Reporter = (findings, context) =>
  `${JSON.stringify(findings.map((finding) => toJsonFinding(finding, context)), null, 2)}\n`;
