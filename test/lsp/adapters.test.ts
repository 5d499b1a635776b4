// Unit tests of the language server's adapters (no server process): findings → diagnostics,
// code actions, disable comments, hovers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Fix } from '../../server/src/engine/findings';
import { buildCodeActions, fixAllEdits } from '../../server/src/lsp/codeActions';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { disableForFileEdit, disableForLineEdit } from '../../server/src/lsp/disableComments';
import { hoverAt } from '../../server/src/lsp/hovers';
import { loadSwiftParser, parseSwift } from '../../server/src/parse/swiftParser';
import { positionOf, rangeOf } from './lspTestClient';

const file = '/work/App/AppDelegate.swift';
const uri = 'file:///work/App/AppDelegate.swift';
const uriOf = (path: string) => `file://${path}`;

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'debug-exit-unguarded',
    severity: 'error',
    message: 'exit(0) outside #if DEBUG',
    file,
    range: { start: { line: 4, character: 8 }, end: { line: 4, character: 15 } },
    related: [],
    fixes: [],
    ...overrides,
  };
}

function fix(title: string, safety: Fix['safety'], line: number, newText = 'x', path = file): Fix {
  return { title, safety, edits: [{ file: path, range: { start: { line, character: 0 }, end: { line, character: 1 } }, newText }] };
}

function apply(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.swift', 'swift', 1, text), edits);
}

describe('toDiagnostic', () => {
  it('maps severity, code, docs link, source and related locations', () => {
    const diagnostic = toDiagnostic(
      finding({
        severity: 'info',
        related: [{ file: '/work/App/Other.swift', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } }, message: 'the session' }],
      }),
      uriOf,
    );
    assert.equal(diagnostic.severity, 3);
    assert.equal(diagnostic.code, 'debug-exit-unguarded');
    assert.equal(diagnostic.source, 'urlsession-lint');
    assert.match(diagnostic.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/debug-exit-unguarded\.md$/);
    assert.deepEqual(diagnostic.range, finding().range);
    assert.deepEqual(diagnostic.relatedInformation, [
      { location: { uri: 'file:///work/App/Other.swift', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } } }, message: 'the session' },
    ]);
    assert.equal(toDiagnostic(finding({ severity: 'warning' }), uriOf).severity, 2);
    assert.equal(toDiagnostic(finding(), uriOf).relatedInformation, undefined);
  });
});

