// Reads the value an expression denotes, as far as one file can tell: literals, locals (through
// the lexical scopes), members, calls, choices and arithmetic. Names that are not local are left
// for the workspace index to resolve across files.
import type { Node } from 'web-tree-sitter';
import type { FileFacts, ValueExpr } from './facts';
import { calleeNameAndReceiver, hasInterpolation, plainStringValue, readCall, spanOf, unwrapExpression, type CallParts } from './syntax';
import { lookup, maxNesting, union, type Context } from './scopes';

export const randomCallees = new Set(['UUID', 'Date', 'arc4random', 'arc4random_uniform', 'random', 'randomElement']);
const arithmeticOperators = new Set(['+', '-', '*', '/']);

/**
 * The first layer of the fact extractor. Reading a value can meet a creation (a background
 * configuration or session, recorded by the layer above) or an immediately-invoked closure (walked
 * by the statement layer): those two are left to the subclasses.
 */
export abstract class ValueReader {
  /** How deep the walk is: generated code can nest thousands of levels, past the call stack. */
  protected depth = 0;

  constructor(
    protected readonly file: string,
    readonly facts: FileFacts,
  ) {}

  /** A background configuration or session made by this call, recorded once per call node. */
  protected abstract creationOf(call: CallParts, ctx: Context): ValueExpr | undefined;

  /** Walks a closure body, collecting what it returns. */
  protected abstract walkClosure(node: Node, ctx: Context, returns: ValueExpr[]): void;

  expr(node: Node, ctx: Context): ValueExpr {
    if (this.depth >= maxNesting) {
      this.facts.tooDeep = true;
      return { kind: 'unknown' };
    }
    this.depth++;
    try {
      return this.exprOf(node, ctx);
    } finally {
      this.depth--;
    }
  }

  /** `lhs op rhs`: string literals are joined at once, the rest is left to the evaluator. */
  protected arithmetic(node: Node, ctx: Context): ValueExpr {
    const lhs = node.childForFieldName('lhs');
    const rhs = node.childForFieldName('rhs');
    const op = node.childForFieldName('op')?.text;
    if (!lhs || !rhs || !op || !arithmeticOperators.has(op)) return { kind: 'unknown' };
    const left = this.expr(lhs, ctx);
    const right = this.expr(rhs, ctx);
    if (op === '+' && left.kind === 'literal' && right.kind === 'literal' && left.stringValue !== undefined && right.stringValue !== undefined) {
      return { kind: 'literal', text: node.text, stringValue: left.stringValue + right.stringValue };
    }
    return { kind: 'arithmetic', op: op as '+' | '-' | '*' | '/', lhs: left, rhs: right };
  }

