// Finds the syntax node a fact's span was taken from, in the tree of the file being checked.
import type { Node, Tree } from 'web-tree-sitter';
import type { Span } from '../facts/facts';

/** The outermost node whose range is exactly `span` (of `type` when given), or undefined. */
export function nodeAt(tree: Tree, span: Span, type?: string): Node | undefined {
  let node: Node | null = tree.rootNode.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  let found: Node | undefined;
  for (; node; node = node.parent) {
    if (node.startIndex < span.start || node.endIndex > span.end) break;
    if (node.startIndex === span.start && node.endIndex === span.end && (!type || node.type === type)) found = node;
  }
  return found;
}
