// A background configuration changed after a session was made from it, or through
// `session.configuration`: since iOS 9 a session keeps its own copy of the configuration, so the
// change never reaches it. Reported only where the order is certain: the session is made
// unconditionally earlier in the same block (or an enclosing one), and the changed configuration
// makes no other session and is not handed on elsewhere.
import type { Node, Tree } from 'web-tree-sitter';
import type { ConfigCreation, PropertySet, SessionCreation, ValueExpr } from '../facts/facts';
import { calleeNameAndReceiver } from '../facts/syntax';
import { lineEnding } from '../fixes/statementEdits';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import { nodeAt } from './nodeAt';
import { processTargetsReaching } from './reachingTargets';
import type { FixProposal, Rule, RuleContext } from './ruleTypes';
import { isExtension } from './targets';

/**
 * Configuration settings that silently stop mattering when set late. waitsForConnectivity and
 * shouldUseExtendedBackgroundIdleMode do nothing on a background session at any time: their own
 * rules say to remove them.
 */
const configurationProperties = new Set([
  'isDiscretionary', 'sharedContainerIdentifier', 'sessionSendsLaunchEvents', 'timeoutIntervalForResource',
  'timeoutIntervalForRequest', 'protocolClasses', 'allowsCellularAccess',
]);

/** Nodes between a session creation and its statement that do not make the creation conditional. */
const unconditionalParents = new Set([
  'value_argument', 'value_arguments', 'call_suffix', 'call_expression', 'navigation_expression', 'navigation_suffix',
  'property_declaration', 'assignment', 'try_expression', 'await_expression', 'parenthesized_expression',
  'as_expression', 'postfix_expression',
]);

/** Where a function's, getter's or closure's own code ends: uses of a local are looked for up to there. */
const scopeNodes = new Set(['function_declaration', 'init_declaration', 'deinit_declaration', 'lambda_literal', 'computed_property']);

export const configurationChangedAfterSession: Rule = {
  meta: {
    id: 'configuration-changed-after-session',
    severity: 'warning',
    fix: 'quick',
    summary: 'A background configuration changed after URLSession(configuration:) was made from it, or through session.configuration: the session keeps a copy, so the change has no effect.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (!configurationProperties.has(set.property)) continue;
      const viaSession = sessionOfConfigurationRead(context, set);
      if (viaSession) {
        const configs = viaSession.flatMap((session) => context.workspace.backgroundConfigs(session.configuration) ?? []);
        context.report({
          span: set.propertySpan,
          message: `The configuration property hands back a copy of the session's configuration, so ${consequence(context, set.property, configs, `the ${set.property} set on it`)}.`,
        });
        continue;
      }
      const configs = context.workspace.backgroundConfigs(set.receiver);
      if (!configs) continue;
      const earlier = sessionMadeBefore(context, set, configs);
      if (!earlier) continue;
      context.report({
        span: set.propertySpan,
        message: `${set.property} is set after URLSession(configuration:) took its copy of this configuration, so ${consequence(context, set.property, configs, 'the setting')}.`,
        related: [{ file: context.file, span: earlier.session.span, message: 'The session is made here, with the configuration as it was then.' }],
        fixes: moveBeforeSessionFix(context, set, earlier.statement),
      });
    }
  },
};

/** What the user loses, in a clause. */
function consequence(context: RuleContext, property: string, configs: ConfigCreation[], setting: string): string {
  if (property !== 'sharedContainerIdentifier') return `${setting} never applies to the session`;
  const inExtension = configs.some((config) => processTargetsReaching(context.workspace, context.project, config).some(isExtension));
  return inExtension
    ? 'the session never uses the shared container set here and the extension\'s background transfers fail'
    : 'the session never uses the shared container set here';
}

/** `session.configuration.x = …` on a background session (written so, not through a local copy). */
function sessionOfConfigurationRead(context: RuleContext, set: PropertySet): SessionCreation[] | undefined {
  if (set.receiver.kind !== 'member' || set.receiver.name !== 'configuration') return undefined;
  const target = nodeAt(context.parsed.tree, set.span, 'assignment')?.childForFieldName('target')?.namedChild(0);
  const receiver = target?.type === 'navigation_expression' ? calleeNameAndReceiver(target).receiver : undefined;
  if (receiver?.type !== 'navigation_expression' || calleeNameAndReceiver(receiver).name?.text !== 'configuration') return undefined;
  return context.workspace.backgroundSessions(set.receiver.base);
}

