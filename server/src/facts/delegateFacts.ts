// Facts about URLSession delegate methods and handleEvents bodies: what happens to the
// completion handler, where `location` goes, prints, tasks started from callbacks.
// Computed from the tree once per file, after the main extraction (whose facts it may read).
import type { Node } from 'web-tree-sitter';
import type { FileFacts, FunctionFact, Span } from './facts';
import { firstNamedOfType, namedChildren, spanOf } from './syntax';
import { selectors } from './selectors';
import { nodeWithSpan, parameterNodes, statementsOf } from './references';
import { analyzeHandler } from './handlerPaths';
import { collectAwaits, modifierForm } from './handleEventsForms';
import { closureParameterPaths, finishEventsCalls, locationEscapes, parameterStores, retryTaskCalls } from './callbackFacts';

/**
 * Every form of "the app handles background session events": the app delegate method, its async
 * variant, SwiftUI's `.backgroundTask(.urlSession…)` and the widget's `onBackgroundURLSessionEvents`.
 */
export type HandleEventsForm = 'appDelegate' | 'appDelegateAsync' | 'swiftUI' | 'widget';

export interface HandleEventsFact {
  form: HandleEventsForm;
  /** What names the form: the `handleEventsForBackgroundURLSession` label, or the modifier call up to its arguments. */
  span: Span;
  /** The app delegate method (both method forms). */
  functionId?: number;
  /** The forms that are given a completion handler: what the body does with it. */
  handler?: CompletionHandlerFacts;
  /** The async forms (which complete when they return): what the body awaits, nested closures left out. */
  awaits?: AwaitFact[];
}

export interface CompletionHandlerFacts {
  /** The handler's name inside the body (`completionHandler`, or the internal name / closure parameter). */
  name: string;
  nameSpan: Span;
  /** The body refers to the handler at all. */
  mentioned: boolean;
  /** `return`s (and `throw`s that leave) on a path where the handler was neither called, stored, passed on nor captured. */
  droppingExits: Span[];
  /** Those of them inside a branch on the identifier (`guard id == mine else { return }`): a foreign session's events. */
  identifierExits: Span[];
  /** The body can run off its end on such a path. */
  dropsAtEnd: boolean;
  /** Synchronous calls `completionHandler()` that are not in a branch on the identifier. */
  immediateCalls: { span: Span; conditional: boolean }[];
  /** The handler is stored, passed on or captured by a closure somewhere (not only called at once). */
  deferred: boolean;
  /** Member storage it is assigned to: `backgroundCompletionHandler`, `handlers` (for `handlers[id] = …`). */
  storedIn: string[];
  /** Calls it is passed to: `manager.handleEvents(for: identifier, completion: completionHandler)`. */
  passedTo: { callee: string; label?: string; index: number }[];
}

/**
 * An `await` in an async body. `continuation`, `stream`, `call` and `other` may wait for the session's
 * events; `sessionTasks` (`await session.allTasks`), `mainActorRun` and `yield` return at once. For
 * `call` the callee's name lets the workspace look into functions it declares.
 */
export interface AwaitFact {
  span: Span;
  kind: 'continuation' | 'stream' | 'sessionTasks' | 'mainActorRun' | 'yield' | 'call' | 'other';
  callee?: string;
}

export interface AsyncFunctionAwaits {
  functionId: number;
  name: string;
  awaits: AwaitFact[];
}

/** What a function does with a `() -> Void` parameter on each path: a handler passed on to it may be dropped there. */
export interface ClosureParameterPaths {
  functionId: number;
  paramIndex: number;
  paths: CompletionHandlerFacts;
}

/** A function parameter that the function stores into a member: `self.completion = completion`. */
export interface ParameterStore {
  functionId: number;
  paramIndex: number;
  storedIn: string;
  /** The function does nothing else: every statement stores a parameter (a setter). */
  onlyStores: boolean;
}

/** A call in `urlSessionDidFinishEvents` of something that denotes stored storage (a stored closure). */
export interface FinishEventsCall {
  functionId: number;
  /** The call, e.g. `backgroundCompletionHandler?()` or `handler()`. */
  span: Span;
  /** Storage the callee denotes, directly or through a local: `backgroundCompletionHandler`, `handlers`. */
  storage: string[];
  /** The callee is a local bound from the storage (`guard let handler = … else { return }`). */
  viaLocal: boolean;
  /** Where it runs: on the callback's own queue, inside a main-queue/main-actor hop, or in another closure. */
  context: 'direct' | 'main' | 'closure';
}

/** A use of didFinishDownloadingTo's `location` (or of a helper's URL parameter) in work that runs after the method returns. */
export interface LocationEscape {
  functionId: number;
  /** Which parameter escapes. */
  paramIndex: number;
  span: Span;
  how: 'async' | 'afterAwait' | 'stored';
}

