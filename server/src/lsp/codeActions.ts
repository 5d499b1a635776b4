// Code actions from engine results: a quick fix per finding fix, "disable for this line/file",
// the engine's refactorings (those no quick fix already offers), and fix-all of safe fixes (for
// `editor.codeActionsOnSave`).
import type { Tree } from 'web-tree-sitter';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { RefactoringAction } from '../engine/engine';
import type { Finding, Fix, TextEdit } from '../engine/findings';
import { disableForFileEdit, disableForLineEdit } from './disableComments';
import { diagnosticSource, fixAllKind } from './protocol';

/** Suppression comments cannot silence problems with suppression comments. */
const unsuppressibleRules = new Set(['invalid-suppression']);

export interface CodeActionInput {
  uri: string;
  /** Absolute path of the document. */
  path: string;
  text: string;
  tree: Tree | undefined;
  range: Range;
  context: CodeActionContext;
  /** The document's findings for its current text. */
  findings: readonly Finding[];
  /** Computed lazily: only when refactorings were asked for. */
  refactorings: () => RefactoringAction[];
  uriOf: (path: string) => string;
}

export function buildCodeActions(input: CodeActionInput): CodeAction[] {
  const { context } = input;
  const actions: CodeAction[] = [];
  const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === diagnosticSource);
  // The edits the quick fixes below make: a refactoring making the same edit would list the same
  // change twice in the lightbulb (under Quick Fix and again under Rewrite / More Actions).
  // Two findings at one place may offer the same fix (a literal identifier that is both hardcoded
  // in an extension and shared with the app): one action then names both diagnostics.
  const quickFixEdits = new Map<string, CodeAction>();

  if (wants(context, CodeActionKind.QuickFix)) {
    for (const diagnostic of ours) {
      const finding = input.findings.find((candidate) => matches(candidate, diagnostic));
      if (!finding) continue;
      const preferred = finding.fixes.find((fix) => fix.safety === 'safe');
      for (const fix of finding.fixes) {
        const key = editKey(fix.edits);
        const same = quickFixEdits.get(key);
        if (same && !same.diagnostics?.includes(diagnostic)) {
          same.diagnostics?.push(diagnostic);
          continue;
        }
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix === preferred,
          edit: workspaceEdit(fix.edits, input.uriOf),
        });
        quickFixEdits.set(key, actions[actions.length - 1]);
      }
    }
    actions.push(...disableActions(input, ours));
  }

  if (!context.only || context.only.some((kind) => isWithin(kind, CodeActionKind.Refactor) || isWithin(CodeActionKind.Refactor, kind))) {
    for (const refactoring of input.refactorings()) {
      if (!wants(context, refactoring.kind) || quickFixEdits.has(editKey(refactoring.edits))) continue;
      actions.push({ title: refactoring.title, kind: refactoring.kind, edit: workspaceEdit(refactoring.edits, input.uriOf) });
    }
  }

  if (context.only?.some((kind) => isWithin(fixAllKind, kind))) {
    const edits = fixAllEdits(input.findings, input.path);
    if (edits.length > 0) {
      actions.push({
        title: 'Fix all safe URLSession Lint problems',
        kind: fixAllKind,
        edit: { changes: { [input.uri]: edits } },
      });
    }
  }
  return actions;
}

/** One "disable for this line" and one "disable for this file" per rule among the diagnostics. */
function disableActions(input: CodeActionInput, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const seenLines = new Set<string>();
  const seenRules = new Set<string>();
  for (const diagnostic of diagnostics) {
    const rule = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    if (!rule || unsuppressibleRules.has(rule)) continue;
    const line = diagnostic.range.start.line;
    const lineKey = `${rule}:${line}`;
    if (!seenLines.has(lineKey)) {
      seenLines.add(lineKey);
      const edit = disableForLineEdit(input.text, input.tree, line, rule);
      if (edit) {
        actions.push({
          title: `Disable ${rule} for this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [edit] } },
        });
      }
    }
    if (!seenRules.has(rule)) {
      seenRules.add(rule);
      const edit = disableForFileEdit(input.text, rule);
      if (edit) {
        actions.push({
          title: `Disable ${rule} for this file`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [input.uri]: [edit] } },
        });
      }
    }
  }
  return actions;
}

/**
 * The edits of every safe fix in `path` that stays within that file, skipping fixes that touch
 * an edit already taken (the earlier finding wins; a second fix-all run picks up the rest).
 */
export function fixAllEdits(findings: readonly Finding[], path: string): LspTextEdit[] {
  const taken: TextEdit[] = [];
  const fixes: Fix[] = [];
  for (const finding of findings) {
    for (const fix of finding.fixes) if (fix.safety === 'safe') fixes.push(fix);
  }
  for (const fix of fixes) {
    if (fix.edits.length === 0 || fix.edits.some((edit) => edit.file !== path)) continue;
    if (fix.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    if (fix.edits.some((edit, index) => fix.edits.some((other, j) => j !== index && overlaps(edit, other)))) continue;
    taken.push(...fix.edits);
  }
  return taken.map((edit) => ({ range: edit.range, newText: edit.newText }));
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  const aEmpty = compare(a.range.start, a.range.end) === 0;
  const bEmpty = compare(b.range.start, b.range.end) === 0;
  // Two insertions at one place have no defined order.
  if (aEmpty && bEmpty) return compare(a.range.start, b.range.start) === 0;
  return compare(a.range.start, b.range.end) < 0 && compare(b.range.start, a.range.end) < 0;
}

function compare(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}

function matches(finding: Finding, diagnostic: Diagnostic): boolean {
  return (
    diagnostic.code === finding.rule &&
    diagnostic.message === finding.message &&
    compare(diagnostic.range.start, finding.range.start) === 0 &&
    compare(diagnostic.range.end, finding.range.end) === 0
  );
}

/** The same text for the same set of edits, whatever their order. */
function editKey(edits: readonly TextEdit[]): string {
  return edits
    .map((edit) => JSON.stringify([edit.file, edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character, edit.newText]))
    .sort()
    .join('\n');
}

function workspaceEdit(edits: readonly TextEdit[], uriOf: (path: string) => string): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    (changes[uriOf(edit.file)] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { changes };
}

/** True when the client asked for `kind` (no `only` means everything but source actions). */
function wants(context: CodeActionContext, kind: string): boolean {
  if (!context.only || context.only.length === 0) return !kind.startsWith(CodeActionKind.Source);
  return context.only.some((requested) => isWithin(kind, requested));
}

/** `kind` equals `parent` or is a sub-kind of it (`refactor.rewrite` is within `refactor`). */
function isWithin(kind: string, parent: string): boolean {
  return kind === parent || kind.startsWith(`${parent}.`);
}
