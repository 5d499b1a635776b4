// The third layer of the fact extractor: walks statements (control flow, assignments, calls,
// closures), keeping locals in lexical scopes and recording calls, property sets and member
// assignments. Declarations are the top layer's (extractFacts.ts).
import type { Node } from 'web-tree-sitter';
import type { CallSite, CreationContext, ValueExpr } from './facts';
import { calleeNameAndReceiver, childrenWithFields, children, firstNamedOfType, isExpressionNode, namedChildren, readCall, spanOf, unwrapExpression, type CallParts } from './syntax';
import { Binding, lookup, Scope, type Context } from './scopes';
import { CreationRecorder } from './creationRecorder';

/** Methods whose calls are recorded with their receiver (tasks, invalidation, session APIs). */
export const trackedMethods = new Set([
  'dataTask', 'downloadTask', 'uploadTask', 'webSocketTask', 'streamTask',
  'data', 'download', 'upload', 'bytes',
  'invalidateAndCancel', 'finishTasksAndInvalidate', 'getTasksWithCompletionHandler', 'getAllTasks',
  'resume', 'cancel',
]);

/** Properties whose assignments are recorded (configuration, request and task settings). */
export const trackedProperties = new Set([
  'isDiscretionary', 'sharedContainerIdentifier', 'sessionSendsLaunchEvents', 'timeoutIntervalForResource',
  'timeoutIntervalForRequest', 'protocolClasses', 'shouldUseExtendedBackgroundIdleMode', 'httpBody',
  'httpBodyStream', 'allowsCellularAccess', 'waitsForConnectivity', 'earliestBeginDate',
]);

/** Walks statements; the declaration layer above decides what each node is (`visit`). */
export abstract class BodyWalker extends CreationRecorder {
  protected abstract visit(node: Node, ctx: Context): void;

  protected visitChildren(node: Node, ctx: Context): void {
    for (const child of namedChildren(node)) this.visit(child, ctx);
  }

  /** A lone expression in a getter, function or closure body is its implicit return value. */
  protected visitStatements(node: Node, ctx: Context): void {
    const statements = namedChildren(node).filter((child) => child.type !== 'comment' && child.type !== 'multiline_comment');
    if (ctx.returns && statements.length === 1 && isExpressionNode(statements[0]) && this.isBodyOf(node)) {
      ctx.returns.push(this.expr(statements[0], ctx));
    }
    for (const child of statements) this.visit(child, ctx);
  }

  protected isBodyOf(statements: Node): boolean {
    const parent = statements.parent;
    return !!parent && ['function_body', 'computed_property', 'computed_getter', 'lambda_literal'].includes(parent.type);
  }

  protected visitClosure(node: Node, ctx: Context): void {
    this.walkClosure(node, ctx, []);
  }

  /** Closures already walked (an immediately-invoked closure is walked while reading its value). */
  protected readonly walkedClosures = new Set<number>();

  protected walkClosure(node: Node, ctx: Context, returns: ValueExpr[]): void {
    if (this.walkedClosures.has(node.id)) return;
    this.walkedClosures.add(node.id);
    const scope = new Scope(true);
    const type = node.childForFieldName('type');
    if (type) {
      for (const parameter of type.descendantsOfType('lambda_parameter')) {
        const name = parameter?.childForFieldName('name')?.text;
        if (name) scope.bindings.set(name, new Binding(name, [{ kind: 'unknown' }]));
      }
    }
    // `state.write { $0.session = s }` / `{ state in state.session = s }`: the closure's subject.
    const firstParameter = type?.descendantsOfType('lambda_parameter')[0]?.childForFieldName('name')?.text ?? '$0';
    const closureSubject = ctx.closureReceiver ? { receiver: ctx.closureReceiver, parameter: firstParameter } : undefined;
    const inner: Context = { ...ctx, returns, inClosure: true, scopes: [...ctx.scopes, scope], closureSubject, closureReceiver: undefined };
    for (const child of namedChildren(node)) {
      if (child.type === 'statements') this.visitStatements(child, inner);
      else if (child !== type) this.visit(child, inner);
    }
    this.mergeBranch(scope);
  }