describe('buildCodeActions', () => {
  const text = 'import UIKit\n\nclass A {\n    func applicationDidEnterBackground() {\n        exit(0)\n    }\n}\n';
  const withFixes = finding({ fixes: [fix('Quick one', 'quick', 4), fix('Wrap in #if DEBUG', 'safe', 4), fix('Another safe', 'safe', 4)] });
  const diagnostic = toDiagnostic(withFixes, uriOf);
  const input = (context: Parameters<typeof buildCodeActions>[0]['context'], findings: Finding[] = [withFixes]) => ({
    uri,
    path: file,
    text,
    tree: undefined,
    range: diagnostic.range,
    context,
    findings,
    refactorings: () => [{ title: 'Use a bundle-based identifier', kind: 'refactor.rewrite', edits: [] }],
    uriOf,
  });

  it('a quick fix per fix, the first safe one preferred, then disable actions and refactorings', () => {
    const actions = buildCodeActions(input({ diagnostics: [diagnostic] }));
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred ?? false]),
      [
        ['Quick one', 'quickfix', false],
        ['Wrap in #if DEBUG', 'quickfix', true],
        ['Another safe', 'quickfix', false],
        ['Disable debug-exit-unguarded for this line', 'quickfix', false],
        ['Disable debug-exit-unguarded for this file', 'quickfix', false],
        ['Use a bundle-based identifier', 'refactor.rewrite', false],
      ],
    );
    assert.deepEqual(actions[1].diagnostics, [diagnostic]);
  });

  it('two findings at one place offering the same edit give one action naming both diagnostics', () => {
    const rewrite = fix('Use a bundle-based identifier', 'quick', 4, 'bundle');
    const hardcoded = finding({ rule: 'hardcoded-identifier-in-extension', fixes: [rewrite] });
    const shared = finding({ rule: 'identifier-shared-across-targets', fixes: [rewrite, fix('Other', 'quick', 4, 'other')] });
    const diagnostics = [toDiagnostic(hardcoded, uriOf), toDiagnostic(shared, uriOf)];
    const actions = buildCodeActions({ ...input({ diagnostics }, [hardcoded, shared]), refactorings: () => [] }).filter((a) => !a.title.startsWith('Disable'));
    assert.deepEqual(actions.map((a) => a.title), ['Use a bundle-based identifier', 'Other']);
    assert.deepEqual(actions[0].diagnostics, diagnostics);
  });

  it('honours `only`', () => {
    assert.deepEqual(buildCodeActions(input({ diagnostics: [diagnostic], only: ['refactor'] })).map((a) => a.kind), ['refactor.rewrite']);
    assert.deepEqual(buildCodeActions(input({ diagnostics: [diagnostic], only: ['refactor.extract'] })), []);
    assert.deepEqual(
      buildCodeActions(input({ diagnostics: [diagnostic], only: ['source.fixAll'] })).map((a) => a.kind),
      ['source.fixAll.urlsessionLint'],
    );
    assert.equal(buildCodeActions(input({ diagnostics: [diagnostic] })).some((a) => a.kind?.startsWith('source')), false);
  });

  it('leaves out a refactoring that makes the same edit as a quick fix offered in the same answer', () => {
    const sameAsFix = { title: 'Wrap (refactoring)', kind: 'refactor.rewrite', edits: withFixes.fixes[1].edits };
    const other = { title: 'Something else', kind: 'refactor.rewrite', edits: fix('', 'quick', 2, 'other').edits };
    const both = (context: Parameters<typeof buildCodeActions>[0]['context']) =>
      buildCodeActions({ ...input(context), refactorings: () => [sameAsFix, other] }).filter((a) => a.kind === 'refactor.rewrite').map((a) => a.title);
    assert.deepEqual(both({ diagnostics: [diagnostic] }), ['Something else']);
    // Asked for refactorings only (the Refactor menu), no quick fix is offered: both are.
    assert.deepEqual(both({ diagnostics: [diagnostic], only: ['refactor'] }), ['Wrap (refactoring)', 'Something else']);
  });

  it('ignores diagnostics that match no finding (stale) or come from another source', () => {
    const stale = { ...diagnostic, message: 'old message' };
    const foreign = { ...diagnostic, source: 'swiftlint' };
    const titles = buildCodeActions(input({ diagnostics: [stale, foreign] })).map((a) => a.title);
    assert.deepEqual(titles, ['Disable debug-exit-unguarded for this line', 'Disable debug-exit-unguarded for this file', 'Use a bundle-based identifier']);
  });

  it('puts edits to other files under their own URI', () => {
    const crossFile = finding({ fixes: [{ title: 'Add delegate method', safety: 'quick', edits: [fix('', 'quick', 1, 'y', '/work/App/Other.swift').edits[0]] }] });
    const [action] = buildCodeActions(input({ diagnostics: [toDiagnostic(crossFile, uriOf)] }, [crossFile]));
    assert.deepEqual(Object.keys(action.edit!.changes!), ['file:///work/App/Other.swift']);
  });
});

describe('fixAllEdits', () => {
  it('takes safe fixes only, skips overlapping ones and fixes that reach into other files', () => {
    const findings = [
      finding({ fixes: [fix('quick', 'quick', 0), fix('safe A', 'safe', 1, 'A')] }),
      finding({ fixes: [fix('safe A again (overlaps)', 'safe', 1, 'B')] }),
      finding({ fixes: [fix('safe C', 'safe', 3, 'C')] }),
      finding({ fixes: [fix('other file', 'safe', 5, 'D', '/work/App/Other.swift')] }),
    ];
    assert.deepEqual(
      fixAllEdits(findings, file).map((edit) => [edit.range.start.line, edit.newText]),
      [
        [1, 'A'],
        [3, 'C'],
      ],
    );
  });

  it('treats two insertions at one position as a conflict', () => {
    const insert = (newText: string): Fix => ({
      title: newText,
      safety: 'safe',
      edits: [{ file, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText }],
    });
    assert.deepEqual(fixAllEdits([finding({ fixes: [insert('a')] }), finding({ fixes: [insert('b')] })], file).map((e) => e.newText), ['a']);
  });
});

