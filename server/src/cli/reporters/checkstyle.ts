// Checkstyle XML, read by Jenkins (Warnings NG), Danger, reviewdog and many CI dashboards: one
// <file> per file, one <error> per finding, as Checkstyle's own XMLLogger writes it.
import type { Severity } from '../../engine/findings';
import { oneBased, type Reporter } from './report';
import { groupBy, xmlEscape } from './xml';

const checkstyleSeverity: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

export const formatCheckstyle: Reporter = (findings, context) => {
  const files = groupBy(findings, (finding) => context.displayPath(finding.file));
  const body = [...files]
    .map(([path, fileFindings]) => {
      const errors = fileFindings.map((finding) => {
        const { line, column } = oneBased(finding.range);
        return `\t\t<error line="${line}" column="${column}" severity="${checkstyleSeverity[finding.severity]}" message="${xmlEscape(finding.message)}" source="urlsession-lint.rules.${xmlEscape(finding.rule)}"/>\n`;
      });
      return `\t<file name="${xmlEscape(path)}">\n${errors.join('')}\t</file>\n`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n${body}</checkstyle>\n`;
};
