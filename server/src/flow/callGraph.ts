// Which workspace functions a call site calls, and which call sites call a function. A call is
// resolved by what it is called on (the receiver's type, `self`'s type for a bare call) and by its
// full selector, never by its bare name alone: another type's `setup()` is another function.
import type { CallSite, FunctionFact, ParameterFact, ValueExpr } from '../facts/facts';
import type { Value } from '../workspace/workspaceIndex';

/** What the call graph needs from the workspace index. */
export interface CallResolver {
  evaluate(expr: ValueExpr): Value;
  /** Functions declared in a type (its extensions included) or, with owner '', globally. */
  functionsOf(owner: string, name: string): FunctionFact[];
  /** Functions of any owner with this name. */
  functionsNamed(name: string): FunctionFact[];
  /** The type and its superclasses known to the workspace, nearest first. */
  typeChain(typeName: string): readonly string[];
  hasType(name: string): boolean;
  /** Types that name `protocolName` in their inheritance clause. */
  conformersOf(protocolName: string): string[];
  callSitesNamed(name: string): CallSite[];
  /** Code of a test (a test folder or file, an XCTestCase subclass), by file and enclosing type. */
  isTestCode(file: string, typeName: string | undefined): boolean;
}

/** Apple API names called everywhere on values we cannot type: never guessed to be the workspace's function. */
const appleApiNames = new Set(['resume', 'cancel', 'dataTask', 'downloadTask', 'uploadTask', 'data', 'download', 'upload', 'invalidateAndCancel', 'finishTasksAndInvalidate', 'async', 'sync', 'append', 'insert', 'remove', 'map', 'forEach', 'filter', 'set', 'get', 'post', 'send', 'start', 'stop', 'load', 'save', 'update', 'reset', 'setup', 'configure', 'run', 'init']);

export class CallGraph {
  private readonly callees = new Map<CallSite, FunctionFact[]>();
  private readonly callers = new Map<FunctionFact, CallSite[]>();
  private readonly resolving = new Set<object>();

  constructor(private readonly resolver: CallResolver) {}

  /** The workspace functions a call site calls; empty when it calls something else or cannot be told. */
  calleesOf(site: CallSite): FunctionFact[] {
    const known = this.callees.get(site);
    if (known) return known;
    // Resolving a receiver can lead back here (a parameter whose callers are being resolved).
    if (this.resolving.has(site)) return [];
    this.resolving.add(site);
    const found = this.resolve(site);
    this.resolving.delete(site);
    this.callees.set(site, found);
    return found;
  }

  /** The call sites that call `fn`. */
  callersOf(fn: FunctionFact): CallSite[] {
    const known = this.callers.get(fn);
    if (known) return known;
    if (this.resolving.has(fn)) return [];
    this.resolving.add(fn);
    const names = fn.kind === 'init' ? [fn.typeName ?? '', 'init'] : [fn.name];
    const found = names.flatMap((name) => this.resolver.callSitesNamed(name)).filter((site) => this.calleesOf(site).includes(fn));
    this.resolving.delete(fn);
    this.callers.set(fn, found);
    return found;
  }

  private resolve(site: CallSite): FunctionFact[] {
    const { name } = site;
    if (site.isImplicitMember) {
      // `.minutes(50)`: a static function of the expected type; only one workspace type may have it.
      const candidates = this.fitting(this.resolver.functionsNamed(name), site).filter((fn) => fn.isStatic);
      return new Set(candidates.map((fn) => fn.typeName)).size === 1 ? candidates : [];
    }
    if (!site.receiver) {
      // `Uploader(session: s)`: an initializer of a workspace type.
      if (this.resolver.hasType(name)) return this.initializers(name, site);
      if (site.typeName) {
        const own = this.inTypeChain(site.typeName, name, site);
        if (own.length > 0) return own;
      }
      return this.fitting(this.resolver.functionsOf('', name), site);
    }
    const base = this.resolver.evaluate(site.receiver);
    if (base.kind === 'metatype' && name === 'init') return this.initializers(base.typeName, site);
    if (base.kind === 'instance' || base.kind === 'metatype') {
      const own = this.inTypeChain(base.typeName, name, site).filter((fn) => fn.isStatic === (base.kind === 'metatype'));
      if (own.length > 0) return own;
      // A protocol-typed receiver (`delegate.handle(…)`): any conforming type's implementation.
      return this.resolver
        .conformersOf(base.typeName)
        .flatMap((conformer) => this.inTypeChain(conformer, name, site))
        .filter((fn) => fn.isStatic === (base.kind === 'metatype'));
    }
    // A wrapper in `extension URLSession`, called on a background session.
    if (base.kind === 'bgSession') return this.fitting(this.resolver.functionsOf('URLSession', name), site);
    if (base.kind !== 'unknown' || appleApiNames.has(name) || site.labels.length === 0) return [];
    // An untyped receiver (a protocol, a parameter of a library type): only a selector that one
    // workspace function alone has is taken to be that function.
    const candidates = this.fitting(this.resolver.functionsNamed(name), site).filter((fn) => fn.kind === 'function');
    return candidates.length === 1 ? candidates : [];
  }

  private inTypeChain(typeName: string, name: string, site: CallSite): FunctionFact[] {
    for (const owner of this.resolver.typeChain(typeName)) {
      const found = this.fitting(this.resolver.functionsOf(owner, name), site);
      if (found.length > 0) return found;
    }
    return [];
  }

  private initializers(typeName: string, site: CallSite): FunctionFact[] {
    return this.inTypeChain(typeName, 'init', site);
  }

  private fitting(functions: FunctionFact[], site: CallSite): FunctionFact[] {
    return functions.filter((fn) => argumentsToParameters(fn.params, site.labels, site.trailingClosures) !== undefined);
  }
}

/**
 * Which parameter each argument fills (by index), following Swift's rules: labels in order,
 * parameters with defaults may be skipped, trailing closures fill the last ones. Undefined when
 * the arguments do not fit the parameters.
 */
export function argumentsToParameters(params: ParameterFact[], labels: (string | undefined)[], trailingClosures = 0): number[] | undefined {
  const filled: number[] = [];
  let next = 0;
  for (const label of labels) {
    while (next < params.length && externalLabel(params[next]) !== label && params[next].defaultValue) next++;
    if (next >= params.length || externalLabel(params[next]) !== label) return undefined;
    filled.push(next++);
  }
  const unfilled = params.slice(next).filter((param) => !param.defaultValue).length;
  return unfilled <= trailingClosures ? filled : undefined;
}

function externalLabel(param: ParameterFact): string | undefined {
  const label = param.externalName ?? param.name;
  return label === '_' ? undefined : label;
}

/** The value a call site passes for parameter `index` of `fn`, if it passes one. */
export function argumentFor(fn: FunctionFact, site: CallSite, index: number): ValueExpr | undefined {
  const filled = argumentsToParameters(fn.params, site.labels, site.trailingClosures);
  const argument = filled?.indexOf(index) ?? -1;
  return argument >= 0 ? site.argumentValues[argument] : undefined;
}
