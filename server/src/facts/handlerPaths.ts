// Follows a completion handler through a body, path by path: where it is called, stored, passed
// on, or dropped (a return or the end of the body reached without touching it).
import type { Node } from 'web-tree-sitter';
import type { Span } from './facts';
import type { CompletionHandlerFacts } from './delegateFacts';
import { calleeNameAndReceiver, children, firstNamedOfType, namedChildren, readCall, spanOf } from './syntax';
import { classifyClosure, enclosingClosures, fieldOf, isPlainTry, mentionsAny, references, storageName, valueHolder } from './references';

interface Outcome {
  /** Some path reaches the end of the block. */
  falls: boolean;
  /** Every path that reaches the end has handled the completion handler. */
  handled: boolean;
}

function join(outcomes: Outcome[]): Outcome {
  const falling = outcomes.filter((outcome) => outcome.falls);
  return { falls: falling.length > 0, handled: falling.every((outcome) => outcome.handled) };
}

const noReturnCalls = new Set(['fatalError', 'preconditionFailure', 'exit', 'abort']);

/**
 * Follows the completion handler through a handleEvents body, path by path. Any reference to it
 * (a call, an assignment, an argument, a capture) handles it on that path: only paths that never
 * touch it are reported. Branches on the identifier are remembered so that a call made at once for
 * an identifier the app does not own is not mistaken for an early call.
 */
class HandlerPaths {
  readonly result: CompletionHandlerFacts;
  private readonly identifierNames = new Set<string>();
  private readonly throwStates: boolean[][] = [];
  private readonly breakStates: { kind: 'switch' | 'loop'; states: boolean[] }[] = [];
  private conditional = 0;
  private onIdentifier = 0;

  constructor(private readonly handler: string, nameSpan: Span, identifiers: string[]) {
    for (const identifier of identifiers) if (identifier !== '_') this.identifierNames.add(identifier);
    this.result = {
      name: handler,
      nameSpan,
      mentioned: false,
      droppingExits: [],
      identifierExits: [],
      dropsAtEnd: false,
      immediateCalls: [],
      deferred: false,
      storedIn: [],
      passedTo: [],
    };
  }

  run(statements: Node | undefined): CompletionHandlerFacts {
    const outcome = this.block(statements, false);
    if (outcome.falls && !outcome.handled) this.result.dropsAtEnd = true;
    return this.result;
  }

  private block(statements: Node | undefined, handled: boolean): Outcome {
    let state: Outcome = { falls: true, handled };
    if (!statements) return state;
    for (const statement of namedChildren(statements)) {
      if (statement.type === 'comment' || statement.type === 'multiline_comment') continue;
      if (!state.falls) break;
      state = this.statement(statement, state.handled);
    }
    return state;
  }

  private branch<T>(onIdentifier: boolean, body: () => T): T {
    this.conditional++;
    if (onIdentifier) this.onIdentifier++;
    try {
      return body();
    } finally {
      this.conditional--;
      if (onIdentifier) this.onIdentifier--;
    }
  }

  private statement(node: Node, handled: boolean): Outcome {
    switch (node.type) {
      case 'control_transfer_statement':
        return this.transfer(node, handled);
      case 'if_statement':
        return this.ifStatement(node, handled);
      case 'guard_statement':
        return this.guardStatement(node, handled);
      case 'switch_statement':
        return this.switchStatement(node, handled);
      case 'do_statement':
        return this.doStatement(node, handled);
      case 'for_statement':
      case 'while_statement':
      case 'repeat_while_statement':
        return this.loop(node, handled);
      default: {
        const here = this.scan(node, handled);
        const after = handled || here;
        this.noteThrowPoint(node, after);
        if (node.type === 'property_declaration' && mentionsAny(node, this.identifierNames)) {
          for (const bound of node.descendantsOfType('simple_identifier')) {
            if (bound && fieldOf(bound) === 'bound_identifier') this.identifierNames.add(bound.text);
          }
        }
        if (node.type === 'call_expression') {
          const call = readCall(node);
          if (call?.callee.type === 'simple_identifier' && noReturnCalls.has(call.callee.text)) return { falls: false, handled: true };
        }
        return { falls: true, handled: after };
      }
    }
  }