  // ---- control flow ---------------------------------------------------------------------------

  /** Runs `body` in a scope whose changes to outer locals may or may not happen. */
  protected inBranch(ctx: Context, body: (inner: Context) => void, definite = false): void {
    const scope = new Scope(!definite);
    body({ ...ctx, scopes: [...ctx.scopes, scope] });
    if (!definite) this.mergeBranch(scope);
  }

  protected mergeBranch(scope: Scope): void {
    for (const [binding, before] of scope.saved) binding.current = [...before, ...binding.current];
  }

  protected visitIf(node: Node, ctx: Context): void {
    // Conditions (with their `let` bindings) belong to the first block only.
    const scope = new Scope(true);
    const inner: Context = { ...ctx, scopes: [...ctx.scopes, scope] };
    let sawBlock = false;
    for (const { child, field } of childrenWithFields(node)) {
      if (!sawBlock && field === 'condition') {
        this.readConditionBinding(node, child, inner, scope);
        if (child.isNamed && child.type !== 'value_binding_pattern') this.visit(child, inner);
      } else if (child.type === 'statements') {
        if (!sawBlock) this.visitStatements(child, inner);
        else this.inBranch(ctx, (branch) => this.visitStatements(child, branch));
        sawBlock = true;
      } else if (child.type === 'if_statement') {
        this.inBranch(ctx, (branch) => this.visitIf(child, branch));
      } else if (child.isNamed && child.type !== 'bound_identifier' && child.type !== 'value_binding_pattern') {
        this.visit(child, inner);
      }
    }
    this.mergeBranch(scope);
  }

  protected visitGuard(node: Node, ctx: Context): void {
    const scope = ctx.scopes[ctx.scopes.length - 1];
    for (const { child, field } of childrenWithFields(node)) {
      if (field === 'condition') {
        if (scope) this.readConditionBinding(node, child, ctx, scope);
        if (child.isNamed && child.type !== 'value_binding_pattern') this.visit(child, ctx);
      } else if (child.type === 'statements') {
        this.inBranch(ctx, (branch) => this.visitStatements(child, branch));
      }
    }
  }

  /** `if let x = value` / `guard let x = value`: bound_identifier then the value after `=`. */
  protected readConditionBinding(parent: Node, child: Node, ctx: Context, scope: Scope): void {
    if (child.type !== 'value_binding_pattern' && child.type !== '=') return;
    if (child.type === '=') {
      // `if let x = v` names a bound_identifier; `guard let x = v` a plain simple_identifier (0.7.1).
      const bound = previousNamedOfType(parent, child, 'bound_identifier') ?? previousNamedOfType(parent, child, 'simple_identifier');
      const value = child.nextNamedSibling;
      if (bound && value) {
        const initial = [this.expr(value, ctx)];
        const binding = new Binding(bound.text, initial);
        scope.bindings.set(bound.text, binding);
        this.noteCreationsHeldBy(binding, initial);
      }
    }
  }

  protected visitLoop(node: Node, ctx: Context): void {
    const scope = new Scope(true);
    const inner: Context = { ...ctx, inLoop: true, scopes: [...ctx.scopes, scope] };
    const item = node.childForFieldName('item');
    if (item) for (const id of item.descendantsOfType('simple_identifier')) if (id) scope.bindings.set(id.text, new Binding(id.text, [{ kind: 'unknown' }]));
    for (const child of namedChildren(node)) {
      if (child === item) continue;
      if (child.type === 'statements') this.visitStatements(child, inner);
      else this.visit(child, inner);
    }
    this.mergeBranch(scope);
  }

