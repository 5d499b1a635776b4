// The command line: `urlsession-lint [options] [paths…]`. Turns argv into a typed request or a
// UsageError (exit code 2); knows nothing about linting. Flags that exist in SwiftLint have its
// names and meaning (--strict, --lenient, --baseline, --use-stdin, --use-script-input-files…).
import { parseArgs } from 'node:util';

export const formats = ['xcode', 'json', 'sarif', 'github', 'checkstyle', 'junit', 'codeclimate', 'sonarqube'] as const;
export type Format = (typeof formats)[number];

export interface CliArgs {
  paths: string[];
  /** True when the user named no path (the default '.' stands in). */
  defaultPaths: boolean;
  format: Format;
  fix: boolean;
  quiet: boolean;
  listRules: boolean;
  config?: string;
  /** Lint cache folder (--cache-path); undefined: the user's cache folder. */
  cachePath?: string;
  noCache: boolean;
  help: boolean;
  version: boolean;
  /** Warnings fail the run (reported as errors), as in SwiftLint. */
  strict: boolean;
  /** Errors do not fail the run (reported as warnings), as in SwiftLint. */
  lenient: boolean;
  onlyRules: string[];
  baseline?: string;
  writeBaseline?: string;
  output?: string;
  progress: boolean;
  useStdin: boolean;
  stdinPath?: string;
  useScriptInputFiles: boolean;
  useScriptInputFileLists: boolean;
}

export class UsageError extends Error {}

export const helpText = `Usage: urlsession-lint [options] [paths...]

Lints Swift files for background URLSession mistakes. Paths are files or folders
(default: the current folder).

Options:
  -f, --format <name>       Output format: xcode (default), json, sarif, github,
                            checkstyle, junit, codeclimate, sonarqube
      --reporter <name>     Same as --format (SwiftLint's name)
  -o, --output <file>       Write the report to this file instead of stdout
      --fix                 Apply safe fixes, then report what remains
  -q, --quiet               Report errors only, no summary line
      --strict              Warnings fail the run (reported as errors)
      --lenient             Errors do not fail the run (reported as warnings)
      --only-rule <id>      Run only this rule (repeatable); the config's rule lists are ignored
      --baseline <file>     Report only findings that are not in this baseline
      --write-baseline <file>
                            Record the findings of this run as a baseline
      --use-stdin           Lint the text on standard input
      --stdin-path <path>   ...as if it were this file (the rest of its project is context)
      --use-script-input-files
                            Lint the files of Xcode's SCRIPT_INPUT_FILE_n variables
      --use-script-input-file-lists
                            Lint the files listed in Xcode's SCRIPT_INPUT_FILE_LIST_n files
      --progress            Show progress on stderr (terminal and xcode format only)
      --rules               List the rules (id, severity, fix safety, summary)
  -c, --config <file>       Use this .urlsession-lint.yml instead of searching for one
      --cache-path <dir>    Keep the lint cache in this folder (default: the user's cache folder)
      --no-cache            Neither read nor write the lint cache
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or configuration error.
`;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        reporter: { type: 'string' },
        output: { type: 'string', short: 'o' },
        fix: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        strict: { type: 'boolean' },
        lenient: { type: 'boolean' },
        'only-rule': { type: 'string', multiple: true },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'use-stdin': { type: 'boolean' },
        'stdin-path': { type: 'string' },
        'use-script-input-files': { type: 'boolean' },
        'use-script-input-file-lists': { type: 'boolean' },
        progress: { type: 'boolean' },
        rules: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        'cache-path': { type: 'string' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(describeParseError(error as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.format !== undefined && values.reporter !== undefined && values.format !== values.reporter) {
    throw new UsageError('--format and --reporter name different formats (--reporter is another name for --format)');
  }
  const format = values.format ?? values.reporter ?? 'xcode';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}' (expected one of: ${formats.join(', ')})`);
  }
  for (const name of ['config', 'output', 'baseline', 'write-baseline', 'stdin-path'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a file name`);
  }
  for (const id of values['only-rule'] ?? []) {
    if (id.trim() === '') throw new UsageError('--only-rule needs a rule id');
  }
  if (values.strict && values.lenient) throw new UsageError('--strict and --lenient cannot be used together');
  const useStdin = values['use-stdin'] ?? false;
  const scriptInputs = (values['use-script-input-files'] ?? false) || (values['use-script-input-file-lists'] ?? false);
  if (values['stdin-path'] !== undefined && !useStdin) throw new UsageError('--stdin-path needs --use-stdin');
  if (useStdin && scriptInputs) throw new UsageError('--use-stdin and --use-script-input-files(-lists) cannot be used together');
  if (useStdin && positionals.length > 0) throw new UsageError('--use-stdin lints standard input: name the file with --stdin-path, not as a path');
  if (useStdin && values.fix) throw new UsageError('--fix cannot fix standard input');
  if (values['cache-path'] === '') throw new UsageError('--cache-path needs a folder name');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    defaultPaths: positionals.length === 0,
    format: format as Format,
    fix: values.fix ?? false,
    quiet: values.quiet ?? false,
    listRules: values.rules ?? false,
    config: values.config,
    cachePath: values['cache-path'],
    noCache: values['no-cache'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
    strict: values.strict ?? false,
    lenient: values.lenient ?? false,
    onlyRules: [...new Set((values['only-rule'] ?? []).map((id) => id.trim()))],
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    output: values.output,
    progress: values.progress ?? false,
    useStdin,
    stdinPath: values['stdin-path'],
    useScriptInputFiles: values['use-script-input-files'] ?? false,
    useScriptInputFileLists: values['use-script-input-file-lists'] ?? false,
  };
}

/** node's messages are long and mention its own API; say the same in a line. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /--[A-Za-z-]+/.exec(error.message)?.[0] ?? /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (see urlsession-lint --help)`;
  if (/argument missing/.test(error.message)) return `${option} needs a value`;
  if (/does not take an argument/.test(error.message)) return `${option} does not take a value`;
  return error.message;
}
