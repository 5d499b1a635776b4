// Engine findings as LSP diagnostics: exact ranges, mapped severity, the rule id as code with a
// link to its docs page, related locations.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/findings';
import { diagnosticSource } from './protocol';
import { ruleDocsHref } from './ruleDocs';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** `uriOf` maps an absolute path to the URI the client knows it by (open documents keep theirs). */
export function toDiagnostic(finding: Finding, uriOf: (path: string) => string): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((related) => ({
    location: { uri: uriOf(related.file), range: related.range },
    message: related.message,
  }));
  return {
    range: finding.range,
    severity: severities[finding.severity] ?? DiagnosticSeverity.Warning,
    source: diagnosticSource,
    code: finding.rule,
    codeDescription: { href: ruleDocsHref(finding.rule) },
    message: finding.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
  };
}

/** The URI of a file that is not open in the editor. */
export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts = { errors: 0, warnings: 0, infos: 0 };
  for (const finding of findings) {
    if (finding.severity === 'error') counts.errors++;
    else if (finding.severity === 'warning') counts.warnings++;
    else counts.infos++;
  }
  return counts;
}
