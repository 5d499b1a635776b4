// print/debugPrint in the delegate callbacks of a background session: invisible after a background relaunch.
import type { Node } from 'web-tree-sitter';
import { nodeWithSpan } from '../facts/delegateFacts';
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
    seed: 'S6',
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
 * Rewrites the call to `logger.debug(…)` (or `os_log` below iOS 14), adding `import OSLog` and a
 * `logger` member when they are missing. Edits that add the import or the member replace the same
 * text whichever print they come from, so fixing several prints at once adds them once.
 */
function useLoggerFix(context: RuleContext, site: CallSite, fn: FunctionFact): FixProposal | undefined {
  const { text, parsed } = context;
  const node = nodeWithSpan(parsed.tree.rootNode, site.span, 'call_expression');
  const call = node ? readCall(node) : undefined;
  if (!call || call.trailingClosures.length > 0 || call.args.length === 0 || call.args.some((arg) => arg.label !== undefined)) return undefined;

  const existing = existingLogger(context, fn);
  if (existing === null) return undefined; // a `logger` that is something else: do not guess
  const kind: LoggerKind = existing ?? (deploymentTargetBelow14(context) ? 'OSLog' : 'Logger');
  const reflecting = site.name === 'debugPrint';
  const replacement =
    kind === 'Logger'
      ? `logger.debug("${call.args.map((arg) => loggerSegment(arg.value, reflecting)).join(' ')}")`
      : osLogCall(call.args.map((arg) => arg.value), reflecting);
  const edits: EditInFile[] = [{ span: site.span, newText: replacement }];

  const eol = lineEnding(text);
  const imports = context.facts.delegate.imports;
  const needsImport = !imports.some((entry) => ['OSLog', 'os', 'os.log'].includes(entry.module));
  const declaration = `private let logger = ${kind}(subsystem: Bundle.main.bundleIdentifier ?? "app", category: "${fn.typeName ?? 'app'}")`;
  const memberBrace = existing ? undefined : primaryBodyBrace(context, fn);
  const fileLevelLogger = !existing && !memberBrace;
  const lastImport = imports[imports.length - 1];
  if (needsImport || fileLevelLogger) {
    const added = (needsImport ? `${eol}import OSLog` : '') + (fileLevelLogger ? `${eol}${eol}${declaration}` : '');
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

/** `Logger` / `OSLog` when a `logger` the callback can use exists, undefined when none, null when `logger` is something else. */
function existingLogger(context: RuleContext, fn: FunctionFact): LoggerKind | undefined | null {
  const candidates: PropertyFact[] = [];
  for (const facts of context.workspace.allFacts()) {
    for (const property of facts.properties) {
      if (property.name !== 'logger') continue;
      if (property.typeName === fn.typeName || (!property.typeName && facts.file === context.file)) candidates.push(property);
    }
  }
  if (candidates.length === 0) return undefined;
  const kinds = candidates.map(loggerKindOf);
  return kinds.every((kind) => kind === kinds[0]) && kinds[0] ? kinds[0] : null;
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

/** Members that are surely strings, so Logger can interpolate them as they are. */
const stringMembers = new Set(['localizedDescription', 'absoluteString', 'path', 'lastPathComponent', 'description', 'debugDescription', 'uuidString']);

/**
 * One print argument as part of a Logger message. Logger's interpolation accepts fewer types than
 * print (no optionals, no arbitrary values), so values not known to be strings go through
 * `String(describing:)`, which is also what print shows.
 */
function loggerSegment(value: Node, reflecting: boolean): string {
  if (value.type === 'line_string_literal' && !reflecting) {
    return namedChildren(value)
      .map((part) => (part.type === 'interpolated_expression' ? `\\(${loggerValue(part.childForFieldName('value') ?? part.namedChild(0), false)})` : part.text))
      .join('');
  }
  return `\\(${loggerValue(value, reflecting)})`;
}

function loggerValue(value: Node | null, reflecting: boolean): string {
  if (!value) return '""';
  if (reflecting) return `String(reflecting: ${value.text})`;
  const isString =
    value.type === 'line_string_literal' ||
    (value.type === 'navigation_expression' && stringMembers.has(calleeNameAndReceiver(value).name?.text ?? '') && !hasOptionalChaining(value));
  return isString ? value.text : `String(describing: ${value.text})`;
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
function osLogCall(values: Node[], reflecting: boolean): string {
  const only = values.length === 1 ? values[0] : undefined;
  const plain = only && only.type === 'line_string_literal' && !reflecting && namedChildren(only).every((part) => part.type !== 'interpolated_expression');
  if (only && plain && !only.text.includes('%')) return `os_log(${only.text}, log: logger, type: .debug)`;
  const message = values
    .map((value) =>
      value.type === 'line_string_literal' && !reflecting
        ? value.text.slice(1, -1)
        : `\\(${reflecting ? `String(reflecting: ${value.text})` : value.text})`,
    )
    .join(' ');
  return `os_log("%{public}@", log: logger, type: .debug, "${message}")`;
}
