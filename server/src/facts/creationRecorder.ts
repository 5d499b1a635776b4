// The second layer of the fact extractor: recognizes background configurations, sessions and
// Alamofire sessions where they are made, with the context they are made in.
import type { Node } from 'web-tree-sitter';
import type { ConfigCreation, CreationContext, IdentifierInfo, SessionCreation, ValueExpr } from './facts';
import { calleeNameAndReceiver, hasInterpolation, plainStringValue, spanOf, unwrapExpression, type CallParts } from './syntax';
import type { Context } from './scopes';
import { containsRandomCall, ValueReader } from './valueReader';

const bundleMarkers = ['bundleIdentifier', 'bundleURL', 'Bundle.main', 'Bundle(for', 'Bundle.module'];

export abstract class CreationRecorder extends ValueReader {
  /** `Session(configuration:…)` / `Alamofire.Session(session:…)`: recorded, but never a background session. */
  protected recordAlamofireSession(call: CallParts, name: Node, receiver: Node | undefined, ctx: Context): void {
    const isSession =
      // Moya's `Session` is a typealias of Alamofire's.
      (name.text === 'Session' && (!receiver || receiver.text === 'Alamofire' || receiver.text === 'Moya')) ||
      (name.text === 'init' && receiver?.text === 'Session');
    const first = call.args[0];
    if (!isSession || !first || (first.label !== 'configuration' && first.label !== 'session')) return;
    this.facts.alamofireSessions.push({
      file: this.file,
      span: spanOf(call.node),
      label: first.label,
      argument: this.expr(first.value, ctx),
      argumentSpan: spanOf(first.value),
      functionId: ctx.functionId,
    });
  }

  protected readonly recordedCalls = new Map<string, ValueExpr>();

  /** Recognizes background configurations and sessions; recorded once per call node. */
  protected creationOf(call: CallParts, ctx: Context): ValueExpr | undefined {
    const key = call.node.startIndex + ':' + call.node.endIndex;
    const known = this.recordedCalls.get(key);
    if (known) return known;
    const value = this.recognizeCreation(call, ctx);
    if (value) this.recordedCalls.set(key, value);
    return value;
  }

  protected recognizeCreation(call: CallParts, ctx: Context): ValueExpr | undefined {
    const { name, receiver, implicitMember } = calleeNameAndReceiver(call.callee);
    if (!name) return undefined;
    const onConfigurationType = implicitMember || receiver?.text === 'URLSessionConfiguration';
    const firstLabel = call.args[0]?.label;
    if (onConfigurationType && name.text === 'background' && firstLabel === 'withIdentifier' && call.args.length === 1) {
      return { kind: 'bgConfig', config: this.configCreation(call, name, false, ctx) };
    }
    if (onConfigurationType && name.text === 'backgroundSessionConfiguration' && call.args.length === 1 && firstLabel === undefined) {
      return { kind: 'bgConfig', config: this.configCreation(call, name, true, ctx) };
    }
    const isSessionInit =
      (call.callee.type === 'simple_identifier' && name.text === 'URLSession') ||
      (name.text === 'URLSession' && receiver?.text === 'Foundation') ||
      (name.text === 'init' && (receiver?.text === 'URLSession' || receiver?.text === 'Foundation.URLSession'));
    if (isSessionInit && firstLabel === 'configuration') {
      const delegateArg = call.args.find((arg) => arg.label === 'delegate');
      const queueArg = call.args.find((arg) => arg.label === 'delegateQueue');
      const session: SessionCreation = {
        file: this.file,
        span: spanOf(call.node),
        configuration: this.configurationArgument(call.args[0].value, ctx),
        hasDelegate: !!delegateArg && unwrapExpression(delegateArg.value).text !== 'nil',
        delegate: delegateArg ? this.expr(delegateArg.value, ctx) : undefined,
        delegateQueue: queueArg ? this.expr(queueArg.value, ctx) : undefined,
        context: this.creationContext(call.node, ctx),
      };
      this.facts.sessionCreations.push(session);
      return { kind: 'newSession', session };
    }
    return undefined;
  }

  /** `configuration: .uploads` names a static member of URLSessionConfiguration (an app's extension). */
  protected configurationArgument(node: Node, ctx: Context): ValueExpr {
    const { name, implicitMember } = calleeNameAndReceiver(unwrapExpression(node));
    if (implicitMember && name && name.text !== 'default' && name.text !== 'ephemeral' && node.type === 'prefix_expression') {
      return { kind: 'member', base: { kind: 'name', name: 'URLSessionConfiguration' }, name: name.text };
    }
    return this.expr(node, ctx);
  }

  protected configCreation(call: CallParts, name: Node, deprecated: boolean, ctx: Context): ConfigCreation {
    const config: ConfigCreation = {
      file: this.file,
      span: spanOf(call.node),
      nameSpan: spanOf(name),
      deprecated,
      identifier: this.identifierInfo(call.args[0].value, ctx),
      context: this.creationContext(call.node, ctx),
    };
    this.facts.configCreations.push(config);
    return config;
  }

  protected identifierInfo(node: Node, ctx: Context): IdentifierInfo {
    const value = unwrapExpression(node);
    const literal = plainStringValue(value);
    if (literal !== undefined) return { kind: 'literal', value: literal, span: spanOf(value) };
    if ((value.type === 'line_string_literal' || value.type === 'multi_line_string_literal') && hasInterpolation(value)) {
      const text = value.text;
      return {
        kind: 'interpolated',
        text,
        span: spanOf(value),
        bundleBased: bundleMarkers.some((marker) => text.includes(marker)),
        random: containsRandomCall(value),
      };
    }
    // `prefix + UUID().uuidString` parses as a call of the whole sum in tree-sitter-swift 0.7.1, so
    // randomness is read from the names inside, as for interpolations.
    // A choice (`stored ?? UUID().uuidString`) is random only when every branch is: evaluated below.
    const isChoice = value.type === 'nil_coalescing_expression' || value.type === 'ternary_expression';
    if (!isChoice && containsRandomCall(value)) return { kind: 'expression', text: value.text, span: spanOf(value), value: { kind: 'random' } };
    return { kind: 'expression', text: value.text, span: spanOf(value), value: this.expr(value, ctx) };
  }

  protected creationContext(node: Node, ctx: Context): CreationContext {
    return {
      typeName: ctx.typeName,
      typeKind: ctx.typeKind,
      property: ctx.property,
      functionId: ctx.functionId,
      inClosure: ctx.inClosure,
      inLoop: ctx.inLoop,
      stored: isDirectlyStored(node, ctx),
    };
  }
}

/** A creation that is the direct value of a stored member or of an assignment to one. */
function isDirectlyStored(node: Node, ctx: Context): boolean {
  let current = node;
  let parent = node.parent;
  while (parent && ['try_expression', 'await_expression', 'parenthesized_expression', 'postfix_expression', 'as_expression'].includes(parent.type)) {
    current = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (parent.type === 'property_declaration') return ctx.scopes.length === 0 || !!ctx.property;
  if (parent.type === 'assignment' && parent.childForFieldName('result')?.equals(current)) {
    const target = parent.childForFieldName('target')?.namedChild(0);
    return !!target && target.type !== 'simple_identifier';
  }
  return false;
}