interface EarlierSession {
  session: SessionCreation;
  /** The statement that makes it. */
  statement: Node;
}

/**
 * A session made from this very configuration object before the assignment, on every path that
 * reaches it; undefined unless the configuration makes no other session and is not handed on.
 */
function sessionMadeBefore(context: RuleContext, set: PropertySet, configs: ConfigCreation[]): EarlierSession | undefined {
  const earlier = context.facts.sessionCreations.filter(
    (session) => session.context.functionId === set.functionId && !session.context.inLoop && session.span.end <= set.span.start && sameObject(session.configuration, set.receiver),
  );
  // The tree is searched only for a set that follows a session made from its object (most come before).
  if (earlier.length === 0) return undefined;
  const tree = context.parsed.tree;
  const assignment = nodeAt(tree, set.span, 'assignment');
  if (!assignment) return undefined;
  const before: EarlierSession[] = [];
  for (const session of earlier) {
    const statement = statementRunningBefore(tree, session, assignment);
    if (statement) before.push({ session, statement });
  }
  if (before.length === 0) return undefined;
  // Any other session made from these configurations may come after the change.
  const made = sessionsMadeFrom(context.workspace, configs);
  if (made.some((session) => !before.some((earlier) => earlier.session === session))) return undefined;
  if (handedOn(tree, assignment, before)) return undefined;
  return before[before.length - 1];
}

/**
 * The same configuration object: the same local (the facts share one value for every read of a
 * local that was not reassigned in between), or the same stored property of `self`.
 */
function sameObject(a: ValueExpr, b: ValueExpr): boolean {
  if (a === b) return true;
  const keyA = storageKey(a);
  return keyA !== undefined && keyA === storageKey(b);
}

function storageKey(expr: ValueExpr): string | undefined {
  if (expr.kind === 'name') return `${expr.typeName ?? ''}.${expr.name}`;
  if (expr.kind === 'member' && expr.base.kind === 'self' && expr.base.typeName) return `${expr.base.typeName}.${expr.name}`;
  return undefined;
}

/**
 * The statement that makes `session` when it surely runs before `assignment`: the creation is not
 * inside a condition, a closure or a `return`, and the assignment comes later in the same block
 * (directly or in blocks nested in it).
 */
function statementRunningBefore(tree: Tree, session: SessionCreation, assignment: Node): Node | undefined {
  let node = nodeAt(tree, session.span, 'call_expression');
  if (!node) return undefined;
  while (node.parent && node.parent.type !== 'statements') {
    if (!unconditionalParents.has(node.parent.type)) return undefined;
    node = node.parent;
  }
  const block = node.parent;
  if (!block || assignment.startIndex < node.endIndex) return undefined;
  for (let up: Node | null = assignment.parent; up; up = up.parent) {
    if (up.equals(block)) return node;
  }
  return undefined;
}

/** The background sessions of the workspace made from each configuration creation. */
function sessionsMadeFrom(workspace: WorkspaceIndex, configs: ConfigCreation[]): SessionCreation[] {
  const byConfig = workspace.derived(sessionsByConfigKey, () => {
    const map = new Map<ConfigCreation, SessionCreation[]>();
    for (const facts of workspace.allFacts()) {
      for (const session of facts.sessionCreations) {
        for (const config of workspace.backgroundConfigs(session.configuration) ?? []) {
          const list = map.get(config);
          if (list) list.push(session);
          else map.set(config, [session]);
        }
      }
    }
    return map;
  });
  return [...new Set(configs.flatMap((config) => byConfig.get(config) ?? []))];
}

const sessionsByConfigKey = {};

/**
 * Besides making the earlier sessions, the configuration is used for more than setting or reading
 * its members, before or after the change (passed to a call, stored elsewhere, returned, copied):
 * another session may be made from it where the workspace cannot see.
 */
