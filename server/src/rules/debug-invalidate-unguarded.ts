// invalidateAndCancel() on a background session at launch, outside #if DEBUG: the article's
// "start from a clean slate" helper, shipped.
import { enclosingStatement, wrapInIfDebug } from '../fixes/statementEdits';
import { isLaunchCallback } from './appEntryPoints';
import { callsOnBackgroundSession, sessionCreatedHere } from './backgroundSessionCalls';
import type { Rule } from './ruleTypes';

export const debugInvalidateUnguarded: Rule = {
  meta: {
    id: 'debug-invalidate-unguarded',
    severity: 'warning',
    fix: 'quick',
    summary: 'invalidateAndCancel() on a background session at launch outside #if DEBUG: a testing reset that would cancel users\' transfers.',
  },
  check(context) {
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['invalidateAndCancel'])) {
      const fn = context.workspace.functionById(call.functionId);
      if (!isLaunchCallback(context.workspace, fn)) continue;
      if (context.parsed.ifRegions.isDebugOnly(call.span.start)) continue;
      const statement = enclosingStatement(context.parsed.tree, call.span);
      context.report({
        span: call.callSpan,
        message: `invalidateAndCancel() in ${fn.kind === 'init' ? `${fn.typeName}.init` : fn.name} cancels every transfer of the background session at each launch in production builds too; keep this testing reset inside #if DEBUG.`,
        related: sessionCreatedHere(sessions, via),
        fixes: statement ? [{ title: 'Wrap in #if DEBUG', safety: 'quick', edits: [wrapInIfDebug(context.text, statement)] }] : [],
      });
    }
  },
};
