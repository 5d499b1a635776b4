// Code moved into an escaping closure (a `DispatchQueue.main.async` block, a Logger message's
// interpolations) must name members of a class through `self.`: finds the bare member references
// in a piece of code and writes them with `self.`.
import type { Node } from 'web-tree-sitter';
import { isReference } from '../facts/references';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

/** True when the workspace declares the type as a struct or enum (whose closures may use members without `self.`). */
export function isValueType(workspace: WorkspaceIndex, typeName: string): boolean {
  return workspace.typeDeclarations(typeName).some((declaration) => declaration.kind === 'struct' || declaration.kind === 'enum');
}

/** Bare references to `members` inside `nodes` (not after a `.`), in source order. */
export function bareMemberReferences(nodes: Node[], members: Set<string>): Node[] {
  const found: Node[] = [];
  for (const node of nodes) {
    const ids = node.type === 'simple_identifier' ? [node] : node.descendantsOfType('simple_identifier');
    for (const id of ids) {
      if (id && members.has(id.text) && isReference(id)) found.push(id);
    }
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

/** The text of `text[start, end)` with `self.` written before each reference. */
export function textWithSelf(text: string, start: number, end: number, references: Node[]): string {
  let out = '';
  let cursor = start;
  for (const reference of references) {
    if (reference.startIndex < start || reference.endIndex > end) continue;
    out += text.slice(cursor, reference.startIndex) + 'self.';
    cursor = reference.startIndex;
  }
  return out + text.slice(cursor, end);
}
