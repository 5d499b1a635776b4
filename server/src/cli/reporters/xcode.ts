// `path:line:col: error: message [rule-id]`: what Xcode, compilers and most editors parse.
import type { Severity } from '../../engine/findings';
import { oneBased, oneLine, type Reporter } from './report';

const xcodeSeverity: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

export const formatXcode: Reporter = (findings, context) =>
  findings
    .map((finding) => {
      const { line, column } = oneBased(finding.range);
      const path = context.displayPath(finding.file);
      return `${path}:${line}:${column}: ${xcodeSeverity[finding.severity]}: ${oneLine(finding.message)} [${finding.rule}]\n`;
    })
    .join('');
