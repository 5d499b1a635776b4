// Small readers over tree-sitter-swift 0.7.1 node shapes, shared by fact extraction and fixes.
import type { Node } from 'web-tree-sitter';
import type { Span } from './facts';

export function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** One call for all children: `namedChild(i)` in a loop costs O(i) each inside web-tree-sitter. */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

/** Every child with the field it fills (`null` for none), in one pass. */
export function childrenWithFields(node: Node): { child: Node; field: string | null }[] {
  const out: { child: Node; field: string | null }[] = [];
  node.children.forEach((child, i) => {
    if (child) out.push({ child, field: node.fieldNameForChild(i) });
  });
  return out;
}

/** The field `child` fills in `parent` (null for none). */
export function fieldNameOf(parent: Node, child: Node): string | null {
  return childrenWithFields(parent).find((entry) => entry.child.equals(child))?.field ?? null;
}

export function firstNamedOfType(node: Node, type: string): Node | undefined {
  return namedChildren(node).find((child) => child.type === type);
}

/** Wrappers that do not change which value an expression denotes. */
const transparentWrappers = new Set(['try_expression', 'await_expression', 'parenthesized_expression', 'postfix_expression']);

export function unwrapExpression(node: Node): Node {
  let current = node;
  for (;;) {
    if (transparentWrappers.has(current.type)) {
      const inner =
        current.childForFieldName('expr') ??
        current.childForFieldName('target') ??
        namedChildren(current).find((child) => child.type !== 'try_operator');
      if (!inner) return current;
      current = inner;
    } else if (current.type === 'tuple_expression' && current.namedChildCount === 1) {
      // `(session ?? plain)`: a parenthesized expression reads as a one-element tuple.
      current = current.namedChild(0)!;
    } else if (current.type === 'as_expression') {
      const inner = current.childForFieldName('expr') ?? current.namedChild(0);
      if (!inner) return current;
      current = inner;
    } else {
      return current;
    }
  }
}

export interface CallParts {
  /** The outermost call_expression node (includes trailing closures). */
  node: Node;
  callee: Node;
  args: { label?: string; value: Node; node: Node }[];
  trailingClosures: Node[];
  /** The inner call_expression when the trailing closure was parsed as a call of a call. */
  innerCall?: Node;
}

function readSuffix(suffix: Node, parts: CallParts): void {
  for (const child of namedChildren(suffix)) {
    if (child.type === 'value_arguments') {
      for (const arg of namedChildren(child)) {
        if (arg.type !== 'value_argument') continue;
        const value = arg.childForFieldName('value');
        if (!value) continue;
        const labelNode = arg.childForFieldName('name');
        parts.args.push({ label: labelNode ? labelNode.text.trim() : undefined, value, node: arg });
      }
    } else if (child.type === 'lambda_literal' || child.type === 'annotated_lambda') {
      parts.trailingClosures.push(child.type === 'annotated_lambda' ? (firstNamedOfType(child, 'lambda_literal') ?? child) : child);
    }
  }
}

/** Reads a call_expression, folding `f(x) { … }` (parsed as a call of a call) into one call. */
export function readCall(node: Node): CallParts | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = node.namedChild(0);
  const suffix = node.namedChild(node.namedChildCount - 1);
  if (!callee || !suffix || suffix.type !== 'call_suffix' || callee === suffix) return undefined;
  const outer: CallParts = { node, callee, args: [], trailingClosures: [] };
  readSuffix(suffix, outer);
  const onlyClosures = outer.args.length === 0 && outer.trailingClosures.length > 0;
  if (callee.type === 'call_expression' && onlyClosures && !suffix.text.trimStart().startsWith('(')) {
    const inner = readCall(callee);
    if (inner) {
      return { node, callee: inner.callee, args: inner.args, trailingClosures: [...inner.trailingClosures, ...outer.trailingClosures], innerCall: callee };
    }
  }
  return outer;
}

/** For `a.b.c(…)` → the method name node `c` and the receiver `a.b`; for `c(…)` → name only. */
export function calleeNameAndReceiver(callee: Node): { name?: Node; receiver?: Node; implicitMember: boolean } {
  if (callee.type === 'simple_identifier') return { name: callee, implicitMember: false };
  if (callee.type === 'navigation_expression') {
    const suffix = callee.childForFieldName('suffix');
    const name = suffix?.childForFieldName('suffix') ?? undefined;
    const receiver = namedChildren(callee).find((child) => child.type !== 'navigation_suffix');
    return { name: name?.type === 'simple_identifier' ? name : undefined, receiver, implicitMember: false };
  }
  if (callee.type === 'prefix_expression' && callee.childForFieldName('operation')?.text === '.') {
    const target = callee.childForFieldName('target');
    return { name: target?.type === 'simple_identifier' ? target : undefined, implicitMember: true };
  }
  return { implicitMember: false };
}

/** The text of a string literal without interpolation, or undefined. */
export function plainStringValue(node: Node): string | undefined {
  if (node.type !== 'line_string_literal' && node.type !== 'multi_line_string_literal') return undefined;
  if (namedChildren(node).some((child) => child.type === 'interpolated_expression')) return undefined;
  let value = '';
  for (const child of namedChildren(node)) {
    if (child.type === 'line_str_text' || child.type === 'multi_line_str_text') value += child.text;
    else if (child.type === 'str_escaped_char') value += child.text;
    else return undefined;
  }
  return value;
}

export function hasInterpolation(node: Node): boolean {
  return namedChildren(node).some((child) => child.type === 'interpolated_expression');
}

/** Modifiers of a declaration: `static`, `class`, `lazy`, and attribute names like `MainActor`. */
export function declarationModifiers(node: Node): { isStatic: boolean; isLazy: boolean; isPublic: boolean; attributes: string[] } {
  const result = { isStatic: false, isLazy: false, isPublic: false, attributes: [] as string[] };
  const modifiers = firstNamedOfType(node, 'modifiers');
  if (!modifiers) return result;
  for (const modifier of namedChildren(modifiers)) {
    const text = modifier.text;
    if (modifier.type === 'property_modifier' && (text === 'static' || text === 'class')) result.isStatic = true;
    if (modifier.type === 'property_behavior_modifier' && text === 'lazy') result.isLazy = true;
    if (modifier.type === 'attribute') result.attributes.push(text.replace(/^@/, '').split('(')[0].trim());
    if (modifier.type === 'visibility_modifier' && (text === 'open' || text === 'public')) result.isPublic = true;
  }
  return result;
}

/** True for node types that are expressions (so a lone one in a body is an implicit return). */
export function isExpressionNode(node: Node): boolean {
  return (
    node.type.endsWith('_expression') ||
    node.type.endsWith('_literal') ||
    node.type === 'simple_identifier' ||
    node.type === 'self_expression'
  ) && node.type !== 'lambda_literal';
}

/**
 * The descendants of `node` (itself included) of one of `types`, in document order, found as the
 * caller asks: one that stops at the first match walks no further (descendantsOfType collects all).
 */
export function* descendantsOfTypes(node: Node, types: ReadonlySet<string>): Generator<Node, void, undefined> {
  const cursor = node.walk();
  try {
    for (;;) {
      if (types.has(cursor.nodeType)) yield cursor.currentNode;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return;
    }
  } finally {
    cursor.delete();
  }
}
