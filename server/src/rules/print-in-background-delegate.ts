// print/debugPrint in the delegate callbacks of a background session: invisible after a background relaunch.
import type { Node } from 'web-tree-sitter';
import { enclosingClosures, localNames, nodeWithSpan } from '../facts/references';
import { bareMemberReferences, isValueType, textWithSelf } from '../fixes/implicitSelf';
import type { CallSite, FunctionFact, PropertyFact, ValueExpr } from '../facts/facts';
import { calleeNameAndReceiver, namedChildren, readCall } from '../facts/syntax';
import { indentationAt, indentationUnit, lineEnding } from '../fixes/statementEdits';
import { backgroundSessionsDelegatingTo, sessionsCreatedHere } from './backgroundDelegates';
import type { EditInFile, FixProposal, Rule, RuleContext } from './ruleTypes';

const callbackNames = new Set(['urlSession', 'urlSessionDidFinishEvents']);

export const printInBackgroundDelegate: Rule = {
  meta: {
    id: 'print-in-background-delegate',
    severity: 'info',
    fix: 'quick',
    summary: 'print/debugPrint in URLSession delegate callbacks of a background session: invisible when the app is relaunched without a debugger.',
  },
  check(context) {
    for (const site of context.facts.callSites) {
      if (!site.isBare || (site.name !== 'print' && site.name !== 'debugPrint')) continue;
      const fn = context.workspace.functionById(site.functionId);
      if (!fn || !callbackNames.has(fn.name)) continue;
      const sessions = backgroundSessionsDelegatingTo(context.workspace, fn);
      if (!sessions) continue;
      const fix = useLoggerFix(context, site, fn);
      context.report({
        span: site.span,
        message: `${site.name}() output only reaches an attached debugger, and a background session relaunches the app without one; log with Logger (or NSLog) to read it in Console.`,
        related: sessionsCreatedHere(sessions, 'The background session this type is the delegate of is created here.'),
        fixes: fix ? [fix] : [],
      });
    }
  },
};

type LoggerKind = 'Logger' | 'OSLog';

/**
 * Rewrites the call to `logger.debug(…)` (or `os_log` below iOS 14), adding the import and a
 * `logger` member when they are missing. Edits that add the import or the member replace the same
 * text whichever print they come from, so fixing several prints at once adds them once.
 */
function useLoggerFix(context: RuleContext, site: CallSite, fn: FunctionFact): FixProposal | undefined {
  const { text, parsed } = context;
  const node = nodeWithSpan(parsed.tree.rootNode, site.span, 'call_expression');
  const call = node ? readCall(node) : undefined;
  const fnNode = nodeWithSpan(parsed.tree.rootNode, fn.span);
  const body = fnNode?.childForFieldName('body');
  if (!node || !call || !fnNode || !body || call.trailingClosures.length > 0 || call.args.length === 0 || call.args.some((arg) => arg.label !== undefined)) {
    return undefined;
  }
  const closures = enclosingClosures(node, body);
  // In a `[weak self]` closure `self` is optional (or rebound): leave that print to the user.
  if (closures.some(capturesWeakSelf)) return undefined;

  const existing = existingLogger(context, fn);
  if (existing === null) return undefined; // a `logger` that is something else: do not guess
  const kind: LoggerKind = existing?.kind ?? (deploymentTargetBelow14(context) ? 'OSLog' : 'Logger');
  const memberBrace = existing ? undefined : primaryBodyBrace(context, fn);
  const loggerIsMember = existing ? existing.member : !!memberBrace;
  const classType = !!fn.typeName && !isValueType(context.workspace, fn.typeName);
  const logger = loggerIsMember && classType && closures.length > 0 ? 'self.logger' : 'logger';
  const reflecting = site.name === 'debugPrint';
  const values = call.args.map((arg) => arg.value);
  const segmentContext = kind === 'Logger' ? messageContext(context, fn, fnNode, body, classType) : undefined;
  const replacement = segmentContext
    ? `${logger}.debug("${values.map((value) => loggerSegment(value, reflecting, segmentContext)).join(' ')}")`
    : osLogCall(values, reflecting, logger);
  const edits: EditInFile[] = [{ span: site.span, newText: replacement }];

  const eol = lineEnding(text);
  const imports = context.facts.delegate.imports;
  const needsImport = !imports.some((entry) => ['OSLog', 'os', 'os.log'].includes(entry.module));
  // OSLog (the framework Logger belongs to) does not exist before iOS 14; os_log lives in os.log.
  const importLine = kind === 'Logger' ? 'import OSLog' : 'import os.log';
  const declaration = `private let logger = ${kind}(subsystem: Bundle.main.bundleIdentifier ?? "app", category: "${fn.typeName ?? 'app'}")`;
  const fileLevelLogger = !existing && !memberBrace;
  const lastImport = imports[imports.length - 1];
  if (needsImport || fileLevelLogger) {
    const added = (needsImport ? `${eol}${importLine}` : '') + (fileLevelLogger ? `${eol}${eol}${declaration}` : '');
    if (lastImport) {
      edits.push({ span: lastImport.span, newText: text.slice(lastImport.span.start, lastImport.span.end) + added });
    } else {
      const firstLineEnd = text.indexOf('\n') === -1 ? text.length : text.indexOf('\n');
      const firstLine = text.slice(0, firstLineEnd).replace(/\r$/, '');
      edits.push({ span: { start: 0, end: firstLine.length }, newText: `${added.slice(eol.length)}${eol}${eol}${firstLine}` });
    }
  }
  if (memberBrace) {
    const indent = indentationAt(text, memberBrace.typeStart) + indentationUnit(text);
    edits.push({ span: { start: memberBrace.brace, end: memberBrace.brace + 1 }, newText: `{${eol}${indent}${declaration}${eol}` });
  }
  return {
    title: kind === 'Logger' ? 'Log with Logger instead' : 'Log with os_log instead',
    safety: 'quick',
    edits,
  };
}

