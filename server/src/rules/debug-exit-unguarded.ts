// exit() outside #if DEBUG where the seed's testing shortcut puts it: in the code that runs when
// the app leaves the foreground or terminates. exit() elsewhere (a startup guard in
// didFinishLaunching, "fill in your API key first") is not this pitfall.
import type { Node } from 'web-tree-sitter';
import { callOfClosure } from '../facts/references';
import type { CallSite } from '../facts/facts';
import { children, namedChildren, readCall } from '../facts/syntax';
import { enclosingStatement, wrapInIfDebug } from '../fixes/statementEdits';
import { nodeAt } from './nodeAt';
import type { Rule, RuleContext } from './ruleTypes';

/** UIApplicationDelegate / UISceneDelegate / NSApplicationDelegate / WKExtensionDelegate callbacks. */
const leavingCallbacks = new Set(['applicationDidEnterBackground', 'sceneDidEnterBackground', 'applicationWillTerminate']);

/** The notifications posted when the app (or a scene) enters the background or terminates. */
const leavingNotifications = new Set([
  'didEnterBackgroundNotification',
  'willTerminateNotification',
  'applicationDidEnterBackgroundNotification',
  'UIApplicationDidEnterBackground',
  'UIApplicationWillTerminate',
]);

export const debugExitUnguarded: Rule = {
  meta: {
    id: 'debug-exit-unguarded',
    severity: 'error',
    fix: 'safe',
    summary: 'exit() when the app enters the background or terminates, outside #if DEBUG: a testing shortcut that would ship.',
  },
  check(context) {
    if (isCommandLineTool(context)) return;
    for (const site of context.facts.callSites) {
      if (site.name !== 'exit' || !site.isBare || site.labels.length !== 1) continue;
      if (context.parsed.ifRegions.isDebugOnly(site.span.start)) continue;
      const where = leavingPlace(context, site);
      if (!where) continue;
      const statement = enclosingStatement(context.parsed.tree, site.span);
      context.report({
        span: site.span,
        message: `exit() in ${where} terminates the app in production builds too; keep this background-transfer testing shortcut inside #if DEBUG.`,
        fixes: statement ? [{ title: 'Wrap in #if DEBUG', safety: 'safe', edits: [wrapInIfDebug(context.text, statement)] }] : [],
      });
    }
  },
};

/** Where the exit() runs as the app leaves the foreground, described for the message; undefined elsewhere. */
function leavingPlace(context: RuleContext, site: CallSite): string | undefined {
  const fn = context.workspace.functionById(site.functionId);
  if (fn?.typeName && leavingCallbacks.has(fn.name)) return fn.name;
  const node = nodeAt(context.parsed.tree, site.span, 'call_expression');
  if (!node) return undefined;
  for (let current: Node | null = node, inner: Node | null = null; current; inner = current, current = current.parent) {
    if (current.type === 'lambda_literal') {
      const call = callOfClosure(current);
      if (call && mentionsLeavingNotification(call, current)) return 'a did-enter-background observer';
    }
    if (isBackgroundBranch(current)) return 'a branch taken when the app is in the background';
    if (inner && current.type === 'statements' && afterBackgroundGuard(current, inner)) return 'code that runs only when the app is in the background';
    if (current.type === 'function_declaration') break;
  }
  if (fn?.typeName && observesLeaving(context, fn.name)) return `${fn.name}, which observes the app entering the background`;
  return undefined;
}

/** The call a closure is given to names a leaving notification (in its arguments or receiver chain). */
function mentionsLeavingNotification(call: Node, closure: Node): boolean {
  return call
    .descendantsOfType('simple_identifier')
    .some((id) => !!id && leavingNotifications.has(id.text) && (id.startIndex < closure.startIndex || id.startIndex >= closure.endIndex));
}

/**
 * `node` is the statements of a branch taken only in the background: `if phase == .background { … }`,
 * `case .background:` (the scene phase, `applicationState`), or what follows `guard … == .background else { … }`.
 */
function isBackgroundBranch(node: Node): boolean {
  const parent = node.parent;
  if (!parent || node.type !== 'statements') return false;
  if (parent.type === 'switch_entry') {
    return namedChildren(parent).some((child) => child.type === 'switch_pattern' && namesBackground(child));
  }
  if (parent.type === 'if_statement') {
    // Only the first block: the conditions come before it, `else` after.
    const first = children(parent).find((child) => child.type === 'statements');
    const conditions = children(parent).filter((child) => child.isNamed && child.endIndex <= node.startIndex && child.type !== 'statements');
    return !!first?.equals(node) && conditions.some((condition) => isBackgroundTest(condition));
  }
  return false;
}

/** `guard phase == .background else { return }` comes before `statement` in the same block. */
function afterBackgroundGuard(block: Node, statement: Node): boolean {
  return namedChildren(block).some(
    (child) =>
      child.type === 'guard_statement' &&
      child.endIndex <= statement.startIndex &&
      children(child).some((part) => part.isNamed && part.type !== 'statements' && isBackgroundTest(part)),
  );
}

/** `x == .background` / `x == UIApplication.State.background` (not `!=`). */
function isBackgroundTest(condition: Node): boolean {
  const tests = condition.type === 'equality_expression' ? [condition] : condition.descendantsOfType('equality_expression').filter((n): n is Node => !!n);
  return tests.some((test) => test.childForFieldName('op')?.text === '==' && namesBackground(test));
}

function namesBackground(node: Node): boolean {
  return node.descendantsOfType('simple_identifier').some((id) => id?.text === 'background');
}

/** `addObserver(self, selector: #selector(name), name: UIApplication.didEnterBackgroundNotification, …)` in this file. */
function observesLeaving(context: RuleContext, method: string): boolean {
  for (const site of context.facts.callSites) {
    if (site.name !== 'addObserver' || !site.labels.includes('selector')) continue;
    const node = nodeAt(context.parsed.tree, site.span, 'call_expression');
    const call = node ? readCall(node) : undefined;
    if (!call) continue;
    const selector = call.args.find((arg) => arg.label === 'selector')?.value;
    const notification = call.args.find((arg) => arg.label === 'name')?.value;
    if (!selector || !notification || selector.type !== 'selector_expression') continue;
    const named = selector.descendantsOfType('simple_identifier').some((id) => id?.text === method);
    const leaving = [notification, ...notification.descendantsOfType('simple_identifier')].some((id) => !!id && leavingNotifications.has(id.text));
    if (named && leaving) return true;
  }
  return false;
}

/** Command-line tools are not apps: exit() there is how they end. An app may have a main.swift too. */
function isCommandLineTool(context: RuleContext): boolean {
  const targets = context.project?.targetsForFile(context.file) ?? [];
  return targets.length > 0 && targets.every((target) => target.kind === 'tool');
}