function handedOn(tree: Tree, assignment: Node, before: EarlierSession[]): boolean {
  const target = assignment.childForFieldName('target')?.namedChild(0);
  const receiver = target?.type === 'navigation_expression' ? calleeNameAndReceiver(target).receiver : undefined;
  const name = receiver?.type === 'simple_identifier' ? receiver.text : receiver?.type === 'navigation_expression' ? calleeNameAndReceiver(receiver).name?.text : undefined;
  if (!name) return true;
  // The function, getter or closure whose code makes the first session (and so holds the change too).
  let scope: Node | null = before[0].statement;
  while (scope && !scopeNodes.has(scope.type)) scope = scope.parent;
  for (const id of (scope ?? tree.rootNode).descendantsOfType('simple_identifier')) {
    if (!id || id.text !== name) continue;
    // Declarations and argument labels are not uses.
    if (id.parent?.type === 'pattern' || id.parent?.type === 'value_argument_label') continue;
    // `self.config` is used as a whole.
    const use = id.parent?.type === 'navigation_suffix' && id.parent.parent?.namedChild(0)?.type === 'self_expression' ? id.parent.parent : id;
    if (before.some((earlier) => earlier.session.span.start <= use.startIndex && use.endIndex <= earlier.session.span.end)) continue;
    if (use.parent?.type === 'directly_assignable_expression') continue; // the variable itself assigned
    if (!onlyMembersTouched(use)) return true;
  }
  return false;
}

/** `config.x = …` or a read of `config.x`, not a method called on it. */
function onlyMembersTouched(use: Node): boolean {
  const parent = use.parent;
  if (parent?.type !== 'navigation_expression' || !parent.namedChild(0)?.equals(use)) return false;
  const up = parent.parent;
  return !(up?.type === 'call_expression' && up.namedChild(0)?.equals(parent));
}

/**
 * Moves the assignment's line to just above the statement that makes the session, when both sit
 * in the same block on lines of their own, no `#if` line lies between them, and the assigned value
 * names nothing declared or assigned in between.
 */
function moveBeforeSessionFix(context: RuleContext, set: PropertySet, sessionStatement: Node): FixProposal[] {
  const { text } = context;
  const assignment = nodeAt(context.parsed.tree, set.span, 'assignment');
  const block = sessionStatement.parent;
  if (!assignment || !block || !assignment.parent?.equals(block)) return [];
  const lineOf = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const sessionLine = lineOf(sessionStatement.startIndex);
  const setLine = lineOf(assignment.startIndex);
  const newline = text.indexOf('\n', assignment.endIndex);
  const setLineEnd = newline === -1 ? text.length : newline + 1;
  const rest = text.slice(assignment.endIndex, newline === -1 ? text.length : newline).trim();
  if (text.slice(sessionLine, sessionStatement.startIndex).trim() !== '' || text.slice(setLine, assignment.startIndex).trim() !== '') return [];
  if (rest !== '' && !rest.startsWith('//')) return [];
  if (text.slice(sessionLine, setLine).split('\n').some((line) => line.trim().startsWith('#'))) return [];
  const value = assignment.childForFieldName('result');
  const named = new Set((value?.descendantsOfType('simple_identifier') ?? []).filter((id): id is Node => !!id).map((id) => id.text));
  if (value?.type === 'simple_identifier') named.add(value.text);
  for (const statement of block.namedChildren) {
    if (!statement || statement.startIndex < sessionStatement.startIndex || statement.startIndex >= assignment.startIndex) continue;
    if (writtenNames(statement).some((name) => named.has(name))) return [];
  }
  let moved = text.slice(setLine, setLineEnd);
  if (!moved.endsWith('\n')) moved += lineEnding(text);
  return [
    {
      title: `Set ${set.property} before the session is made`,
      safety: 'quick',
      edits: [
        { span: { start: sessionLine, end: sessionLine }, newText: moved },
        { span: { start: setLine, end: setLineEnd }, newText: '' },
      ],
    },
  ];
}

/** Names a statement declares or assigns (`let s = …`, `x = …`, `self.x = …`). */
function writtenNames(statement: Node): string[] {
  const names: string[] = [];
  if (statement.type === 'property_declaration') {
    for (const pattern of statement.childrenForFieldName('name')) {
      for (const id of pattern?.descendantsOfType('simple_identifier') ?? []) if (id) names.push(id.text);
      if (pattern?.type === 'simple_identifier') names.push(pattern.text);
    }
  }
  for (const assignment of [statement, ...statement.descendantsOfType('assignment')]) {
    if (!assignment || assignment.type !== 'assignment') continue;
    const target = assignment.childForFieldName('target')?.namedChild(0);
    if (target?.type === 'simple_identifier') names.push(target.text);
    else if (target?.type === 'navigation_expression') {
      const name = calleeNameAndReceiver(target).name?.text;
      if (name) names.push(name);
    }
  }
  return names;
}
