// The workspace folders as the server sees them: each folder's `.urlsession-lint.yml` (or the
// one `urlsessionLint.configPath` names), its Swift files and the project model. Reading files
// and reporting problems happen here; analysis stays in the engine.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  ConfigError,
  defaultSkippedFolders,
  findConfigFile,
  isPathExcluded,
  isPathIncluded,
  loadConfig,
  type LintConfig,
} from '../config/lintConfig';
import type { UrlsessionLintSettings } from '../config/settings';
import type { EngineOptions } from '../engine/engine';
import { walkSwiftFilesGradually, type WalkOptions } from '../engine/fileWalker';
import { loadProjectModelGradually, type ProjectModel } from '../project/projectModel';
import { describe, type Logger } from './guard';
import type { ProblemReporter } from './problems';

const skippedFolders = new Set(defaultSkippedFolders);

export interface FolderState {
  uri: string;
  /** Absolute path. */
  path: string;
  settings: UrlsessionLintSettings;
  config: LintConfig;
  /** The folder's Swift files from the last walk. */
  files: string[];
  /** Position in the client's list: the first folder's settings and project apply to the engine. */
  order: number;
}

export interface WorkspaceDeps {
  problems: ProblemReporter;
  log: Logger;
  knownRuleIds: () => string[];
}

export class WorkspaceFolders {
  folders: FolderState[] = [];

  constructor(private readonly deps: WorkspaceDeps) {}

  /** Replaces the folders and (re)loads each one's config with its settings. */
  load(folders: { uri: string; path: string; settings: UrlsessionLintSettings }[]): void {
    const previous = new Map(this.folders.map((folder) => [folder.path, folder.files]));
    this.folders = folders
      .map((folder, order) => ({
        ...folder,
        config: this.loadConfig(folder.path, folder.settings),
        files: previous.get(folder.path) ?? [],
        order,
      }))
      // The deepest folder first, so that folderOf finds the innermost one.
      .sort((a, b) => b.path.length - a.path.length);
  }

  private loadConfig(folderPath: string, settings: UrlsessionLintSettings): LintConfig {
    const knownRuleIds = this.deps.knownRuleIds();
    let file: string | undefined;
    try {
      file = settings.configPath
        ? isAbsolute(settings.configPath)
          ? settings.configPath
          : resolve(folderPath, settings.configPath)
        : findConfigFile(folderPath);
      return loadConfig(file, { knownRuleIds, defaultBaseDir: folderPath });
    } catch (error) {
      if (error instanceof ConfigError) {
        this.deps.problems.report(error.file, `${error.message} — using the default configuration until it is fixed.`);
      } else {
        this.deps.problems.report(file ?? folderPath, `cannot use the configuration: ${describe(error)}`);
      }
      return loadConfig(undefined, { knownRuleIds, defaultBaseDir: folderPath });
    }
  }

  /** The innermost folder containing `path`. */
  folderOf(path: string): FolderState | undefined {
    return this.folders.find((folder) => path === folder.path || path.startsWith(folder.path.endsWith(sep) ? folder.path : folder.path + sep));
  }

  /** False for files the walker passes over: in dependency or build folders, or excluded by the config. */
  isIndexable(path: string): boolean {
    const folder = this.folderOf(path);
    const inside = folder ? relative(folder.path, path) : path;
    return !inside.split(sep).some((segment) => skippedFolders.has(segment)) && this.isLintable(path);
  }

  /** False for files the folder's config excludes (or does not include). */
  isLintable(path: string): boolean {
    const folder = this.folderOf(path);
    if (!folder) return true;
    return !isPathExcluded(folder.config, path) && isPathIncluded(folder.config, path);
  }

  /**
   * Engine options: the config file's severities with the editor's `urlsessionLint.rules` on top.
   * The engine has one set of options, so the first folder's apply to the whole workspace.
   */
  engineOptions(): EngineOptions {
    const folder = this.primary();
    if (!folder) return {};
    const known = new Set(this.deps.knownRuleIds());
    const fromSettings = Object.fromEntries(Object.entries(folder.settings.rules).filter(([id]) => known.size === 0 || known.has(id)));
    const unknown = Object.keys(folder.settings.rules).filter((id) => known.size > 0 && !known.has(id));
    if (unknown.length > 0) this.deps.log(`urlsession-lint: ignoring unknown rule ids in urlsessionLint.rules: ${unknown.join(', ')}`);
    return { ruleSeverity: { ...folder.config.severity, ...fromSettings }, ruleOptions: folder.config.ruleOptions };
  }

  /**
   * Walks every folder for Swift files and returns all of them, running `between` after each
   * folder listed (a large tree must not hold requests).
   */
  async walkGradually(between: () => Promise<void>): Promise<string[]> {
    for (const folder of this.folders) folder.files = (await walkSwiftFilesGradually([folder.path], this.walkOptions(folder), between)).map((file) => resolve(file));
    return this.allFiles();
  }

  private walkOptions(folder: FolderState): WalkOptions {
    return { config: folder.config, onProblem: (path, message) => this.deps.log(`urlsession-lint: skipped ${path}: ${message}`) };
  }

  allFiles(): string[] {
    return [...new Set(this.folders.flatMap((folder) => folder.files))];
  }

  /**
   * The project model of the first folder (the engine holds one); problems are reported.
   * `between` runs after each folder searched and project file read (requests must get through).
   */
  async loadProject(extensionPrincipalFiles: string[], between: () => Promise<void>): Promise<ProjectModel | undefined> {
    const folder = this.primary();
    if (!folder) return undefined;
    const model = await loadProjectModelGradually(folder.path, { swiftFiles: folder.files, extensionPrincipalFiles }, between);
    for (const problem of model.problems) this.deps.problems.report(problem.file, problem.message);
    return model;
  }

  /** The folder whose settings and project apply to the engine: the first one the client named. */
  private primary(): FolderState | undefined {
    return this.folders.reduce<FolderState | undefined>((first, folder) => (first === undefined || folder.order < first.order ? folder : first), undefined);
  }
}
