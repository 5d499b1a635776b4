// Values that reach a function from its callers: a parameter is whatever its call sites pass (or
// its default where they leave it out), and `self` in an `extension URLSession` method is whatever
// session the callers call it on. A background session passed on *some* call path makes the
// parameter a background session on that path: the finding names the call sites it came through.
import type { CallSite, FunctionFact, ValueExpr } from '../facts/facts';
import { join, type Value } from '../workspace/workspaceIndex';
import { argumentFor, type CallGraph, type CallResolver } from './callGraph';
import { withContextualType } from './argumentBinding';

export class CallPaths {
  private readonly implicitSelves = new WeakMap<CallSite, ValueExpr>();

  constructor(
    private readonly resolver: CallResolver,
    private readonly graph: CallGraph,
  ) {}

  /** The value of parameter `index` of `fn` over the call paths that reach it. */
  parameter(fn: FunctionFact, index: number): Value {
    const param = fn.params[index];
    if (!param) return { kind: 'unknown' };
    const arriving: { value: Value; site?: CallSite }[] = [];
    const sites = this.productionCallers(fn, this.graph.callersOf(fn));
    let leftOut = sites.length === 0;
    for (const site of sites) {
      const argument = argumentFor(fn, site, index);
      if (!argument) leftOut = true;
      else arriving.push({ value: this.resolver.evaluate(param.type ? withContextualType(argument, param.type) : argument), site });
    }
    if (leftOut && param.defaultValue) {
      arriving.push({ value: this.resolver.evaluate(param.type ? withContextualType(param.defaultValue, param.type) : param.defaultValue) });
    }
    return onSomePath(arriving);
  }

  /**
   * A stored property of a struct without initializers of its own: whatever the memberwise
   * initializer's calls (`Uploader(session: s)`) pass for it.
   */
  memberwiseArgument(typeName: string, property: string): Value {
    const arriving: { value: Value; site?: CallSite }[] = [];
    for (const site of this.resolver.callSitesNamed(typeName)) {
      if (site.receiver || this.resolver.isTestCode(site.file, site.typeName)) continue;
      const argument = site.labels.indexOf(property);
      if (argument >= 0 && site.argumentValues[argument]) arriving.push({ value: this.resolver.evaluate(site.argumentValues[argument]), site });
    }
    return onSomePath(arriving);
  }

  /**
   * The call sites that ship: a test that hands a background configuration to library code says
   * nothing about what the app passes (unless the function itself is test code).
   */
  private productionCallers(fn: FunctionFact, sites: CallSite[]): CallSite[] {
    if (this.resolver.isTestCode(fn.file, fn.typeName)) return sites;
    return sites.filter((site) => !this.resolver.isTestCode(site.file, site.typeName));
  }

  /** `self` inside a method of `extension URLSession`: the sessions its callers call it on. */
  sessionReceiver(fn: FunctionFact): Value {
    const arriving = this.productionCallers(fn, this.graph.callersOf(fn)).map((site) => ({
      value: this.resolver.evaluate(site.receiver ?? this.implicitSelf(site)),
      site,
    }));
    return onSomePath(arriving);
  }

  /**
   * The `self` a call without a receiver is made on: one expression per call site, so that the
   * evaluator's memo and cycle check see it again (extension methods calling each other).
   */
  private implicitSelf(site: CallSite): ValueExpr {
    let self = this.implicitSelves.get(site);
    if (!self) {
      self = { kind: 'self', typeName: site.typeName, functionId: site.functionId };
      this.implicitSelves.set(site, self);
    }
    return self;
  }
}

/**
 * Joins the values that arrive on different call paths. A background session or configuration on
 * any path wins (that path is a real misuse, whatever the others pass); otherwise the paths must
 * agree, as for any join.
 */
export function onSomePath(arriving: { value: Value; site?: CallSite }[]): Value {
  for (const kind of ['bgSession', 'bgConfig'] as const) {
    const background = arriving.filter((entry) => entry.value.kind === kind);
    if (background.length === 0) continue;
    const joined = join(background.map((entry) => entry.value));
    if (joined.kind !== kind) continue;
    const via = new Set(joined.via ?? []);
    for (const entry of background) if (entry.site) via.add(entry.site);
    return { ...joined, via: [...via] };
  }
  if (arriving.length === 0) return { kind: 'unknown' };
  return join(arriving.map((entry) => entry.value));
}
