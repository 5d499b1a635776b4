// Code Climate issues, the format of GitLab's code quality report (artifacts:reports:codequality).
// GitLab needs description, check_name, fingerprint, severity, location.path and
// location.lines.begin; the fingerprint must not change when lines move, so it hashes the file,
// rule, message, the text of the line and which occurrence of that it is, never the line number.
import { createHash } from 'node:crypto';
import type { Severity } from '../../engine/findings';
import { oneBased, type Reporter } from './report';

const codeClimateSeverity: Record<Severity, string> = { error: 'major', warning: 'minor', info: 'info' };

export const formatCodeClimate: Reporter = (findings, context) => {
  const seen = new Map<string, number>();
  const issues = findings.map((finding) => {
    const path = context.displayPath(finding.file).split('\\').join('/');
    const { line, endLine } = oneBased(finding.range);
    const key = JSON.stringify([path, finding.rule, finding.message, context.lineText?.(finding.file, finding.range.start.line).trim() ?? '']);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return {
      type: 'issue',
      check_name: finding.rule,
      description: finding.message,
      categories: ['Bug Risk'],
      severity: codeClimateSeverity[finding.severity],
      fingerprint: createHash('md5').update(`${key}#${occurrence}`).digest('hex'),
      location: { path, lines: { begin: line, end: endLine } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
