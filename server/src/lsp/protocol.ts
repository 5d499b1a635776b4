// Custom messages between the VS Code client and the language server. Plain method names and
// shapes only (no imports), so the client can share them without pulling in server code.

/** Request (client → server): lint every indexed file and publish all diagnostics. */
export const lintWorkspaceMethod = 'urlsessionLint/lintWorkspace';

export interface LintWorkspaceResult {
  /** Files linted (indexed workspace files plus open documents, minus excluded ones). */
  files: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  errors: number;
  warnings: number;
  infos: number;
  durationMs: number;
}

/** Notification (server → client) after each lint of one document: feeds the status item. */
export const analysisDoneMethod = 'urlsessionLint/analysisDone';

export interface AnalysisDoneParams {
  uri: string;
  /** Document version the findings belong to; undefined for files that are not open. */
  version?: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Server-side time: updating the file in the index plus running the rules. */
  analysisMs: number;
  /** The part of analysisMs spent handing the new text to the engine (parse, facts). */
  updateMs: number;
  /** The part of analysisMs spent running the rules. */
  lintMs: number;
  /** Milliseconds since the epoch when the analysis finished. */
  timestamp: number;
}

/** The client command that opens a rule's docs page as a Markdown preview (argument: the rule id). */
export const showRuleDocsCommand = 'urlsessionLint.showRuleDocs';

/** The code action kind of "fix all safe problems", usable in `editor.codeActionsOnSave`. */
export const fixAllKind = 'source.fixAll.urlsessionLint';

/** `source` of every diagnostic. */
export const diagnosticSource = 'urlsession-lint';
