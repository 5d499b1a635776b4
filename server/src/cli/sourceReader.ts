// The CLI's reading of Swift files: each unreadable file reported once, and for --fix what each
// file held when it was linted. The reading itself is engine/swiftSource.ts.
import { createHash } from 'node:crypto';
import { readSwiftSource } from '../engine/swiftSource';

export function contentHash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * The `read` callback handed to the engine. Reports each unreadable file once (the engine may
 * read a file more than once) and, for `--fix`, remembers what each file held when it was linted.
 */
export class SourceReader {
  private readonly failed = new Set<string>();
  private readonly hashes = new Map<string, string>();

  constructor(
    private readonly options: {
      /** The path to show for an absolute path. */
      displayPath(file: string): string;
      onProblem(displayPath: string, message: string): void;
      rememberContents?: boolean;
    },
  ) {}

  /** The file was reported as unreadable (skipped) already. */
  hasFailed(file: string): boolean {
    return this.failed.has(file);
  }

  readonly read = (file: string): string | undefined => {
    if (this.failed.has(file)) return undefined;
    const result = readSwiftSource(file);
    if ('problem' in result) {
      this.readElsewhere(file, result.problem);
      return undefined;
    }
    if (this.options.rememberContents) this.hashes.set(file, contentHash(result.bytes));
    return result.text;
  };

  /** A file another thread read (with readSwiftSource): an unreadable one is reported like here. */
  readElsewhere(file: string, problem: string | undefined): void {
    if (problem === undefined || this.failed.has(file)) return;
    this.failed.add(file);
    this.options.onProblem(this.options.displayPath(file), problem);
  }

  /** True when `bytes` are what the file held when it was last read for linting. */
  isUnchanged(file: string, bytes: Buffer): boolean {
    return this.hashes.get(file) === contentHash(bytes);
  }
}
