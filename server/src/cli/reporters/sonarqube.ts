// SonarQube's generic issue import format (sonar.externalIssuesReportPaths), the 10.3+ version:
// `rules` with clean-code attribute and impacts, `issues` pointing at them. Lines are 1-based,
// columns 0-based, as the format says.
import type { Finding, Severity, SourceRange } from '../../engine/findings';
import type { ReportContext, Reporter } from './report';

const impactSeverity: Record<Severity, string> = { error: 'HIGH', warning: 'MEDIUM', info: 'LOW' };

function textRange(range: SourceRange) {
  return {
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    startColumn: range.start.character,
    endColumn: range.end.character,
  };
}

function location(file: string, range: SourceRange, message: string, context: ReportContext) {
  return { message, filePath: context.displayPath(file), textRange: textRange(range) };
}

export const formatSonarqube: Reporter = (findings, context) => {
  // One rule object per rule that reported, at the severity it reported with in this run.
  const firstOf = new Map<string, Finding>();
  for (const finding of findings) if (!firstOf.has(finding.rule)) firstOf.set(finding.rule, finding);
  const rules = [...firstOf.values()].map((finding) => {
    const meta = context.rules.find((rule) => rule.id === finding.rule);
    return {
      id: finding.rule,
      name: finding.rule,
      description: meta?.summary ?? finding.rule,
      engineId: 'urlsession-lint',
      cleanCodeAttribute: 'LOGICAL',
      impacts: [{ softwareQuality: 'RELIABILITY', severity: impactSeverity[finding.severity] }],
    };
  });
  const issues = findings.map((finding) => ({
    ruleId: finding.rule,
    primaryLocation: location(finding.file, finding.range, finding.message, context),
    ...(finding.related.length > 0 && {
      secondaryLocations: finding.related.map((related) => location(related.file, related.range, related.message, context)),
    }),
  }));
  return `${JSON.stringify({ rules, issues }, null, 2)}\n`;
};
