// The one entry point both adapters (CLI, language server) use. STUB: the real implementation is
// being written; the public signatures below are the contract.
import type { Finding } from './findings';
import type { RuleMeta } from '../rules/ruleTypes';

export interface EngineOptions {
  /** Rule id → severity override or 'off' (from .urlsession-lint.yml and editor settings). */
  ruleSeverity?: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  /** Rule options from the config file, e.g. short_resource_timeout_seconds. */
  ruleOptions?: Record<string, unknown>;
}

export interface RefactoringAction {
  title: string;
  /** LSP code action kind: 'refactor.rewrite' or 'refactor'. */
  kind: string;
  edits: import('./findings').TextEdit[];
}

export class Engine {
  private constructor(protected options: EngineOptions) {}

  /** Loads the Swift grammar; await once at start-up. */
  static async create(options: EngineOptions = {}): Promise<Engine> {
    return new Engine(options);
  }

  setOptions(options: EngineOptions): void {
    this.options = options;
  }

  /**
   * Adds or replaces a file in the workspace index. `keepTree` keeps the syntax tree for
   * incremental re-parsing (open editor documents); other files are reduced to facts.
   */
  setFile(_path: string, _text: string, _options: { keepTree?: boolean } = {}): void {}

  removeFile(_path: string): void {}

  /** True when the file is indexed. */
  hasFile(_path: string): boolean {
    return false;
  }

  /** Sets the workspace's project model (targets, app groups); re-lint afterwards. */
  setProject(_model: import('../project/projectModel').ProjectModel | undefined): void {}

  /**
   * Indexes many files (e.g. a workspace at start-up) without linting them; only files that pass
   * the keyword pre-filter are parsed. `onProgress` reports (done, total).
   */
  indexFiles(_paths: string[], _read: (path: string) => string | undefined, _onProgress?: (done: number, total: number) => void): void {}

  /** The live syntax tree of a file set with keepTree (for hovers), if any. */
  syntaxTree(_path: string): import('web-tree-sitter').Tree | undefined {
    return undefined;
  }

  /**
   * Refactorings offered at a range even without a finding: "Use a bundle-based identifier" on a
   * literal background identifier, "Set app group" on a background configuration without one.
   */
  refactorings(_path: string, _range: import('./findings').SourceRange): RefactoringAction[] {
    return [];
  }

  /** Findings for one indexed file (runs the rules, using facts of every indexed file). */
  lint(_path: string): Finding[] {
    return [];
  }

  /**
   * Batch mode for the CLI: indexes every path whose text passes the keyword pre-filter (and the
   * files that use names the first pass found), then lints them all. `read` returns the text,
   * or undefined for a file that could not be read (the caller already reported it).
   */
  lintFiles(_paths: string[], _read: (path: string) => string | undefined): Finding[] {
    return [];
  }
}

/** The metadata of every registered rule, in registry order. */
export function ruleCatalog(): RuleMeta[] {
  return [];
}
