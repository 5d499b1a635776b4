// Engine fuzz: every Swift file of the rule fixtures and examples/, mutated into half-typed or
// hostile text (seeded, so every failure replays), is linted with the other files of its folder.
// Whatever the text, the engine must not throw, must report ranges inside the text, and its
// fixes and refactorings must apply, add no syntax errors and be idempotent.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import test from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import type { Finding, SourceRange } from '../../server/src/engine/findings';
import { applyEdits, positionAt, type RangeEdit } from '../../server/src/fixes/applyEdits';
import { loadSwiftParser } from '../../server/src/parse/swiftParser';
import type { Parser } from 'web-tree-sitter';
import {
  applyFirstFixes,
  captureRuleFailures,
  describeRange,
  excerpt,
  findingRangeProblems,
  fuzzSeed,
  mutantsOf,
  Random,
  rangeProblem,
  seedOf,
  syntaxDamage,
  syntaxProblemNodes,
  type Mutant,
} from '../support/fuzz';
import { swiftFilesIn } from '../support/lintFixture';

const repoRoot = join(__dirname, '..', '..');
const rulesRoot = join(repoRoot, 'test', 'fixtures', 'rules');

/** Each folder is one workspace: its Swift files are linted together, with its project files. */
const folders = [
  ...readdirSync(rulesRoot)
    .sort()
    .map((name) => join(rulesRoot, name)),
  join(repoRoot, 'examples', 'BackgroundTransfers'),
];

async function folderEngine(dir: string, files: string[], texts: Map<string, string>): Promise<Engine> {
  const engine = await Engine.create();
  engine.indexFiles(files, (path) => texts.get(path));
  engine.loadProject(dir);
  return engine;
}

/** Positions to ask for refactorings at: a few random ones and the background configurations. */
function refactoringRanges(text: string, random: Random): SourceRange[] {
  const offsets = [random.int(text.length + 1), random.int(text.length + 1)];
  for (let at = text.indexOf('Configuration'), n = 0; at !== -1 && n < 3; at = text.indexOf('Configuration', at + 1), n++) offsets.push(at);
  return offsets.map((offset) => {
    const position = positionAt(text, offset);
    return { start: position, end: position };
  });
}

