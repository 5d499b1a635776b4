// What a fix is: edits, possibly in other files, with a title and a safety. Rules propose them;
// the adapters apply them.
import type { FixSafety } from '../engine/findings';
import type { Span } from '../facts/facts';

export interface EditInFile {
  /** Absolute path; defaults to the file being checked. */
  file?: string;
  span: Span;
  newText: string;
}

export interface FixProposal {
  title: string;
  safety: FixSafety;
  edits: EditInFile[];
}