  protected visitReturn(node: Node, ctx: Context): void {
    const result = node.childForFieldName('result');
    if (result && ctx.returns && node.child(0)?.type === 'return') {
      const value = this.expr(result, ctx);
      ctx.returns.push(value);
    }
    this.visitChildren(node, ctx);
  }

  // ---- assignments ------------------------------------------------------------------------------

  protected visitAssignment(node: Node, ctx: Context): void {
    const target = node.childForFieldName('target');
    const result = node.childForFieldName('result');
    const operator = node.childForFieldName('operator')?.text;
    if (!target || !result) return this.visitChildren(node, ctx);
    const assigned = target.namedChild(0) ?? target;
    const value = operator === '=' ? this.expr(result, { ...ctx }) : ({ kind: 'unknown' } as ValueExpr);

    if (assigned.type === 'simple_identifier') {
      const binding = lookup(assigned.text, ctx);
      if (binding) {
        this.assignLocal(binding, value, ctx);
      } else if (ctx.typeName) {
        this.facts.memberAssignments.push({ typeName: ctx.typeName, name: assigned.text, value, functionId: ctx.functionId });
        this.markStored(result, ctx);
      }
    } else if (assigned.type === 'navigation_expression') {
      const { name, receiver } = calleeNameAndReceiver(assigned);
      if (name && receiver) {
        if (receiver.type === 'self_expression' && ctx.typeName) {
          this.facts.memberAssignments.push({ typeName: ctx.typeName, name: name.text, value, functionId: ctx.functionId });
        }
        if (ctx.closureSubject && receiver.type === 'simple_identifier' && receiver.text === ctx.closureSubject.parameter) {
          this.facts.subjectAssignments.push({ file: this.file, receiver: ctx.closureSubject.receiver, name: name.text, value });
        }
        if (trackedProperties.has(name.text)) {
          this.facts.propertySets.push({
            file: this.file,
            span: spanOf(node),
            propertySpan: { start: name.startIndex, end: result.endIndex },
            valueSpan: spanOf(result),
            receiver: this.expr(receiver, ctx),
            receiverText: receiver.text,
            property: name.text,
            valueText: result.text,
            value,
            functionId: ctx.functionId,
          });
        }
      }
      this.markStored(result, ctx);
    } else {
      // Subscripts and other targets: `cache[id] = session` keeps the value.
      this.markStored(result, ctx);
    }
    this.visit(result, ctx);
    if (assigned.type !== 'simple_identifier') this.visit(assigned, ctx);
  }

  protected assignLocal(binding: Binding, value: ValueExpr, ctx: Context): void {
    for (let i = ctx.scopes.length - 1; i >= 0; i--) {
      const scope = ctx.scopes[i];
      if (scope.bindings.get(binding.name) === binding) break;
      if (scope.isBranch && !scope.saved.has(binding)) scope.saved.set(binding, binding.current);
    }
    binding.current = [value];
    this.noteCreationsHeldBy(binding, [value]);
  }

  /** Remembers which creations a local holds, so storing the local later marks them stored. */
  protected noteCreationsHeldBy(binding: Binding, values: ValueExpr[]): void {
    for (const value of values) {
      if (value.kind === 'newSession') binding.creations.push(value.session.context);
      if (value.kind === 'bgConfig') binding.creations.push(value.config.context);
    }
  }

  /** The value of `node` is kept beyond this call (assigned to a member, a subscript, a collection). */
  protected markStored(node: Node, ctx: Context): void {
    const inner = unwrapExpression(node);
    if (inner.type === 'simple_identifier') {
      const binding = lookup(inner.text, ctx);
      if (binding) for (const creation of binding.creations) creation.stored = true;
    }
    const sessions = this.lastCreationsAt(inner);
    for (const creation of sessions) creation.stored = true;
  }

  protected lastCreationsAt(node: Node): CreationContext[] {
    const found: CreationContext[] = [];
    for (const session of this.facts.sessionCreations) {
      if (session.span.start === node.startIndex && session.span.end === node.endIndex) found.push(session.context);
    }
    return found;
  }

