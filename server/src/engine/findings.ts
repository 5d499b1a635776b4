// What the engine hands to its adapters (CLI, language server): everything needed to show a
// finding and apply its fixes, with LSP-style positions (0-based lines, UTF-16 columns).

export type Severity = 'error' | 'warning' | 'info';

/** safe: may run in fix-all and `--fix`; quick: offered, never applied without the user's click. */
export type FixSafety = 'safe' | 'quick';

export interface Position {
  line: number;
  character: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export interface TextEdit {
  /** Absolute path of the file the edit applies to. */
  file: string;
  range: SourceRange;
  newText: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
}

export interface RelatedLocation {
  file: string;
  range: SourceRange;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Absolute path. */
  file: string;
  range: SourceRange;
  related: RelatedLocation[];
  fixes: Fix[];
}
