// The lexical scopes of the fact walk: locals and what they hold at each point, with values
// assigned inside a branch merged as "maybe" when the branch ends.
import type { CreationContext, TypeKind, ValueExpr } from './facts';

/** Syntax nested deeper than this is generated code, not something anyone wrote by hand. */
export const maxNesting = 300;

export class Binding {
  current: ValueExpr[];
  readonly creations: CreationContext[] = [];
  constructor(readonly name: string, initial: ValueExpr[]) {
    this.current = initial;
  }
}

export class Scope {
  readonly bindings = new Map<string, Binding>();
  /** Values of outer bindings before this (maybe-executed) branch changed them. */
  readonly saved = new Map<Binding, ValueExpr[]>();
  constructor(readonly isBranch: boolean) {}
}

export interface Context {
  typeName?: string;
  typeKind?: TypeKind;
  property?: CreationContext['property'];
  functionId?: number;
  /** Where `return` values go: the function, getter or closure being walked. */
  returns?: ValueExpr[];
  inClosure: boolean;
  /** In a closure handed to a method: what that method is called on, and the closure's first parameter. */
  closureSubject?: { receiver: ValueExpr; parameter: string };
  /** Set while visiting the closures given to a call: the call's receiver. */
  closureReceiver?: ValueExpr;
  inLoop: boolean;
  scopes: Scope[];
}

export function union(values: ValueExpr[]): ValueExpr {
  const flat: ValueExpr[] = [];
  for (const value of values) {
    if (value.kind === 'union') flat.push(...value.values);
    else if (!flat.includes(value)) flat.push(value);
  }
  if (flat.length === 0) return { kind: 'unknown' };
  return flat.length === 1 ? flat[0] : { kind: 'union', values: flat };
}

/** The binding `name` refers to here, innermost scope first. */
export function lookup(name: string, ctx: Context): Binding | undefined {
  for (let i = ctx.scopes.length - 1; i >= 0; i--) {
    const binding = ctx.scopes[i].bindings.get(name);
    if (binding) return binding;
  }
  return undefined;
}
