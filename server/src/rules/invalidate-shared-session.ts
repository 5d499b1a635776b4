// URLSession.shared.invalidateAndCancel() / finishTasksAndInvalidate(): the shared session
// ignores both, so the "reset" does nothing.
import type { ValueExpr } from '../facts/facts';
import type { Rule, RuleContext } from './ruleTypes';

const maxDepth = 8;

export const invalidateSharedSession: Rule = {
  meta: {
    id: 'invalidate-shared-session',
    severity: 'warning',
    fix: 'none',
    summary: 'invalidateAndCancel() or finishTasksAndInvalidate() on URLSession.shared has no effect.',
  },
  check(context) {
    for (const call of context.facts.methodCalls) {
      if (call.method !== 'invalidateAndCancel' && call.method !== 'finishTasksAndInvalidate') continue;
      if (call.args.length > 0 || !isSharedSession(context, call.receiver, 0)) continue;
      context.report({
        span: call.callSpan,
        message: `${call.method}() has no effect on URLSession.shared, so nothing is cancelled or reset; invalidate the background session the app created instead.`,
      });
    }
  },
};

/**
 * `URLSession.shared`, directly, through a local, or through a stored property or global that only
 * ever holds it. The workspace evaluator cannot tell it apart from other non-background sessions.
 */
function isSharedSession(context: RuleContext, expr: ValueExpr, depth: number): boolean {
  if (depth > maxDepth) return false;
  switch (expr.kind) {
    case 'notBackground':
      return true; // in a ValueExpr (not a Value), only `URLSession.shared` is notBackground
    case 'union':
      return expr.values.every((value) => value.kind === 'nil' || isSharedSession(context, value, depth + 1));
    case 'name': {
      const inType = expr.typeName ? storedValues(context, expr.typeName, expr.name, undefined) : undefined;
      const values = inType ?? storedValues(context, undefined, expr.name, undefined) ?? [];
      return values.length > 0 && values.every((value) => isSharedSession(context, value, depth + 1));
    }
    case 'member': {
      const owner = expr.base.kind === 'self' ? expr.base.typeName : expr.base.kind === 'name' && context.workspace.typeDeclarations(expr.base.name).length > 0 ? expr.base.name : undefined;
      if (!owner) return false;
      const values = storedValues(context, owner, expr.name, expr.base.kind === 'name') ?? [];
      return values.length > 0 && values.every((value) => isSharedSession(context, value, depth + 1));
    }
    default:
      return false;
  }
}

/**
 * Everything a stored property (of `owner`, or a global) is initialized with or assigned, [] for a
 * computed property, undefined when no such property is declared.
 */
function storedValues(context: RuleContext, owner: string | undefined, name: string, isStatic: boolean | undefined): ValueExpr[] | undefined {
  const values: ValueExpr[] = [];
  let declared = false;
  for (const facts of context.workspace.allFacts()) {
    for (const property of facts.properties) {
      if (property.name !== name || (property.typeName ?? '') !== (owner ?? '')) continue;
      if (isStatic !== undefined && property.isStatic !== isStatic) continue;
      if (property.isComputed) return [];
      declared = true;
      if (property.initializer) values.push(property.initializer);
    }
    for (const assignment of facts.memberAssignments) {
      if (owner !== undefined && assignment.typeName === owner && assignment.name === name) values.push(assignment.value);
    }
  }
  return declared ? values : undefined;
}