function capturesWeakSelf(lambda: Node): boolean {
  const captures = lambda.childForFieldName('captures');
  if (!captures) return false;
  return namedChildren(captures).some(
    (item) => item.childForFieldName('name')?.text === 'self' && namedChildren(item).some((child) => child.type === 'ownership_modifier' && child.text === 'weak'),
  );
}

function messageContext(context: RuleContext, fn: FunctionFact, fnNode: Node, body: Node, classType: boolean): MessageContext {
  const parameterTypes = new Map<string, string>();
  for (const parameter of namedChildren(fnNode).filter((child) => child.type === 'parameter')) {
    const names = parameter.childrenForFieldName('name').filter((child): child is Node => !!child);
    const name = names.find((child) => child.type === 'simple_identifier');
    const type = names.find((child) => child.type === 'user_type');
    if (name && type) parameterTypes.set(name.text, type.text);
  }
  const locals = localNames(body);
  for (const param of fn.params) locals.add(param.name);
  const members = classType && fn.typeName ? context.workspace.instanceMemberNames(fn.typeName) : new Set<string>();
  return { text: context.text, parameterTypes, members, locals };
}

/** The `logger` the callback can use: Logger or OSLog, a member or a global; undefined when none, null when `logger` is something else. */
function existingLogger(context: RuleContext, fn: FunctionFact): { kind: LoggerKind; member: boolean } | undefined | null {
  // The type's own `logger`, and a global one of this file (of any file, in a global function).
  const globals = context.workspace.propertiesOf('', 'logger');
  const candidates: PropertyFact[] = fn.typeName
    ? [...context.workspace.propertiesOf(fn.typeName, 'logger'), ...globals.filter((property) => property.file === context.file)]
    : globals;
  if (candidates.length === 0) return undefined;
  const kinds = candidates.map(loggerKindOf);
  const kind = kinds[0];
  if (!kind || !kinds.every((other) => other === kind)) return null;
  return { kind, member: candidates.some((property) => property.typeName !== undefined) };
}

function loggerKindOf(property: PropertyFact): LoggerKind | undefined {
  if (property.declaredType === 'Logger' || property.declaredType === 'OSLog') return property.declaredType;
  const value: ValueExpr | undefined = property.initializer;
  if (value?.kind === 'call' && value.callee.kind === 'name' && (value.callee.name === 'Logger' || value.callee.name === 'OSLog')) return value.callee.name;
  return undefined;
}

function deploymentTargetBelow14(context: RuleContext): boolean {
  const targets = context.project?.targetsForFile(context.file) ?? [];
  return targets.some((target) => {
    const major = target.deploymentTarget ? Number.parseFloat(target.deploymentTarget) : Number.NaN;
    return Number.isFinite(major) && major < 14;
  });
}

