// uploadTask(with:from:) on a background session: only uploads from a file continue in the background.
import { enclosingStatement, indentationAt, lineEnding } from '../fixes/statementEdits';
import type { MethodCall } from '../facts/facts';
import { readCall } from '../facts/syntax';
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';

export const backgroundUploadFromData: Rule = {
  meta: {
    id: 'background-upload-from-data',
    severity: 'error',
    fix: 'quick',
    summary: 'uploadTask(with:from:) on a background session: only uploads from a file continue in the background.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['uploadTask'])) {
      if (call.labels[0] !== 'with' || call.labels[1] !== 'from') continue;
      context.report({
        span: call.callSpan,
        message:
          'Uploads from in-memory data fail once the app leaves the foreground; a background session only continues uploads from a file (uploadTask(with:fromFile:)).',
        related: sessionCreatedHere(sessions, via),
        fixes: writeToFileFix(context, call),
      });
    }
  },
};

/** Writes the data to a temporary file just before the statement, then uploads from that file. */
function writeToFileFix(context: RuleContext, call: MethodCall): FixProposal[] {
  const { text, parsed } = context;
  const statement = enclosingStatement(parsed.tree, call.callSpan);
  const callNode = parsed.tree.rootNode.descendantForIndex(call.nameSpan.start, call.nameSpan.end - 1);
  let node = callNode;
  while (node && node.type !== 'call_expression') node = node.parent;
  const parts = node ? readCall(node) : undefined;
  const fromArg = parts?.args.find((arg) => arg.label === 'from');
  if (!statement || !fromArg) return [];
  const lineStart = text.lastIndexOf('\n', statement.startIndex - 1) + 1;
  if (text.slice(lineStart, statement.startIndex).trim() !== '') return [];
  const eol = lineEnding(text);
  const indent = indentationAt(text, statement.startIndex);
  let name = 'uploadFileURL';
  for (let i = 2; text.includes(name); i++) name = `uploadFileURL${i}`;
  const enclosing = enclosingFunction(context, call.callSpan.start);
  // A failed write must not upload a missing file: it throws where the function throws, returns
  // where the function returns nothing, and only elsewhere (a closure, a value to return) is ignored.
  const write = `${fromArg.value.text}.write(to: ${name})`;
  const guarded = enclosing.throws ? `try ${write}` : enclosing.returnsVoid ? `guard (try? ${write}) != nil else { return }` : `try? ${write}`;
  const prelude =
    `let ${name} = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)${eol}` +
    `${indent}${guarded}${eol}` +
    `${indent}// Remove ${name} in urlSession(_:task:didCompleteWithError:) once the upload has ended.${eol}${indent}`;
  return [
    {
      title: 'Write the data to a temporary file and upload from the file',
      safety: 'quick',
      edits: [
        { span: { start: statement.startIndex, end: statement.startIndex }, newText: prelude },
        { span: { start: fromArg.node.startIndex, end: fromArg.node.endIndex }, newText: `fromFile: ${name}` },
      ],
    },
  ];
}

/** Whether the function around `offset` throws, and whether it returns nothing (a closure: unknown, so no). */
function enclosingFunction(context: RuleContext, offset: number): { throws: boolean; returnsVoid: boolean } {
  let node = context.parsed.tree.rootNode.descendantForIndex(offset);
  while (node && !['function_declaration', 'init_declaration', 'lambda_literal'].includes(node.type)) node = node.parent;
  if (!node || node.type === 'lambda_literal') return { throws: false, returnsVoid: false };
  let throws = false;
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child?.type === 'throws' || child?.type === 'throw_keyword') throws = true;
    if (child?.type === 'function_body') break;
  }
  const returnsVoid = node.type === 'init_declaration' || !node.childForFieldName('return_type');
  return { throws, returnsVoid };
}