export interface LabelSpan {
  functionId: number;
  label: string;
  span: Span;
}

export interface ImportFact {
  module: string;
  span: Span;
}

export interface DelegateFacts {
  handleEvents: HandleEventsFact[];
  asyncFunctions: AsyncFunctionAwaits[];
  parameterStores: ParameterStore[];
  finishEventsCalls: FinishEventsCall[];
  locationEscapes: LocationEscape[];
  /** The same for `URL` parameters of any other function: a helper `location` may be handed to. */
  urlParameterEscapes: LocationEscape[];
  closureParameterPaths: ClosureParameterPaths[];
  /** Task creations in didFinishDownloadingTo / didCompleteWithError that retry (resume data, the task's own request). */
  retryTaskCalls: Span[];
  /** External parameter names of `urlSession…` and `application…` methods. */
  labelSpans: LabelSpan[];
  imports: ImportFact[];
}

export function emptyDelegateFacts(): DelegateFacts {
  return {
    handleEvents: [],
    asyncFunctions: [],
    parameterStores: [],
    finishEventsCalls: [],
    locationEscapes: [],
    urlParameterEscapes: [],
    closureParameterPaths: [],
    retryTaskCalls: [],
    labelSpans: [],
    imports: [],
  };
}

export function extractDelegateFacts(root: Node, facts: FileFacts): DelegateFacts {
  const out = emptyDelegateFacts();
  for (const child of namedChildren(root)) {
    if (child.type === 'import_declaration') {
      const name = firstNamedOfType(child, 'identifier');
      if (name) out.imports.push({ module: name.text, span: spanOf(child) });
    }
  }
  for (const fn of facts.functions) {
    // Finding a function's node costs a tree search: only the ones looked at below need it.
    const urlParams = fn.params.flatMap((param, index) => (param.type === 'URL' ? [index] : []));
    const relevant = fn.isAsync || fn.name === 'urlSession' || fn.name === 'application' || fn.name === 'urlSessionDidFinishEvents' || urlParams.length > 0;
    if (!relevant) continue;
    const node = nodeWithSpan(root, fn.span);
    const body = node?.childForFieldName('body');
    if (!node || !body) continue;
    if (fn.name === 'urlSession' || fn.name === 'application' || fn.name === 'urlSessionDidFinishEvents') {
      labelSpansOf(node, fn, out.labelSpans);
    }
    if (fn.isAsync) out.asyncFunctions.push({ functionId: fn.id, name: fn.name, awaits: collectAwaits(body) });
    if (fn.selector === selectors.handleEvents && fn.params.length === 3) {
      const handlerParam = parameterNodes(node)[2]?.childrenForFieldName('name').find((n) => n?.type === 'simple_identifier');
      if (handlerParam) {
        out.handleEvents.push({
          form: 'appDelegate',
          span: labelSpan(out.labelSpans, fn.id, 'handleEventsForBackgroundURLSession') ?? fn.nameSpan,
          functionId: fn.id,
          handler: analyzeHandler(statementsOf(body), handlerParam, [fn.params[1].name]),
        });
      }
    } else if (fn.selector === selectors.handleEventsAsync && fn.isAsync) {
      out.handleEvents.push({
        form: 'appDelegateAsync',
        span: labelSpan(out.labelSpans, fn.id, 'handleEventsForBackgroundURLSession') ?? fn.nameSpan,
        functionId: fn.id,
        awaits: collectAwaits(body),
      });
    } else if (fn.selector === selectors.didFinishEvents) {
      out.finishEventsCalls.push(...finishEventsCalls(body, fn));
    } else if (fn.selector === selectors.didFinishDownloading && fn.params.length === 3) {
      out.locationEscapes.push(...locationEscapes(body, fn, 2));
    } else {
      for (const index of urlParams) out.urlParameterEscapes.push(...locationEscapes(body, fn, index));
    }
  }
  for (const site of facts.callSites) {
    if (site.name !== 'backgroundTask' && site.name !== 'onBackgroundURLSessionEvents') continue;
    const node = nodeWithSpan(root, site.span, 'call_expression');
    const fact = node ? modifierForm(node) : undefined;
    if (fact) out.handleEvents.push(fact);
  }
  out.parameterStores = parameterStores(root, facts);
  out.closureParameterPaths = closureParameterPaths(root, facts);
  out.retryTaskCalls = retryTaskCalls(root, facts);
  return out;
}

function labelSpansOf(node: Node, fn: FunctionFact, out: LabelSpan[]): void {
  for (const parameter of parameterNodes(node)) {
    const external = parameter.childForFieldName('external_name');
    if (external && external.text !== '_') out.push({ functionId: fn.id, label: external.text, span: spanOf(external) });
  }
}

function labelSpan(spans: LabelSpan[], functionId: number, label: string): Span | undefined {
  return spans.find((entry) => entry.functionId === functionId && entry.label === label)?.span;
}