/** The `{` opening the type's own declaration in this file (extensions cannot hold stored properties). */
function primaryBodyBrace(context: RuleContext, fn: FunctionFact): { brace: number; typeStart: number } | undefined {
  if (!fn.typeName) return undefined;
  const declaration = context.facts.types.find((type) => type.name === fn.typeName && type.kind !== 'extension' && type.kind !== 'protocol');
  if (!declaration) return undefined;
  const node = nodeWithSpan(context.parsed.tree.rootNode, declaration.span);
  const body = node?.childForFieldName('body');
  const brace = body?.child(0);
  if (!node || !brace || brace.type !== '{') return undefined;
  return { brace: brace.startIndex, typeStart: node.startIndex };
}

/** Members whose values Logger's interpolation takes as they are (strings and integers). */
const loggableMembers = new Set([
  'localizedDescription', 'absoluteString', 'path', 'lastPathComponent', 'description', 'debugDescription', 'uuidString',
  'taskIdentifier', 'statusCode', 'countOfBytesReceived', 'countOfBytesExpectedToReceive', 'countOfBytesSent', 'countOfBytesExpectedToSend',
]);

/** Parameter types Logger's interpolation takes as they are (strings, numbers, Foundation objects). */
const loggableTypes = new Set([
  'String', 'Int', 'Int64', 'Int32', 'UInt', 'UInt64', 'Double', 'Float', 'Bool', 'URL', 'Data', 'URLRequest',
  'URLSession', 'URLSessionTask', 'URLSessionDownloadTask', 'URLSessionUploadTask', 'URLSessionDataTask', 'URLResponse', 'HTTPURLResponse',
]);

/** What a Logger message needs to know about the callback: its parameters' types and the members that need `self.`. */
interface MessageContext {
  text: string;
  parameterTypes: Map<string, string>;
  members: Set<string>;
  locals: Set<string>;
}

/**
 * One print argument as part of a Logger message. Logger's interpolation accepts fewer types than
 * print (no optionals, no arbitrary values), so values not known to be loggable go through
 * `String(describing:)`, which is also what print shows. Its interpolations are escaping
 * closures, so members of a class are written with `self.`.
 */
function loggerSegment(value: Node, reflecting: boolean, context: MessageContext): string {
  if (value.type === 'line_string_literal' && !reflecting) {
    return namedChildren(value)
      .map((part) => (part.type === 'interpolated_expression' ? `\\(${loggerValue(part.childForFieldName('value') ?? part.namedChild(0), false, context)})` : part.text))
      .join('');
  }
  return `\\(${loggerValue(value, reflecting, context)})`;
}

function loggerValue(value: Node | null, reflecting: boolean, context: MessageContext): string {
  if (!value) return '""';
  const references = bareMemberReferences([value], context.members).filter((reference) => !context.locals.has(reference.text));
  const text = textWithSelf(context.text, value.startIndex, value.endIndex, references);
  if (reflecting) return `String(reflecting: ${text})`;
  return isLoggable(value, context) ? text : `String(describing: ${text})`;
}

function isLoggable(value: Node, context: MessageContext): boolean {
  if (['line_string_literal', 'integer_literal', 'real_literal', 'boolean_literal'].includes(value.type)) return true;
  if (value.type === 'simple_identifier') return loggableTypes.has(context.parameterTypes.get(value.text) ?? '');
  if (value.type === 'navigation_expression') {
    return loggableMembers.has(calleeNameAndReceiver(value).name?.text ?? '') && !hasOptionalChaining(value);
  }
  return false;
}

function hasOptionalChaining(node: Node): boolean {
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (!child) continue;
    if (child.type === '?' || hasOptionalChaining(child)) return true;
  }
  return false;
}

/** `os_log` for deployment targets below iOS 14: a plain literal stays the format, anything else goes through `%{public}@`. */
function osLogCall(values: Node[], reflecting: boolean, logger: string): string {
  const only = values.length === 1 ? values[0] : undefined;
  const plain = only && only.type === 'line_string_literal' && !reflecting && namedChildren(only).every((part) => part.type !== 'interpolated_expression');
  if (only && plain && !only.text.includes('%')) return `os_log(${only.text}, log: ${logger}, type: .debug)`;
  const message = values
    .map((value) =>
      value.type === 'line_string_literal' && !reflecting
        ? value.text.slice(1, -1)
        : `\\(${reflecting ? `String(reflecting: ${value.text})` : value.text})`,
    )
    .join(' ');
  return `os_log("%{public}@", log: ${logger}, type: .debug, "${message}")`;
}
