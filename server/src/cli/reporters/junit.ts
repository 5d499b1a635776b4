// JUnit XML, as GitLab, Jenkins, Azure Pipelines and CircleCI show test results: one test case per
// finding, failed, as SwiftLint's junit reporter does; the file is the class name.
import { oneBased, oneLine, type Reporter } from './report';
import { xmlEscape } from './xml';

export const formatJunit: Reporter = (findings, context) => {
  const cases = findings.map((finding) => {
    const { line, column } = oneBased(finding.range);
    const path = context.displayPath(finding.file);
    const location = `${path}:${line}:${column}`;
    return (
      `\t\t<testcase classname="${xmlEscape(path)}" name="${xmlEscape(`${finding.rule} at ${line}:${column}`)}">\n` +
      `\t\t\t<failure message="${xmlEscape(oneLine(finding.message))}" type="${finding.severity}">${xmlEscape(`${location}: ${finding.severity}: ${finding.message} [${finding.rule}]`)}</failure>\n` +
      '\t\t</testcase>\n'
    );
  });
  const counts = `tests="${findings.length}" failures="${findings.length}" errors="0"`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="urlsession-lint" ${counts}>\n` +
    `\t<testsuite name="urlsession-lint" ${counts}>\n${cases.join('')}\t</testsuite>\n` +
    '</testsuites>\n'
  );
};
