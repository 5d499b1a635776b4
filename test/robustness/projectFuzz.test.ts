// Project-file fuzz: every project description of the fixtures and examples/ (project.pbxproj,
// project.yml, Package.swift, .xcconfig, Info.plist, .entitlements) is mutated (seeded) in a
// copy of its workspace. The project model must load without throwing, name each unreadable file
// in one line, and the rules must lint the workspace's Swift files with whatever model results.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { after, test } from 'node:test';
import { Engine } from '../../server/src/engine/engine';
import { loadProjectModel } from '../../server/src/project/projectModel';
import { captureRuleFailures, findingRangeProblems, fuzzSeed, Random, seedOf } from '../support/fuzz';
import { swiftFilesIn } from '../support/lintFixture';

const repoRoot = join(__dirname, '..', '..');
const rulesRoot = join(repoRoot, 'test', 'fixtures', 'rules');

const isProjectFile = (name: string) =>
  name === 'project.pbxproj' || name === 'project.yml' || name === 'Package.swift' || /\.(plist|entitlements|xcconfig)$/.test(name);

function projectFilesIn(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...projectFilesIn(path));
    else if (isProjectFile(entry.name)) found.push(path);
  }
  return found.sort();
}

/** Workspaces with at least one project file. */
const workspaces = [
  ...['classic', 'synchronized', 'xcodegen', 'swiftpm', 'loose'].map((name) => join(repoRoot, 'test', 'fixtures', 'projects', name)),
  join(repoRoot, 'examples', 'BackgroundTransfers'),
  ...readdirSync(rulesRoot)
    .sort()
    .map((name) => join(rulesRoot, name)),
].filter((dir) => existsSync(dir) && projectFilesIn(dir).length > 0);

const tokens = ['{', '}', '(', ')', ';', '=', '"', ',', '<', '>', '</dict>', '<array>', '<key>', ':', '- ', '[', '&a', '*a', '!!binary', '\t', '\0', '$(', '${', '😀', '\uD800'];

/** Bounded mutants of a project file's bytes. */
function mutantsOf(bytes: Buffer, random: Random): { label: string; bytes: Buffer }[] {
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  const mutants: { label: string; bytes: Buffer }[] = [];
  for (let i = 1; i <= 8; i++) {
    const at = Math.floor((text.length * i) / 9) + random.int(Math.max(1, Math.floor(text.length / 18)));
    mutants.push({ label: `prefix cut at ${at}`, bytes: Buffer.from(text.slice(0, at)) });
  }
  for (let i = 0; i < 4; i++) {
    const line = random.int(lines.length);
    mutants.push({ label: `line ${line + 1} deleted`, bytes: Buffer.from([...lines.slice(0, line), ...lines.slice(line + 1)].join('\n')) });
  }
  for (let i = 0; i < 2; i++) {
    const line = random.int(lines.length);
    mutants.push({ label: `line ${line + 1} duplicated`, bytes: Buffer.from([...lines.slice(0, line + 1), ...lines.slice(line)].join('\n')) });
  }
  for (let i = 0; i < 8; i++) {
    const token = random.pick(tokens);
    const at = random.int(text.length + 1);
    mutants.push({ label: `${JSON.stringify(token)} inserted at ${at}`, bytes: Buffer.from(text.slice(0, at) + token + text.slice(at)) });
  }
  mutants.push({ label: 'CRLF', bytes: Buffer.from(text.replace(/\n/g, '\r\n')) });
  mutants.push({ label: 'BOM', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) });
  mutants.push({ label: 'empty', bytes: Buffer.alloc(0) });
  mutants.push({ label: 'random bytes', bytes: Buffer.from(Array.from({ length: 512 }, () => random.int(256))) });
  mutants.push({ label: 'a binary plist header', bytes: Buffer.concat([Buffer.from('bplist00'), bytes]) });
  return mutants;
}

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let loads = 0;
/** Models that reported a problem: the mutations do reach the readers. */
let reported = 0;
const started = performance.now();

for (const source of workspaces) {
  test(`project fuzz ${relative(repoRoot, source)}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-project-fuzz-'));
    made.push(dir);
    cpSync(source, dir, { recursive: true });
    const swiftFiles = swiftFilesIn(dir);
    const texts = new Map(swiftFiles.map((path) => [path, readFileSync(path, 'utf8')]));
    const engine = await Engine.create();
    engine.indexFiles(swiftFiles, (path) => texts.get(path));
    const problems: string[] = [];
    for (const file of projectFilesIn(dir)) {
      const original = readFileSync(file);
      const name = relative(dir, file);
      const random = new Random(seedOf(`${relative(repoRoot, source)}/${name}`, fuzzSeed));
      for (const mutant of mutantsOf(original, random)) {
        writeFileSync(file, mutant.bytes);
        const where = `${name} (${mutant.label})`;
        loads++;
        try {
          const model = loadProjectModel(dir, { swiftFiles, extensionPrincipalFiles: engine.extensionPrincipalFiles() });
          if (model.problems.length > 0) reported++;
          for (const problem of model.problems) {
            if (/could not be built/.test(problem.message)) problems.push(`${where}: internal error: ${problem.message}`);
            else if (problem.message.includes('\n')) problems.push(`${where}: a message of several lines: ${JSON.stringify(problem.message)}`);
            else if (!problem.message.includes(basename(problem.file))) problems.push(`${where}: a message that does not name ${basename(problem.file)}: ${problem.message}`);
          }
          engine.setProject(model);
          const { failures } = captureRuleFailures(() => {
            for (const swift of swiftFiles) {
              for (const finding of engine.lint(swift)) problems.push(...findingRangeProblems(finding, swift, texts.get(swift)!).map((p) => `${where}: ${p}`));
            }
          });
          problems.push(...failures.map((line) => `${where}: ${line.split('\n').slice(0, 3).join(' | ')}`));
        } catch (error) {
          problems.push(`${where}: threw ${(error as Error).stack ?? error}`);
        }
      }
      writeFileSync(file, original);
    }
    assert.deepEqual(problems, [], `FUZZ_SEED=${fuzzSeed}`);
  });
}

test('project fuzz: enough models were loaded', () => {
  console.log(`# project fuzz: ${loads} models (${reported} with problems) in ${Math.round(performance.now() - started)} ms (seed ${fuzzSeed})`);
  assert.ok(loads > 500, `only ${loads} models`);
  assert.ok(reported > loads / 4, `only ${reported} of ${loads} mutated models reported a problem`);
});