  private transfer(node: Node, handled: boolean): Outcome {
    const keyword = node.child(0)?.text ?? '';
    const after = handled || this.scan(node, handled);
    if (keyword === 'break' || keyword === 'fallthrough') {
      this.breakStates[this.breakStates.length - 1]?.states.push(after);
      return { falls: false, handled: true };
    }
    if (keyword === 'continue') return { falls: false, handled: true };
    if (keyword === 'throw' && this.throwStates.length > 0) {
      this.throwStates[this.throwStates.length - 1].push(after);
      return { falls: false, handled: true };
    }
    if (!after) {
      const exit = spanOf(node);
      this.result.droppingExits.push(exit);
      if (this.onIdentifier > 0) this.result.identifierExits.push(exit);
    }
    return { falls: false, handled: true };
  }

  /** Children of an if/guard before its first `{`: the conditions (and their bindings). */
  private conditionParts(node: Node): Node[] {
    const parts: Node[] = [];
    for (const child of children(node)) {
      if (child.type === '{' || child.type === 'else') break;
      if (child.isNamed) parts.push(child);
    }
    return parts;
  }

  private conditionsOnIdentifier(parts: Node[]): boolean {
    return parts.some((part) => mentionsAny(part, this.identifierNames));
  }

  private scanAll(parts: Node[], handled: boolean): boolean {
    let mentioned = false;
    for (const part of parts) mentioned = this.scan(part, handled) || mentioned;
    return mentioned;
  }

  private ifStatement(node: Node, handled: boolean): Outcome {
    const parts = this.conditionParts(node);
    const onIdentifier = this.conditionsOnIdentifier(parts);
    const start = handled || this.scanAll(parts, handled);
    this.noteThrowPoint(node, start, parts);
    let thenBlock: Node | undefined;
    let elseNode: Node | undefined;
    let seenElse = false;
    let hasElse = false;
    for (const child of children(node)) {
      if (child.type === 'else') {
        seenElse = true;
        hasElse = true;
      } else if (child.type === 'statements') {
        if (seenElse) elseNode = child;
        else thenBlock = child;
      } else if (child.type === 'if_statement' && seenElse) {
        elseNode = child;
      }
    }
    const thenOutcome = this.branch(onIdentifier, () => this.block(thenBlock, start));
    const elseOutcome = !hasElse
      ? { falls: true, handled: start }
      : this.branch(onIdentifier, () =>
          elseNode?.type === 'if_statement' ? this.statement(elseNode, start) : this.block(elseNode, start),
        );
    return join([thenOutcome, elseOutcome]);
  }

  private guardStatement(node: Node, handled: boolean): Outcome {
    const parts = this.conditionParts(node);
    const onIdentifier = this.conditionsOnIdentifier(parts);
    const start = handled || this.scanAll(parts, handled);
    this.noteThrowPoint(node, start, parts);
    const elseBlock = namedChildren(node).find((child) => child.type === 'statements');
    this.branch(onIdentifier, () => this.block(elseBlock, start));
    if (onIdentifier) {
      // `guard let session = sessions[identifier] else { … }`: the bound names stand for the identifier too.
      for (const part of parts) {
        if (fieldOf(part) === 'bound_identifier') this.identifierNames.add(part.text);
      }
    }
    return { falls: true, handled: start };
  }

  private switchStatement(node: Node, handled: boolean): Outcome {
    const subject = node.childForFieldName('expr');
    const onIdentifier = !!subject && mentionsAny(subject, this.identifierNames);
    const start = handled || (subject ? this.scan(subject, handled) : false);
    const frame = { kind: 'switch' as const, states: [] as boolean[] };
    this.breakStates.push(frame);
    const outcomes: Outcome[] = [];
    for (const entry of namedChildren(node).filter((child) => child.type === 'switch_entry')) {
      const guardClause = namedChildren(entry).filter((child) => child.type !== 'statements');
      const entryOnIdentifier = onIdentifier || this.conditionsOnIdentifier(guardClause);
      outcomes.push(this.branch(entryOnIdentifier, () => this.block(firstNamedOfType(entry, 'statements'), start)));
    }
    this.breakStates.pop();
    if (outcomes.length === 0) return { falls: true, handled: start };
    return join([...outcomes, ...frame.states.map((state) => ({ falls: true, handled: state }))]);
  }

