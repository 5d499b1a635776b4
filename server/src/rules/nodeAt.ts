// Finds the syntax node a fact's span was taken from, in the tree of the file being checked, and
// the call-site fact recorded for a span.
import type { Node, Tree } from 'web-tree-sitter';
import type { CallSite, Span } from '../facts/facts';

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

/** The call site among `sites` recorded for exactly this span. */
export function callSiteAt(sites: readonly CallSite[], span: Span): CallSite | undefined {
  return sites.find((site) => site.span.start === span.start && site.span.end === span.end);
}
