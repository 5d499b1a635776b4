// "Insert the per-identifier session cache" (the seed article's pattern): a dictionary of
// background sessions keyed by identifier, filled on demand, used by handleEvents.
import type { FunctionFact } from '../facts/facts';
import { bodyOf } from './handleEvents';
import type { FixProposal, RuleContext } from './ruleTypes';
import { processTargetsOf } from './targets';
import { indentationAt, indentationUnit, lineEnding } from '../fixes/statementEdits';

export function sessionCacheFix(context: RuleContext, fn: FunctionFact, identifierName: string): FixProposal[] {
  const { text } = context;
  const body = bodyOf(context.parsed.tree.rootNode, fn);
  // Members can only be inserted beside a method of a type body (not in half-typed code where
  // the method sits inside another function).
  if (!body || !fn.typeName || body.parent?.parent?.type !== 'class_body') return [];
  // `delegate: self` is only right when the type is a session delegate.
  const isSessionDelegate = context.workspace
    .typeDeclarations(fn.typeName)
    .some((type) => type.inherits.some((parent) => /^URLSession\w*Delegate$/.test(parent)));
  if (!isSessionDelegate || text.includes('backgroundSessions') || text.includes('backgroundSession(for:')) return [];
  const eol = lineEnding(text);
  const unit = indentationUnit(text);
  const indent = indentationAt(text, fn.span.start);
  const groups = processTargetsOf(context.project, context.file)[0]?.appGroups;
  const group = groups?.length === 1 ? [`${indent}${unit}configuration.sharedContainerIdentifier = "${groups[0]}"`] : [];
  const members = [
    `/// Background sessions by configuration identifier: the system hands in the identifier whose events are waiting.`,
    `${indent}private var backgroundSessions: [String: URLSession] = [:]`,
    '',
    `${indent}private func backgroundSession(for identifier: String) -> URLSession {`,
    `${indent}${unit}if let session = backgroundSessions[identifier] { return session }`,
    `${indent}${unit}let configuration = URLSessionConfiguration.background(withIdentifier: identifier)`,
    ...group,
    `${indent}${unit}let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)`,
    `${indent}${unit}backgroundSessions[identifier] = session`,
    `${indent}${unit}return session`,
    `${indent}}`,
    '',
    indent,
  ].join(eol);
  const bodyIndent = indent + unit;
  return [
    {
      title: 'Insert the per-identifier session cache and rebuild the session for identifier',
      safety: 'quick',
      edits: [
        { span: { start: fn.span.start, end: fn.span.start }, newText: members },
        { span: { start: body.startIndex + 1, end: body.startIndex + 1 }, newText: `${eol}${bodyIndent}_ = backgroundSession(for: ${identifierName})` },
      ],
    },
  ];
}