describe('disable comments', () => {
  const source = [
    '//',
    '//  AppDelegate.swift',
    '//',
    '',
    'import UIKit',
    '',
    'class AppDelegate {',
    '    func applicationDidEnterBackground() {',
    '        exit(0)',
    '        exit(1) // bye',
    '        exit(2) // urlsession-lint:disable:this other-rule - testing',
    '        // urlsession-lint:disable:next other-rule',
    '        exit(3) // urlsession-lint:disable:previous x',
    '        let s = """',
    '            text',
    '            """',
    '    }',
    '}',
    '',
  ].join('\n');
  const rule = 'debug-exit-unguarded';

  async function tree() {
    const parser = await loadSwiftParser();
    return parseSwift(parser, source).tree;
  }
  const lineOf = (needle: string) => positionOf(source, needle).line;
  const lineAfter = (text: string, line: number) => text.split('\n')[line];

  it('appends a disable:this comment to a plain line', async () => {
    const edit = disableForLineEdit(source, await tree(), lineOf('exit(0)'), rule)!;
    assert.equal(lineAfter(apply(source, [edit]), lineOf('exit(0)')), `        exit(0) // urlsession-lint:disable:this ${rule}`);
  });

  it('puts the comment before an ordinary trailing comment, which becomes the reason', async () => {
    const edit = disableForLineEdit(source, await tree(), lineOf('exit(1)'), rule)!;
    assert.equal(lineAfter(apply(source, [edit]), lineOf('exit(1)')), `        exit(1) // urlsession-lint:disable:this ${rule} // bye`);
  });

  it('without a syntax tree, a line that may hold a comment gets a disable:next line above', () => {
    const edit = disableForLineEdit(source, undefined, lineOf('exit(1)'), rule)!;
    const result = apply(source, [edit]);
    assert.equal(lineAfter(result, lineOf('exit(1)')), `        // urlsession-lint:disable:next ${rule}`);
    assert.equal(lineAfter(result, lineOf('exit(1)') + 1), '        exit(1) // bye');
  });

  it('merges the id into a disable:this comment on the line, before its reason', async () => {
    const edit = disableForLineEdit(source, await tree(), lineOf('exit(2)'), rule)!;
    assert.equal(lineAfter(apply(source, [edit]), lineOf('exit(2)')), `        exit(2) // urlsession-lint:disable:this other-rule ${rule} - testing`);
    const merged = apply(source, [edit]);
    assert.equal(disableForLineEdit(merged, parseSwift(await loadSwiftParser(), merged).tree, lineOf('exit(2)'), rule), undefined, 'already listed');
  });

  it('merges into a disable:next comment above when the line ends in another urlsession-lint comment', async () => {
    const edit = disableForLineEdit(source, await tree(), lineOf('exit(3)'), rule)!;
    assert.equal(lineAfter(apply(source, [edit]), lineOf('exit(3)') - 1), `        // urlsession-lint:disable:next other-rule ${rule}`);
  });

  it('does not append to the opening line of a multi-line string', async () => {
    const line = lineOf('let s = """');
    const result = apply(source, [disableForLineEdit(source, await tree(), line, rule)!]);
    assert.equal(lineAfter(result, line), `        // urlsession-lint:disable:next ${rule}`);
    assert.equal(lineAfter(result, line + 1), '        let s = """');
  });

  it('file: after the header comment block, before the first line of code', () => {
    const result = apply(source, [disableForFileEdit(source, rule)!]);
    assert.ok(result.startsWith(`//\n//  AppDelegate.swift\n//\n\n// urlsession-lint:disable ${rule}\nimport UIKit\n`), result);
    assert.equal(disableForFileEdit(result, rule), undefined, 'already listed');
    const second = apply(result, [disableForFileEdit(result, 'other-rule')!]);
    assert.ok(second.includes(`// urlsession-lint:disable ${rule} other-rule\nimport UIKit`), second);
  });

  it('file: at the top when the file starts with code or a doc comment; keeps CRLF', () => {
    assert.equal(apply('import UIKit\n', [disableForFileEdit('import UIKit\n', rule)!]), `// urlsession-lint:disable ${rule}\nimport UIKit\n`);
    assert.equal(apply('/// Docs\nclass A {}\n', [disableForFileEdit('/// Docs\nclass A {}\n', rule)!]), `// urlsession-lint:disable ${rule}\n/// Docs\nclass A {}\n`);
    const crlf = '// Header\r\n\r\nimport UIKit\r\n';
    assert.equal(apply(crlf, [disableForFileEdit(crlf, rule)!]), `// Header\r\n\r\n// urlsession-lint:disable ${rule}\r\nimport UIKit\r\n`);
  });
});

