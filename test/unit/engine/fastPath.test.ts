// The fast path (keyword pre-filter, then names followed within their project) must find exactly
// what parsing every file finds, on every rule fixture, the example project and a folder of
// several projects whose type and member names repeat.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'node:test';
import { Engine } from '../../../server/src/engine/engine';
import type { Finding } from '../../../server/src/engine/findings';
import { projectRootFor } from '../../../server/src/engine/projectRoot';
import { swiftFilesIn } from '../../support/lintFixture';

const repoRoot = join(__dirname, '..', '..', '..');

function describe(findings: Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.message}`).sort();
}

async function fastAndFull(files: string[]): Promise<{ fast: string[]; full: string[]; parsed: number }> {
  const read = (path: string) => readFileSync(path, 'utf8');
  const fast = await Engine.create();
  const fastFindings = fast.lintFiles(files, read);
  const parsed = files.filter((file) => fast.factsOf(file)).length;
  const full = await Engine.create();
  for (const file of files) full.setFile(file, read(file), { force: true });
  full.loadProject(projectRootFor(files));
  return { fast: describe(fastFindings), full: describe(files.flatMap((file) => full.lint(file))), parsed };
}

const folders = [
  ...readdirSync(join(repoRoot, 'test', 'fixtures', 'rules')).map((name) => join(repoRoot, 'test', 'fixtures', 'rules', name)),
  join(repoRoot, 'examples'),
];

for (const folder of folders) {
  test(`fast path and full analysis agree: ${folder.slice(repoRoot.length + 1)}`, async () => {
    const files = swiftFilesIn(folder);
    const { fast, full } = await fastAndFull(files);
    assert.deepEqual(fast, full);
  });
}

test('names are followed within their own project only, and bare identifier names only with their owner', async () => {
  const root = mkdtempSync(join(tmpdir(), 'urlsession-lint-scopes-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  try {
    for (const project of ['Alpha', 'Beta']) {
      write(`${project}/Package.swift`, '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "P", targets: [.target(name: "P")])\n');
      write(`${project}/Sources/P/Uploader.swift`, `final class Uploader: NSObject, URLSessionDelegate {
    static let shared = Uploader()
    lazy var session = URLSession(configuration: .background(withIdentifier: Self.id), delegate: self, delegateQueue: nil)
}
`);
    }
    write('Alpha/Sources/P/Ids.swift', 'extension Uploader { static let id = "com.example.alpha" }\n');
    // Uses Uploader (Alpha's name) but lives in Beta, where Uploader is Beta's own: parsed for Beta.
    write('Beta/Sources/P/Send.swift', 'func send(_ data: Data, _ request: URLRequest) {\n    Uploader.shared.session.uploadTask(with: request, from: data).resume()\n}\n');
    // A third project that never makes a session: the name `Uploader` must not pull it in.
    write('Gamma/Package.swift', '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "G", targets: [.target(name: "G")])\n');
    write('Gamma/Sources/G/Uploader.swift', 'struct Uploader { let name: String }\n');
    write('Gamma/Sources/G/Use.swift', 'let uploader = Uploader(name: "x")\n');
    // A project whose identifier comes from a parameter named `identifier`: the everyday word does not
    // pull in files that merely say "identifier"; the owner's extension and a global declaration do.
    write('Delta/Package.swift', '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "D", targets: [.target(name: "D")])\n');
    write('Delta/Sources/D/Maker.swift', `final class Maker: BaseMaker {
    func make() -> URLSession { URLSession(configuration: .background(withIdentifier: identifier)) }
}
`);
    write('Delta/Sources/D/BaseMaker.swift', 'class BaseMaker { let identifier = "com.example.delta" }\n');
    write('Delta/Sources/D/Model.swift', 'struct Item { let identifier: String }\n');
    const files = swiftFilesIn(root);
    const engine = await Engine.create();
    engine.indexFiles(files, (path) => readFileSync(path, 'utf8'));
    const parsed = files.filter((file) => engine.factsOf(file)).map((file) => file.slice(root.length + 1)).sort();
    assert.deepEqual(parsed, [
      'Alpha/Sources/P/Ids.swift',
      'Alpha/Sources/P/Uploader.swift',
      'Beta/Sources/P/Send.swift',
      'Beta/Sources/P/Uploader.swift',
      'Delta/Sources/D/BaseMaker.swift',
      'Delta/Sources/D/Maker.swift',
    ]);
    const { fast, full } = await fastAndFull(files);
    assert.deepEqual(fast, full);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
