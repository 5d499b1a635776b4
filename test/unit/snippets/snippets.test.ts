// Every snippet, expanded with its defaults inside the Swift context it is meant for, parses
// without ERROR or MISSING nodes; names and prefixes follow the project's conventions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSwiftParser, parseSwift, type Node } from '../../../server/src/parse/swiftParser';
import { expandSnippet, indentSnippet } from './snippetSyntax';

interface Snippet {
  prefix: string;
  description: string;
  body: string[] | string;
}

const snippets: Record<string, Snippet> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'swift.json'), 'utf8'),
);

/** Where each snippet is meant to be typed: a new snippet must say so here. */
const contexts: Record<string, 'typeBody' | 'functionBody'> = {
  bgSessionCache: 'typeBody',
  bgConfiguration: 'functionBody',
  bgUploadFromFile: 'functionBody',
  bgHandleEvents: 'typeBody',
  bgDownloadDelegate: 'typeBody',
  bgDebugInvalidate: 'functionBody',
  bgDebugExit: 'typeBody',
  bgLogger: 'typeBody',
};

function inContext(expanded: string, context: 'typeBody' | 'functionBody'): string {
  if (context === 'typeBody') {
    return [
      'import UIKit',
      '',
      'final class AppDelegate: UIResponder, UIApplicationDelegate, URLSessionDownloadDelegate {',
      '    let backgroundSession = URLSession.shared',
      '',
      indentSnippet(expanded, '    '),
      '}',
      '',
    ].join('\n');
  }
  return [
    'import UIKit',
    '',
    'final class Uploader: NSObject, URLSessionDelegate {',
    '    let backgroundSession = URLSession.shared',
    '',
    '    func start(data: Data) {',
    indentSnippet(expanded, '        '),
    '    }',
    '}',
    '',
  ].join('\n');
}

function problems(root: Node): string[] {
  const found: string[] = [];
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      found.push(`${node.isMissing ? 'MISSING' : 'ERROR'} ${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
    }
    if (node.hasError || node.isMissing) for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return found;
}

const bodyText = (snippet: Snippet) => (Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body);

describe('snippet syntax expander', () => {
  it('uses defaults, mirrors tab stops, takes the first choice and honours escapes', () => {
    assert.equal(expandSnippet('let ${1:a} = $1 + ${2|x,y|}$0'), 'let a = a + x');
    assert.equal(expandSnippet('${2:${1:outer}.x} $1'), 'outer.x outer');
    assert.equal(expandSnippet('\\$1 \\} \\\\ "\\(x)"'), '$1 } \\ "\\(x)"');
    assert.equal(expandSnippet('${1|a\\,b,c|}'), 'a,b');
    assert.equal(expandSnippet('${TM_FILENAME:File.swift} $UNKNOWN', {}), 'File.swift UNKNOWN');
    assert.equal(expandSnippet('${1}'), '');
  });

  it('rejects malformed snippets', () => {
    assert.throws(() => expandSnippet('${1:open'));
    assert.throws(() => expandSnippet('${1|a,b}'));
  });
});

describe('snippets/swift.json', () => {
  it('has bg-prefixed, unique prefixes with descriptions', () => {
    const prefixes = Object.values(snippets).map((snippet) => snippet.prefix);
    assert.deepEqual([...new Set(prefixes)], prefixes, 'duplicate prefix');
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.match(snippet.prefix, /^bg[A-Z]/, `${name}: prefix must start with "bg"`);
      assert.ok(snippet.description.length > 20, `${name}: needs a description`);
      assert.ok(name.startsWith('Background'), `${name}: names start with "Background" so they never clash with the Swift extension's`);
    }
  });

  it('knows the context of every snippet', () => {
    assert.deepEqual(Object.values(snippets).map((s) => s.prefix).sort(), Object.keys(contexts).sort());
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix} parses cleanly with its defaults`, async () => {
      const parser = await loadSwiftParser();
      const source = inContext(expandSnippet(bodyText(snippet)), contexts[snippet.prefix]);
      const parsed = parseSwift(parser, source);
      try {
        assert.deepEqual(problems(parsed.tree.rootNode), [], `${name} expanded to:\n${source}`);
      } finally {
        parsed.tree.delete();
      }
    });
  }

  it('bgConfiguration builds the identifier from the bundle identifier', () => {
    const snippet = Object.values(snippets).find((s) => s.prefix === 'bgConfiguration')!;
    assert.ok(bodyText(snippet).includes('"\\(Bundle.main.bundleIdentifier!).${2:background}"'));
  });

  it('the debug helpers are guarded by #if DEBUG and never touch URLSession.shared', () => {
    for (const prefix of ['bgDebugInvalidate', 'bgDebugExit']) {
      const text = expandSnippet(bodyText(Object.values(snippets).find((s) => s.prefix === prefix)!));
      assert.match(text, /#if DEBUG[\s\S]*#endif/);
      assert.doesNotMatch(text, /URLSession\.shared/);
    }
  });
});
