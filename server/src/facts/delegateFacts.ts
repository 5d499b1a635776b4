// Facts about URLSession delegate methods and handleEvents bodies: what happens to the
// completion handler, where `location` goes, prints, tasks started from callbacks.
// Computed from the tree once per file, after the main extraction (whose facts it may read).
import type { Node } from 'web-tree-sitter';
import type { FileFacts } from './facts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DelegateFacts {}

export function emptyDelegateFacts(): DelegateFacts {
  return {};
}

export function extractDelegateFacts(_root: Node, _facts: FileFacts): DelegateFacts {
  return {};
}
