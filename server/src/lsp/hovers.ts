// Hovers on the background-transfer APIs: finds the identifier under the cursor in the syntax
// tree the engine keeps for open documents, and answers with the matching explanation.
import type { Node, Tree } from 'web-tree-sitter';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { hoverMarkdown, type HoverTopic } from './hoverTexts';

const plainTopics: Record<string, HoverTopic> = {
  handleEventsForBackgroundURLSession: 'handleEventsForBackgroundURLSession',
  isDiscretionary: 'isDiscretionary',
  sharedContainerIdentifier: 'sharedContainerIdentifier',
  urlSessionDidFinishEvents: 'urlSessionDidFinishEvents',
  backgroundSessionConfiguration: 'backgroundSessionConfiguration',
};

export function hoverAt(tree: Tree, position: Position): Hover | null {
  const point = { row: position.line, column: position.character };
  const node = tree.rootNode.descendantForPosition(point);
  if (!node || node.type !== 'simple_identifier') return null;
  const topic = topicOf(node);
  if (!topic) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hoverMarkdown(topic) },
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column },
      end: { line: node.endPosition.row, character: node.endPosition.column },
    },
  };
}

function topicOf(node: Node): HoverTopic | undefined {
  const text = node.text;
  if (Object.hasOwn(plainTopics, text)) return plainTopics[text];
  if (text === 'background' && firstArgumentLabel(enclosingCall(node, 3)) === 'withIdentifier') {
    return 'background(withIdentifier:)';
  }
  if (text === 'withIdentifier' && node.parent?.type === 'value_argument_label') {
    const call = enclosingCall(node, 5);
    if (call && calleeName(call) === 'background') return 'background(withIdentifier:)';
  }
  return undefined;
}

/** The nearest `call_expression` at most `levels` parents up. */
function enclosingCall(node: Node, levels: number): Node | undefined {
  let current: Node | null = node.parent;
  for (let i = 0; current && i < levels; i++, current = current.parent) {
    if (current.type === 'call_expression') return current;
  }
  return undefined;
}

function firstArgumentLabel(call: Node | undefined): string | undefined {
  const suffix = call?.children.find((child) => child?.type === 'call_suffix');
  const label = suffix?.descendantsOfType('value_argument_label')[0];
  return label?.text;
}

/** `background` for `X.background(…)` and `.background(…)`. */
function calleeName(call: Node): string | undefined {
  const callee = call.child(0);
  if (!callee) return undefined;
  const identifiers = callee.descendantsOfType('simple_identifier');
  return identifiers[identifiers.length - 1]?.text ?? (callee.type === 'simple_identifier' ? callee.text : undefined);
}