describe('hoverAt', () => {
  const source = `class AppDelegate {
    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        let a = URLSessionConfiguration.background(withIdentifier: identifier)
        let b: URLSessionConfiguration = .background(withIdentifier: "b")
        let c = URLSessionConfiguration.backgroundSessionConfiguration("c")
        a.isDiscretionary = true
        a.sharedContainerIdentifier = "group.a"
        let background = 1
    }
    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {}
}
`;
  async function hover(needle: string, nth = 0) {
    let from = 0;
    for (let i = 0; i < nth; i++) from = source.indexOf(needle, from) + 1;
    const parsed = parseSwift(await loadSwiftParser(), source);
    const position = positionOf(source, needle, from);
    const result = hoverAt(parsed.tree, { line: position.line, character: position.character + 1 });
    return result ? { text: (result.contents as { value: string }).value, range: result.range } : undefined;
  }

  it('answers on each background API, over the identifier', async () => {
    const onHandleEvents = await hover('handleEventsForBackgroundURLSession');
    assert.deepEqual(onHandleEvents!.range, rangeOf(source, 'handleEventsForBackgroundURLSession'));
    assert.match(onHandleEvents!.text, /application\(_:handleEventsForBackgroundURLSession:completionHandler:\)/);
    // The testing facts live in the walkthrough: one link to it, not the facts on every hover.
    assert.match(onHandleEvents!.text, /\[Testing background transfers\]\(command:urlsessionLint\.openWalkthrough\)/);
    for (const fact of [/debugger/, /proxy/, /Console/, /real device/]) assert.doesNotMatch(onHandleEvents!.text, fact);
    assert.match((await hover('background(withIdentifier: identifier'))!.text, /URLSessionConfiguration\.background\(withIdentifier:\)/);
    assert.match((await hover('withIdentifier: identifier'))!.text, /URLSessionConfiguration\.background\(withIdentifier:\)/);
    assert.match((await hover('.background(withIdentifier: "b"', 0))!.text, /one\*\* session per identifier/);
    assert.match((await hover('backgroundSessionConfiguration'))!.text, /deprecated/);
    assert.match((await hover('isDiscretionary'))!.text, /started while the app is in the foreground/);
    assert.match((await hover('isDiscretionary'))!.text, /always discretionary/);
    assert.match((await hover('sharedContainerIdentifier'))!.text, /application-groups/);
    assert.match((await hover('urlSessionDidFinishEvents'))!.text, /main queue/);
  });

  it('stays quiet elsewhere', async () => {
    assert.equal(await hover('let background'), undefined);
    assert.equal(await hover('background = 1'), undefined, 'a variable named background');
    assert.equal(await hover('URLSessionConfiguration.background'), undefined);
  });
});
