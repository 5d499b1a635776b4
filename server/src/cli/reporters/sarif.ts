// SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards. Columns count UTF-16
// code units, SARIF's default `columnKind`, which is also what the engine reports.
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity, SourceRange, TextEdit } from '../../engine/findings';
import type { RuleMeta } from '../../rules/ruleTypes';
import { ruleDocsUrl } from '../ruleDocs';
import { oneBased, type ReportContext, type Reporter } from './report';

const sarifLevel: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

const srcRoot = '%SRCROOT%';

function region(range: SourceRange) {
  const { line, column, endLine, endColumn } = oneBased(range);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

/** Relative paths stay relative to %SRCROOT% (the current folder), as code scanning expects. */
function artifactLocation(file: string, context: ReportContext): { uri: string; uriBaseId?: string } {
  const shown = context.displayPath(file);
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: srcRoot };
}

function ruleDescriptor(rule: RuleMeta) {
  return {
    id: rule.id,
    shortDescription: { text: rule.summary },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: sarifLevel[rule.severity] },
    properties: { fixSafety: rule.fix },
  };
}

function groupByFile(edits: TextEdit[]): [string, TextEdit[]][] {
  const groups = new Map<string, TextEdit[]>();
  for (const edit of edits) {
    const group = groups.get(edit.file);
    if (group) group.push(edit);
    else groups.set(edit.file, [edit]);
  }
  return [...groups];
}

function result(finding: Finding, ruleIndex: number, context: ReportContext) {
  // SARIF requires at least one artifact change per fix; a fix without edits has nothing to say.
  const fixes = finding.fixes.filter((fix) => fix.edits.length > 0);
  return {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel[finding.severity],
    message: { text: finding.message },
    locations: [
      { physicalLocation: { artifactLocation: artifactLocation(finding.file, context), region: region(finding.range) } },
    ],
    ...(finding.related.length > 0 && {
      relatedLocations: finding.related.map((related, index) => ({
        id: index,
        message: { text: related.message },
        physicalLocation: { artifactLocation: artifactLocation(related.file, context), region: region(related.range) },
      })),
    }),
    ...(fixes.length > 0 && {
      fixes: fixes.map((fix) => ({
        description: { text: fix.title },
        artifactChanges: groupByFile(fix.edits).map(([file, edits]) => ({
          artifactLocation: artifactLocation(file, context),
          replacements: edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
        })),
        properties: { safety: fix.safety },
      })),
    }),
  };
}

export const formatSarif: Reporter = (findings, context) => {
  const rules = [...context.rules];
  // A finding from a rule outside the catalog (e.g. the engine's own invalid-suppression) still
  // needs a descriptor for ruleIndex to point at.
  for (const finding of findings) {
    if (!rules.some((rule) => rule.id === finding.rule)) {
      rules.push({ id: finding.rule, severity: finding.severity, fix: 'none', summary: finding.rule });
    }
  }
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'urlsession-lint', version: context.version, rules: rules.map(ruleDescriptor) } },
        originalUriBaseIds: { [srcRoot]: { uri: pathToFileURL(context.cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => result(finding, ruleIndex.get(finding.rule)!, context)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
