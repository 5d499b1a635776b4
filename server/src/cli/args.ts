// The command line: `urlsession-lint [options] [paths…]`. Turns argv into a typed request or a
// UsageError (exit code 2); knows nothing about linting.
import { parseArgs } from 'node:util';

export const formats = ['xcode', 'json', 'sarif', 'github'] as const;
export type Format = (typeof formats)[number];

export interface CliArgs {
  paths: string[];
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
}

export class UsageError extends Error {}

export const helpText = `Usage: urlsession-lint [options] [paths...]

Lints Swift files for background URLSession mistakes. Paths are files or folders
(default: the current folder).

Options:
  -f, --format <name>  Output format: xcode (default), json, sarif, github
      --fix            Apply safe fixes, then report what remains
  -q, --quiet          Report errors only
      --rules          List the rules (id, severity, fix safety, summary)
  -c, --config <file>  Use this .urlsession-lint.yml instead of searching for one
      --cache-path <dir>  Keep the lint cache in this folder (default: the user's cache folder)
      --no-cache       Neither read nor write the lint cache
  -h, --help           Show this help
  -v, --version        Show the version

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
        fix: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
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
  const format = values.format ?? 'xcode';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format '${format}' (expected one of: ${formats.join(', ')})`);
  }
  if (values.config !== undefined && values.config === '') throw new UsageError('--config needs a file name');
  if (values['cache-path'] === '') throw new UsageError('--cache-path needs a folder name');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as Format,
    fix: values.fix ?? false,
    quiet: values.quiet ?? false,
    listRules: values.rules ?? false,
    config: values.config,
    cachePath: values['cache-path'],
    noCache: values['no-cache'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

/** node's messages are long and mention its own API; say the same in a line. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /--[A-Za-z-]+/.exec(error.message)?.[0] ?? /'([^']+)'/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (/argument missing/.test(error.message)) return `${option} needs a value`;
  if (/does not take an argument/.test(error.message)) return `${option} does not take a value`;
  return error.message;
}
