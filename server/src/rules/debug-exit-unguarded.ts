// exit() in an app's lifecycle callbacks outside #if DEBUG.
import { basename } from 'node:path';
import { selectors } from '../facts/delegateFacts';
import { enclosingStatement, wrapInIfDebug } from '../fixes/statementEdits';
import type { Rule, RuleContext } from './ruleTypes';

/** UIApplicationDelegate and UISceneDelegate callbacks where the seed's debug helper calls exit(0). */
const lifecycleCallbacks = new Set<string>([
  'applicationDidEnterBackground',
  'applicationWillResignActive',
  'applicationWillTerminate',
  'applicationDidBecomeActive',
  'applicationWillEnterForeground',
  'applicationDidFinishLaunching',
  'sceneDidEnterBackground',
  'sceneWillResignActive',
  'sceneDidDisconnect',
  'sceneDidBecomeActive',
  'sceneWillEnterForeground',
  'application(_:didFinishLaunchingWithOptions:)',
  'application(_:willFinishLaunchingWithOptions:)',
  selectors.handleEvents,
]);

export const debugExitUnguarded: Rule = {
  meta: {
    id: 'debug-exit-unguarded',
    severity: 'error',
    seed: 'S10',
    fix: 'safe',
    summary: 'exit() in an app lifecycle callback outside #if DEBUG: a testing shortcut that would ship.',
  },
  check(context) {
    if (isCommandLineTool(context)) return;
    for (const site of context.facts.callSites) {
      if (site.name !== 'exit' || !(site.isBare || site.labels.length === 1)) continue;
      const fn = context.workspace.functionById(site.functionId);
      if (!fn || !(lifecycleCallbacks.has(fn.name) || lifecycleCallbacks.has(fn.selector))) continue;
      if (context.parsed.ifRegions.isDebugOnly(site.span.start)) continue;
      const statement = enclosingStatement(context.parsed.tree, site.span);
      context.report({
        span: site.span,
        message: `exit() in ${fn.name} terminates the app in production builds too; keep this background-transfer testing shortcut inside #if DEBUG.`,
        fixes: statement ? [{ title: 'Wrap in #if DEBUG', safety: 'safe', edits: [wrapInIfDebug(context.text, statement)] }] : [],
      });
    }
  },
};

/** Command-line tools are not apps: exit() there is how they end. */
function isCommandLineTool(context: RuleContext): boolean {
  if (basename(context.file) === 'main.swift') return true;
  const targets = context.project?.targetsForFile(context.file) ?? [];
  return targets.length > 0 && targets.every((target) => target.kind === 'tool');
}
