// GitHub Actions workflow commands: each finding becomes an annotation on the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { Severity } from '../../engine/findings';
import { oneBased, type Reporter } from './report';

const githubLevel: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping for the message part of a workflow command. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping for a `key=value` property, where `:` and `,` are separators. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const formatGithub: Reporter = (findings, context) =>
  findings
    .map((finding) => {
      const { line, column, endLine, endColumn } = oneBased(finding.range);
      const file = escapeProperty(context.displayPath(finding.file));
      const title = escapeProperty(finding.rule);
      return `::${githubLevel[finding.severity]} file=${file},line=${line},col=${column},endLine=${endLine},endColumn=${endColumn},title=${title}::${escapeData(finding.message)}\n`;
    })
    .join('');