/** Everything one mutant did wrong, each problem in a line. */
function checkMutant(engine: Engine, parser: Parser, file: string, mutant: Mutant, texts: Map<string, string>, random: Random): string[] {
  const problems: string[] = [];
  const text = mutant.text;
  const damage = (edits: RangeEdit[]) => syntaxDamage(parser, text, edits);

  engine.setFile(file, text, { keepTree: true });
  const findings: Finding[] = engine.lint(file);
  for (const finding of findings) problems.push(...findingRangeProblems(finding, file, text));

  // Every fix on its own: it applies and breaks no syntax (edits in other files must apply too).
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const where = `${finding.rule} fix "${fix.title}" at ${describeRange(finding.range)}`;
      try {
        const own = fix.edits.filter((edit) => edit.file === file);
        const broken = own.length > 0 ? damage(own) : undefined;
        if (broken) problems.push(`${where}: ${broken}`);
        for (const other of new Set(fix.edits.map((edit) => edit.file).filter((path) => path !== file))) {
          const otherText = texts.get(other) ?? readFileSync(other, 'utf8');
          applyEdits(otherText, fix.edits.filter((edit) => edit.file === other));
        }
      } catch (error) {
        problems.push(`${where}: does not apply: ${(error as Error).message}`);
      }
    }
  }

  // Each rule's fixes together, then again after re-linting: the second round changes nothing.
  const rulesWithFixes = new Set(findings.filter((f) => f.fixes.some((fix) => fix.edits.some((e) => e.file === file))).map((f) => f.rule));
  for (const rule of rulesWithFixes) {
    try {
      const fixed = applyFirstFixes(text, file, findings, rule);
      if (fixed === text) continue;
      engine.setFile(file, fixed, { keepTree: true });
      const twice = applyFirstFixes(fixed, file, engine.lint(file), rule);
      if (twice !== fixed) problems.push(`${rule}: fixing twice changes the text again, near ${firstDifference(fixed, twice)}`);
    } catch (error) {
      problems.push(`${rule}: its fixes do not apply: ${(error as Error).message}`);
    }
  }
  if (rulesWithFixes.size > 0) engine.setFile(file, text, { keepTree: true });

  for (const range of refactoringRanges(text, random)) {
    for (const action of engine.refactorings(file, range)) {
      const where = `refactoring "${action.title}" at ${describeRange(range)}`;
      for (const edit of action.edits) {
        const problem = rangeProblem(text, edit.range);
        if (problem) problems.push(`${where}: edit ${describeRange(edit.range)}: ${problem}`);
      }
      try {
        const broken = damage(action.edits);
        if (broken) problems.push(`${where}: ${broken}`);
      } catch (error) {
        problems.push(`${where}: does not apply: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return excerpt(b, i);
}

/** Lints every mutant of `file`; returns the problems, each prefixed with its mutation. */
async function fuzzFile(dir: string, files: string[], file: string): Promise<{ problems: { mutant: Mutant; problem: string }[]; count: number }> {
  const name = relative(repoRoot, file);
  const parser = await loadSwiftParser();
  const texts = new Map(files.map((path) => [path, readFileSync(path, 'utf8')]));
  const engine = await folderEngine(dir, files, texts);
  const random = new Random(seedOf(name, fuzzSeed));
  const problems: { mutant: Mutant; problem: string }[] = [];
  let count = 0;
  for (const mutant of mutantsOf(texts.get(file)!, random)) {
    count++;
    const { failures } = captureRuleFailures(() => {
      try {
        problems.push(...checkMutant(engine, parser, file, mutant, texts, random).map((problem) => ({ mutant, problem })));
      } catch (error) {
        problems.push({ mutant, problem: `threw ${(error as Error).stack ?? error}` });
      }
    });
    problems.push(...failures.map((line) => ({ mutant, problem: line.split('\n').slice(0, 3).join(' | ') })));
  }
  return { problems, count };
}


const started = performance.now();
let mutantCount = 0;

for (const dir of folders) {
  const files = swiftFilesIn(dir);
  for (const file of files) {
    const name = relative(repoRoot, file);
    test(`fuzz ${name}`, async (t) => {
      const { problems, count } = await fuzzFile(dir, files, file);
      mutantCount += count;
      if (problems.length > 0) t.diagnostic(`replay with FUZZ_SEED=${fuzzSeed} node test/run-tests.mjs engineFuzz`);
      assert.deepEqual(
        problems.map(({ mutant, problem }) => `${mutant.label}: ${problem}`),
        [],
        name,
      );
    });
  }
}

test('fuzz: enough mutants were linted', () => {
  const ms = Math.round(performance.now() - started);
  console.log(`# engine fuzz: ${mutantCount} mutants in ${ms} ms (seed ${fuzzSeed})`);
  assert.ok(mutantCount > 3000, `only ${mutantCount} mutants were linted`);
});

test('huge texts: over the size limit nothing is parsed and every answer is empty; 12,000 lines of generated code keep their ranges inside', async () => {
  const engine = await Engine.create();
  const unit = 'let configuration = URLSessionConfiguration.background(withIdentifier: "")\n';
  const huge = unit.repeat(Math.ceil((6 * 1024 * 1024) / unit.length));
  engine.setFile('/virtual/Huge.swift', huge, { keepTree: true });
  assert.deepEqual(engine.lint('/virtual/Huge.swift'), []);
  assert.deepEqual(engine.refactorings('/virtual/Huge.swift', { start: { line: 3, character: 5 }, end: { line: 3, character: 5 } }), []);
  assert.equal(engine.syntaxTree('/virtual/Huge.swift'), undefined);
  const generated = Array.from({ length: 12_000 }, (_, i) => `let identifier${i} = "com.example.generated.${i}"\n`).join('') + unit;
  engine.setFile('/virtual/Generated.swift', generated, { keepTree: true });
  const { result, failures } = captureRuleFailures(() => engine.lint('/virtual/Generated.swift'));
  assert.deepEqual(failures, []);
  assert.ok(result.some((finding) => finding.rule === 'identifier-empty'), 'the empty identifier on the last line is found');
  for (const finding of result) assert.deepEqual(findingRangeProblems(finding, '/virtual/Generated.swift', generated), []);
});

// ── the bugs the fuzz found, each pinned by its smallest input ─────────────────────────────
// Most were fixed while these tests were written (e830c61, e70088c, fdb4eee); they stay as
// regression tests. The todo ones are open.

test('a lone \\r before a finding: the finding is still on the line LSP clients see', async () => {
  const engine = await Engine.create();
  const text = 'import Foundation\rlet configuration = URLSessionConfiguration.background(withIdentifier: "")\n';
  engine.setFile('/virtual/LoneCR.swift', text, { keepTree: true });
  const finding = engine.lint('/virtual/LoneCR.swift').find((f) => f.rule === 'identifier-empty');
  assert.ok(finding, 'identifier-empty is reported');
  // LSP (and applyEdits, and VS Code) count the lone \r as a line break: `""` is on line 1.
  assert.deepEqual(finding.range, { start: { line: 1, character: 71 }, end: { line: 1, character: 73 } });
});

/** Two background sessions and a handleEvents that ignores its identifier, half-typed or not. */
const twoSessions = `import Foundation

final class Transfers: NSObject, URLSessionDownloadDelegate {
    static let shared = Transfers()
    lazy var downloads = URLSession(configuration: .background(withIdentifier: "com.example.downloads"), delegate: self, delegateQueue: nil)
    lazy var uploads = URLSession(configuration: .background(withIdentifier: "com.example.uploads"), delegate: self, delegateQueue: nil)
    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {}
}
`;
const appDelegate = (halfTyped: string) => `import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate, URLSessionDelegate {
    var backgroundCompletionHandler: (() -> Void)?
${halfTyped}
    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        backgroundCompletionHandler = completionHandler
        _ = Transfers.shared.downloads
    }
}
`;

async function sessionCacheFixes(text: string) {
  const engine = await Engine.create();
  engine.setFile('/virtual/App/Transfers.swift', twoSessions);
  engine.setFile('/virtual/App/AppDelegate.swift', text, { keepTree: true });
  return engine
    .lint('/virtual/App/AppDelegate.swift')
    .filter((finding) => finding.rule === 'handle-events-ignores-identifier')
    .flatMap((finding) => finding.fixes);
}

test('the session-cache fix, on complete code, is offered and adds no syntax error', async () => {
  const parser = await loadSwiftParser();
  const text = appDelegate('');
  const fixes = await sessionCacheFixes(text);
  assert.equal(fixes.length, 1);
  assert.equal(syntaxDamage(parser, text, fixes[0].edits), undefined);
});

test('the session-cache fix adds no syntax error when handleEvents sits below a method still being typed', async () => {
  const parser = await loadSwiftParser();
  // Half-typed: a new method's header above the handler, its body not closed yet. The fix puts
  // `private var backgroundSessions` at the handler, which is now inside scheduleRefresh's body.
  const text = appDelegate('\n    func scheduleRefresh() {\n');
  const fixes = await sessionCacheFixes(text);
  for (const fix of fixes) assert.equal(syntaxDamage(parser, text, fix.edits), undefined, fix.title);
});

test('half-typed garbage of 256 KB is read about as fast as valid code of that size', async () => {
  const engine = await Engine.create();
  const size = 256 * 1024;
  const valid = 'func f() {\n    let configuration = URLSessionConfiguration.background(withIdentifier: "a")\n    print(1)\n}\n';
  const broken = 'func f() {\n    let configuration = URLSessionConfiguration.background(withIdentifier: "a\n    print(\\(\n}\n';
  const time = (path: string, unit: string) => {
    const started = performance.now();
    engine.setFile(path, unit.repeat(Math.ceil(size / unit.length)), { keepTree: true });
    engine.lint(path);
    return performance.now() - started;
  };
  const validMs = time('/virtual/Valid.swift', valid);
  const brokenMs = time('/virtual/Broken.swift', broken);
  // Before e70088c: valid ≈ 0.6 s, broken ≈ 5 s, and 1 MB of it ≈ 48 s (namedChild(i) in a loop, O(n²)).
  assert.ok(brokenMs < 3 * validMs + 1500, `broken ${Math.round(brokenMs)} ms against valid ${Math.round(validMs)} ms`);
});

/** An AppDelegate whose applicationDidEnterBackground holds `body`. */
const exitIn = (body: string) => `import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func applicationDidEnterBackground(_ application: UIApplication) {
${body}
    }
}
`;

/** Applies the rule's fixes until none changes the text (at most `passes` times, as `--fix` does). */
async function fixUntilStable(text: string, rule: string, passes = 10, file = '/virtual/App/AppDelegate.swift'): Promise<{ text: string; passes: number }> {
  const engine = await Engine.create();
  for (let pass = 0; pass < passes; pass++) {
    engine.setFile(file, text, { keepTree: true });
    const fixed = applyFirstFixes(text, file, engine.lint(file), rule);
    if (fixed === text) return { text, passes: pass };
    text = fixed;
  }
  return { text, passes };
}

test('debug-exit-unguarded: Wrap in #if DEBUG, on an ordinary exit(0), parses and is done in one pass', async () => {
  const parser = await loadSwiftParser();
  const result = await fixUntilStable(exitIn('        exit(0)'), 'debug-exit-unguarded');
  assert.equal(result.passes, 1);
  assert.equal(syntaxProblemNodes(parser, result.text).length, 0, result.text);
});

test('debug-exit-unguarded: Wrap in #if DEBUG keeps Swift valid when exit(0) shares its line, and is done in one pass', async () => {
  const parser = await loadSwiftParser();
  // Before fdb4eee `exit(0); print("bye")` became `#endif\n        ; print("bye")`: Swift rejects a lone `;`.
  const shared = await fixUntilStable(exitIn('        exit(0); print("bye")'), 'debug-exit-unguarded');
  assert.equal(syntaxProblemNodes(parser, shared.text).length, 0, shared.text);
  assert.equal(shared.passes, 1, shared.text);
  // A form feed is whitespace to Swift; before fdb4eee the wrapped line `\f    #if DEBUG` was not
  // seen as a directive, so a second pass wrapped exit(0) again.
  const formFeed = await fixUntilStable(exitIn('    \f    exit(0)'), 'debug-exit-unguarded');
  assert.equal(formFeed.passes, 1, JSON.stringify(formFeed.text));
});

test('missing-did-finish-events: its fix, applied below a method still being typed, is not offered a second time', async () => {
  const text = `import UIKit

final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        Downloads.shared.backgroundCompletionHandler = completionHandler
        _ = Downloads.shared.session
    }
}

final class Downloads: NSObject, URLSessionDownloadDelegate {
    static let shared = Downloads()
    var backgroundCompletionHandler: (() -> Void)?
    lazy var session = URLSession(configuration: .background(withIdentifier: "com.example.first"), delegate: self, delegateQueue: nil)

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, di//dFinishDownloadingTo location: URL) {}
}
`;
  const result = await fixUntilStable(text, 'missing-did-finish-events', 3);
  assert.ok(result.passes <= 1, `fixed ${result.passes} times:\n${result.text}`);
});

/** Generated or hostile Swift whose syntax tree is thousands of levels deep. */
const deepSwift: [string, string][] = [
  ['a generated sum of 3,000 terms', `import Foundation\nlet session = URLSession.shared\nlet all = part0${Array.from({ length: 3000 }, (_, i) => ` + part${i + 1}`).join('')}\n`],
  ['a member chain of 5,000 links', `let session = URLSession.shared\nlet x = a${'.b'.repeat(5000)}\n`],
  ['5,000 nested parentheses', `let c = URLSessionConfiguration.background(withIdentifier: ${'('.repeat(5000)}"x"${')'.repeat(5000)})\n`],
  ['3,000 nested closures', `let c = URLSessionConfiguration.background(withIdentifier: "")\nlet x = ${'{ '.repeat(3000)}1${' }()'.repeat(3000)}\n`],
  ['3,000 nested ifs', `func f() {\n${'if a {\n'.repeat(3000)}exit(0)\n${'}\n'.repeat(3000)}}\nlet c = URLSessionConfiguration.background(withIdentifier: "")\n`],
];

test('deep syntax trees (long generated expressions, deep nesting) are read without a stack overflow', async () => {
  const engine = await Engine.create();
  const thrown: string[] = [];
  for (const [label, text] of deepSwift) {
    const { failures } = captureRuleFailures(() => {
      try {
        engine.setFile(`/virtual/${label}.swift`, text, { keepTree: true });
        engine.lint(`/virtual/${label}.swift`);
      } catch (error) {
        thrown.push(`${label}: ${(error as Error).message}`);
      }
    });
    thrown.push(...failures.map((line) => `${label}: ${line.split('\n')[0]}`));
  }
  assert.deepEqual(thrown, []);
});

test('invalid-suppression: removing an unused disable/enable pair takes one round of fixes', async () => {
  const text = '// urlsession-lint:disable all\nlet x = 1\n// urlsession-lint:enable all\n';
  // Today: the first round removes the `disable` line; the second, the `enable` left alone.
  const result = await fixUntilStable(text, 'invalid-suppression', 3, '/virtual/Quiet.swift');
  assert.equal(result.passes, 1, result.text);
  assert.equal(result.text, 'let x = 1\n');
});