  private doStatement(node: Node, handled: boolean): Outcome {
    const catches = namedChildren(node).filter((child) => child.type === 'catch_block');
    const body = firstNamedOfType(node, 'statements');
    if (catches.length === 0) return this.block(body, handled);
    this.throwStates.push([]);
    const bodyOutcome = this.block(body, handled);
    const throwPoints = this.throwStates.pop() ?? [];
    const atCatch = throwPoints.length > 0 ? throwPoints.every(Boolean) : handled;
    const outcomes = [bodyOutcome];
    for (const handler of catches) outcomes.push(this.branch(false, () => this.block(firstNamedOfType(handler, 'statements'), atCatch)));
    return join(outcomes);
  }

  private loop(node: Node, handled: boolean): Outcome {
    const body = namedChildren(node).find((child) => child.type === 'statements');
    const header = namedChildren(node).filter((child) => child !== body);
    const start = handled || this.scanAll(header, handled);
    this.breakStates.push({ kind: 'loop', states: [] });
    const bodyOutcome = this.branch(false, () => this.block(body, start));
    this.breakStates.pop();
    const runsOnce = node.type === 'repeat_while_statement' && bodyOutcome.falls && bodyOutcome.handled;
    return { falls: true, handled: start || runsOnce };
  }

  /** A statement with `try` inside a `do` that has catches: the catch may start from here. */
  private noteThrowPoint(node: Node, handled: boolean, parts: Node[] = [node]): void {
    if (this.throwStates.length === 0) return;
    const throws = parts.some((part) =>
      [part, ...part.descendantsOfType('try_expression').filter((n): n is Node => !!n)].some(
        (candidate) =>
          candidate.type === 'try_expression' &&
          isPlainTry(candidate) &&
          enclosingClosures(candidate, part).length === 0,
      ),
    );
    if (throws) this.throwStates[this.throwStates.length - 1].push(handled);
  }

  /** Records every reference to the handler in `node`; true when there is one. A call after the handler was already kept is not "at once". */
  private scan(node: Node, handledBefore: boolean): boolean {
    const found = references(node, this.handler);
    for (const reference of found) this.classify(reference, node, handledBefore);
    if (found.length > 0) this.result.mentioned = true;
    return found.length > 0;
  }

  private classify(reference: Node, statement: Node, handledBefore: boolean): void {
    const closures = enclosingClosures(reference, statement).filter((lambda) => classifyClosure(lambda).runs !== 'atExit');
    const parent = reference.parent;
    const isCallee = parent?.type === 'call_expression' && parent.namedChild(0)?.equals(reference);
    const call = isCallee && parent ? readCall(parent) : undefined;
    if (call && call.args.length === 0 && closures.length === 0) {
      let conditional = this.conditional > 0;
      let onIdentifier = this.onIdentifier > 0;
      for (let node: Node | null = parent; node && !node.equals(statement.parent ?? statement); node = node.parent) {
        const up = node.parent;
        if (!up) break;
        if (up.type === 'ternary_expression' && !up.childForFieldName('condition')?.equals(node)) {
          conditional = true;
          const condition = up.childForFieldName('condition');
          if (condition && mentionsAny(condition, this.identifierNames)) onIdentifier = true;
        }
        if (up.type === 'conjunction_expression' || up.type === 'disjunction_expression') conditional = true;
      }
      if (!onIdentifier && !handledBefore) this.result.immediateCalls.push({ span: spanOf(parent!), conditional });
      return;
    }
    this.result.deferred = true;
    const holder = valueHolder(reference);
    if (holder?.parent?.type === 'assignment' && fieldOf(holder) === 'result') {
      const target = holder.parent.childForFieldName('target');
      const storage = target ? storageName(target.namedChild(0) ?? target) : undefined;
      if (storage && !this.result.storedIn.includes(storage)) this.result.storedIn.push(storage);
    }
    if (holder?.parent?.type === 'value_argument') {
      const argument = holder.parent;
      const callNode = argument.parent?.parent?.parent;
      const parts = callNode?.type === 'call_expression' ? readCall(callNode) : undefined;
      const index = parts?.args.findIndex((arg) => arg.node.equals(argument)) ?? -1;
      const name = parts ? calleeNameAndReceiver(parts.callee).name?.text : undefined;
      if (parts && name && index >= 0) this.result.passedTo.push({ callee: name, label: parts.args[index].label, index });
    }
  }
}

/** `identifiers`: the names that hold the session identifier (branches on them are remembered). */
export function analyzeHandler(statements: Node | undefined, handlerName: Node, identifiers: string[]): CompletionHandlerFacts {
  return new HandlerPaths(handlerName.text, spanOf(handlerName), identifiers).run(statements);
}
