// The app's entry points the rules talk about: the handleEvents forms (every one counts, see
// PITFALLS.md "handleEvents means every form") and the launch callbacks.
import { selectors } from '../facts/selectors';
import type { FunctionFact, Span } from '../facts/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export const handleEventsSelectors = new Set<string>([selectors.handleEvents, selectors.handleEventsAsync]);

export const didBecomeInvalidSelector = selectors.didBecomeInvalid;

export function isHandleEvents(fn: FunctionFact | undefined): fn is FunctionFact {
  return !!fn && handleEventsSelectors.has(fn.selector);
}

/** Where the workspace handles background session events: handleEvents, `.backgroundTask(.urlSession…)`, a widget's `onBackgroundURLSessionEvents`. */
export function backgroundEventHandlers(workspace: WorkspaceIndex): { file: string; span: Span }[] {
  const found: { file: string; span: Span }[] = [];
  for (const facts of workspace.allFacts()) {
    for (const fn of facts.functions) if (isHandleEvents(fn)) found.push({ file: fn.file, span: fn.nameSpan });
  }
  for (const site of workspace.callSitesNamed('backgroundTask')) {
    if (site.argumentTexts[0]?.trimStart().startsWith('.urlSession')) found.push({ file: site.file, span: site.span });
  }
  for (const site of workspace.callSitesNamed('onBackgroundURLSessionEvents')) found.push({ file: site.file, span: site.span });
  return found;
}

/** The app delegate's launch callbacks. */
export const appLaunchSelectors = ['application(_:didFinishLaunchingWithOptions:)', 'application(_:willFinishLaunchingWithOptions:)'];

const launchSelectors = new Set([...appLaunchSelectors, 'scene(_:willConnectTo:options:)']);

/** A callback that runs at every launch: didFinishLaunching, a scene connecting, the `init` of a SwiftUI `App`. */
export function isLaunchCallback(workspace: WorkspaceIndex, fn: FunctionFact | undefined): fn is FunctionFact {
  if (!fn) return false;
  if (launchSelectors.has(fn.selector) || fn.name === 'applicationDidFinishLaunching') return true;
  if (fn.kind !== 'init' || !fn.typeName) return false;
  return workspace.typeDeclarations(fn.typeName).some((type) => type.inherits.includes('App'));
}
