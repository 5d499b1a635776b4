// The value a function returns for one particular call: its parameters replaced by what that call
// passes (or their defaults). `TimeInterval.minutes(50)` is 3000 here, whatever other callers of
// `minutes` pass, where evaluating the parameter over every call path would only say "unknown".
import type { FunctionFact, ValueExpr } from '../facts/facts';
import { argumentsToParameters } from './callGraph';

/** Parameter index → the value this call gives it; undefined when the call does not fit `fn`. */
export function bindArguments(fn: FunctionFact, labels: (string | undefined)[], args: ValueExpr[]): Map<number, ValueExpr> | undefined {
  const filled = argumentsToParameters(fn.params, labels, Infinity);
  if (!filled) return undefined;
  const bound = new Map<number, ValueExpr>();
  filled.forEach((paramIndex, argument) => {
    if (args[argument]) bound.set(paramIndex, args[argument]);
  });
  fn.params.forEach((param, index) => {
    if (!bound.has(index) && param.defaultValue) bound.set(index, param.defaultValue);
  });
  return bound;
}

/**
 * A return value worth binding: it reads a parameter and makes no call. Binding a return that calls
 * on (`f(x)` returning `g(x) + g(x + 1)`) makes new expressions at every level, which no memo can
 * share: that is exponential on real code (Alamofire), so calls keep the all-callers evaluation.
 */
export function bindable(expr: ValueExpr, functionId: number): boolean {
  let readsParameter = false;
  const visit = (node: ValueExpr): boolean => {
    switch (node.kind) {
      case 'call':
        return false;
      case 'param':
        if (node.functionId === functionId) readsParameter = true;
        return true;
      case 'arithmetic':
        return visit(node.lhs) && visit(node.rhs);
      case 'coalesce':
        return visit(node.value) && visit(node.ifNil);
      case 'union':
        return node.values.every(visit);
      case 'member':
        return visit(node.base);
      default:
        return true;
    }
  };
  return visit(expr) && readsParameter;
}

/** `expr` with the parameters of function `functionId` replaced; the same object when it reads none. */
export function substituteParameters(expr: ValueExpr, functionId: number, bound: Map<number, ValueExpr>): ValueExpr {
  switch (expr.kind) {
    case 'param':
      return expr.functionId === functionId ? (bound.get(expr.index) ?? expr) : expr;
    case 'arithmetic': {
      const lhs = substituteParameters(expr.lhs, functionId, bound);
      const rhs = substituteParameters(expr.rhs, functionId, bound);
      return lhs === expr.lhs && rhs === expr.rhs ? expr : { ...expr, lhs, rhs };
    }
    case 'coalesce': {
      const value = substituteParameters(expr.value, functionId, bound);
      const ifNil = substituteParameters(expr.ifNil, functionId, bound);
      return value === expr.value && ifNil === expr.ifNil ? expr : { ...expr, value, ifNil };
    }
    case 'union': {
      const values = expr.values.map((value) => substituteParameters(value, functionId, bound));
      return values.every((value, i) => value === expr.values[i]) ? expr : { ...expr, values };
    }
    case 'member': {
      const base = substituteParameters(expr.base, functionId, bound);
      return base === expr.base ? expr : { ...expr, base };
    }
    case 'call': {
      const callee = substituteParameters(expr.callee, functionId, bound);
      const args = expr.args.map((arg) => substituteParameters(arg, functionId, bound));
      return callee === expr.callee && args.every((arg, i) => arg === expr.args[i]) ? expr : { ...expr, callee, args };
    }
    default:
      return expr;
  }
}

/**
 * An implicit member read where the type is known from context (a parameter's type, the other
 * side of `??`): `.init(…)`, `.make(…)` as static members of `typeName`; `.shared` of URLSession.
 */
export function withContextualType(expr: ValueExpr, typeName: string): ValueExpr {
  if (expr.kind === 'implicitMember' && typeName === 'URLSession' && expr.name === 'shared') return { kind: 'notBackground' };
  const owner: ValueExpr = { kind: 'name', name: typeName };
  if (expr.kind === 'implicitMember') return { kind: 'member', base: owner, name: expr.name };
  if (expr.kind === 'call' && expr.callee.kind === 'implicitMember') return { ...expr, callee: { kind: 'member', base: owner, name: expr.callee.name } };
  return expr;
}