  protected exprOf(node: Node, ctx: Context): ValueExpr {
    const inner = unwrapExpression(node);
    switch (inner.type) {
      case 'simple_identifier': {
        const binding = lookup(inner.text, ctx);
        if (binding) return union(binding.current);
        // `Self.x` inside a type: the enclosing type's static member.
        if (inner.text === 'Self' && ctx.typeName) return { kind: 'name', name: ctx.typeName };
        return { kind: 'name', name: inner.text, typeName: ctx.typeName };
      }
      case 'self_expression':
        return { kind: 'self', typeName: ctx.typeName, functionId: ctx.functionId };
      case 'nil':
        return { kind: 'nil' };
      case 'navigation_expression': {
        const { name, receiver } = calleeNameAndReceiver(inner);
        if (!name || !receiver) return { kind: 'unknown' };
        if (receiver.text === 'URLSession' && name.text === 'shared') return { kind: 'notBackground' };
        if ((receiver.text === 'OperationQueue' || receiver.text === 'DispatchQueue') && name.text === 'main') return { kind: 'queue', main: true };
        if (name.text === 'globallyUniqueString') return { kind: 'random' };
        if (receiver.text === 'URLSessionConfiguration' && (name.text === 'default' || name.text === 'ephemeral')) return { kind: 'otherConfig' };
        return { kind: 'member', base: this.expr(receiver, ctx), name: name.text };
      }
      case 'prefix_expression': {
        const { name, implicitMember } = calleeNameAndReceiver(inner);
        if (implicitMember && name && (name.text === 'default' || name.text === 'ephemeral')) return { kind: 'otherConfig' };
        if (implicitMember && name?.text === 'main') return { kind: 'queue', main: true };
        if (implicitMember && name) return { kind: 'implicitMember', name: name.text };
        const operand = inner.childForFieldName('target');
        // `-5`: a negative number.
        if (operand && inner.childForFieldName('operation')?.text === '-') {
          return { kind: 'arithmetic', op: '-', lhs: { kind: 'literal', text: '0', numberValue: 0 }, rhs: this.expr(operand, ctx) };
        }
        return { kind: 'unknown' };
      }
      case 'call_expression': {
        const call = readCall(inner);
        if (!call) return { kind: 'unknown' };
        const created = this.creationOf(call, ctx);
        if (created) return created;
        const { name } = calleeNameAndReceiver(call.callee);
        if (name && randomCallees.has(name.text)) return { kind: 'random' };
        // `prefix + UUID().uuidString` reads as a call of the whole sum (tree-sitter-swift 0.7.1).
        if (call.callee.type === 'additive_expression' && containsRandomCall(inner)) return { kind: 'random' };
        if (name?.text === 'OperationQueue' && call.callee.type === 'simple_identifier') return { kind: 'queue', main: false };
        if (call.callee.type === 'lambda_literal') {
          // An immediately-invoked closure: `let x: T = { …; return value }()`.
          const returns: ValueExpr[] = [];
          this.walkClosure(call.callee, ctx, returns);
          return union(returns);
        }
        return {
          kind: 'call',
          callee: this.expr(call.callee, ctx),
          labels: call.args.map((arg) => arg.label),
          args: call.args.map((arg) => this.expr(arg.value, ctx)),
          span: spanOf(inner),
        };
      }
      case 'additive_expression': {
        if (containsRandomCall(inner)) return { kind: 'random' };
        return this.arithmetic(inner, ctx);
      }
      case 'multiplicative_expression':
        return this.arithmetic(inner, ctx);
      case 'ternary_expression': {
        const values = ['if_true', 'if_false'].map((field) => inner.childForFieldName(field)).filter((n): n is Node => !!n);
        return union(values.map((value) => this.expr(value, ctx)));
      }
      case 'nil_coalescing_expression': {
        const value = inner.childForFieldName('value');
        const ifNil = inner.childForFieldName('if_nil');
        if (!value || !ifNil) return { kind: 'unknown' };
        return { kind: 'coalesce', value: this.expr(value, ctx), ifNil: this.expr(ifNil, ctx) };
      }
      case 'line_string_literal':
      case 'multi_line_string_literal':
        // `"upload-\(UUID())"` in a local or constant is as random as the call it interpolates.
        if (hasInterpolation(inner) && containsRandomCall(inner)) return { kind: 'random' };
      {
        const stringValue = plainStringValue(inner);
        return { kind: 'literal', text: inner.text, stringValue, location: stringValue !== undefined ? { file: this.file, span: spanOf(inner) } : undefined };
      }
      case 'integer_literal':
      case 'real_literal': {
        const value = Number(inner.text.replace(/_/g, ''));
        return { kind: 'literal', text: inner.text, numberValue: Number.isFinite(value) ? value : undefined };
      }
      case 'boolean_literal':
        return { kind: 'literal', text: inner.text };
      default:
        return { kind: 'unknown' };
    }
  }
}

/** Names a random source (`UUID`, `Date`, `arc4random`, `random`, …) somewhere inside. */
export function containsRandomCall(node: Node): boolean {
  return node.descendantsOfType('simple_identifier').some((id) => !!id && (randomCallees.has(id.text) || id.text === 'globallyUniqueString'));
}