  // ---- calls ---------------------------------------------------------------------------------

  protected visitCall(node: Node, ctx: Context): void {
    const call = readCall(node);
    if (!call) return this.visitChildren(node, ctx);
    const { name, receiver } = calleeNameAndReceiver(call.callee);
    const labels = call.args.map((arg) => arg.label);
    if (name) {
      this.facts.callSites.push({
        file: this.file,
        span: spanOf(node),
        name: name.text,
        isBare: call.callee.type === 'simple_identifier',
        isImplicitMember: call.callee.type === 'prefix_expression' && !receiver,
        labels,
        argumentTexts: call.args.map((arg) => arg.value.text),
        argumentValues: call.args.map((arg) => this.expr(arg.value, ctx)),
        receiver: receiver ? this.expr(receiver, ctx) : undefined,
        typeName: ctx.typeName,
        trailingClosures: call.trailingClosures.length,
        functionId: ctx.functionId,
        property: ctx.property,
        inLoop: ctx.inLoop,
        inClosure: ctx.inClosure,
      } satisfies CallSite);
      // Inside `extension URLSession`, a bare `dataTask(with:)` is called on `self`: the session the wrapper is called on.
      const onSelfSession = !receiver && call.callee.type === 'simple_identifier' && ctx.typeName === 'URLSession' && ctx.typeKind === 'extension';
      if ((receiver || onSelfSession) && trackedMethods.has(name.text)) {
        this.facts.methodCalls.push({
          file: this.file,
          span: spanOf(node),
          nameSpan: spanOf(name),
          callSpan: { start: name.startIndex, end: argumentsEnd(call) ?? name.endIndex },
          method: name.text,
          receiver: receiver ? this.expr(receiver, ctx) : { kind: 'self', typeName: ctx.typeName, functionId: ctx.functionId },
          receiverText: receiver ? receiver.text : 'self',
          labels,
          hasCompletionHandler: call.trailingClosures.length > 0 || labels.includes('completionHandler'),
          isAwaited: isAwaited(node),
          functionId: ctx.functionId,
          inLoop: ctx.inLoop,
          args: call.args.map((arg) => ({ label: arg.label, value: this.expr(arg.value, ctx), text: arg.value.text, span: spanOf(arg.value) })),
        });
      }
      this.recordAlamofireSession(call, name, receiver, ctx);
      if ((name.text === 'append' || name.text === 'insert') && receiver) {
        for (const arg of call.args) this.markStored(arg.value, ctx);
      }
    }
    // Creations are recorded by expr(); make sure a bare creation statement is recorded too.
    if (!this.recordedCalls.has(node.startIndex + ':' + node.endIndex)) this.creationOf(call, ctx);
    this.visit(call.callee, ctx);
    const closureCtx = receiver ? { ...ctx, closureReceiver: this.expr(receiver, ctx) } : ctx;
    for (const arg of call.args) this.visit(arg.value, arg.value.type === 'lambda_literal' ? closureCtx : ctx);
    for (const closure of call.trailingClosures) this.visit(closure, closureCtx);
  }

}


function argumentsEnd(call: CallParts): number | undefined {
  const suffix = (call.innerCall ?? call.node).namedChild((call.innerCall ?? call.node).namedChildCount - 1);
  const args = suffix ? firstNamedOfType(suffix, 'value_arguments') : undefined;
  return args?.endIndex;
}

function isAwaited(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'await_expression') return true;
    if (!['try_expression', 'parenthesized_expression', 'call_expression', 'postfix_expression'].includes(parent.type)) return false;
  }
  return false;
}


function previousNamedOfType(parent: Node, before: Node, type: string): Node | undefined {
  let found: Node | undefined;
  for (const child of children(parent)) {
    if (child.equals(before)) return found;
    if (child.type === type) found = child;
  }
  return found;
}
