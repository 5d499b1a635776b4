// "Use a bundle-based identifier": rewrites a literal background identifier so each process
// (app, extension) gets its own. Titles name the identifier's shape, not the Swift that builds it,
// so they fit the lightbulb menu; the rule pages show the code.
import type { Span } from '../facts/facts';
import type { FixProposal } from './fixTypes';

/** The part of the old identifier worth keeping: its last dot-separated component. */
function suffixOf(identifier: string): string {
  const last = identifier.split('.').filter((part) => part.length > 0).pop() ?? '';
  const clean = last.replace(/[^A-Za-z0-9_-]/g, '');
  return clean.length > 0 ? clean : 'background';
}

/** Said in every title: renaming an identifier that shipped orphans its transfers in flight. */
export const renameWarning = 'orphans in-flight transfers';

export function bundleBasedIdentifiers(identifier: string): { bundleIdentifier: string; bundleURL: string } {
  const suffix = suffixOf(identifier);
  return {
    bundleIdentifier: `"\\(Bundle.main.bundleIdentifier!).${suffix}"`,
    bundleURL: `"${suffix}.\\(Bundle.main.bundleURL.lastPathComponent.lowercased().replacingOccurrences(of: " ", with: "."))"`,
  };
}

/** Both forms, as quick fixes replacing the literal at `literalSpan`. */
export function bundleIdentifierFixes(literalSpan: Span, identifier: string): FixProposal[] {
  const forms = bundleBasedIdentifiers(identifier);
  const suffix = suffixOf(identifier);
  return [
    {
      title: `Use a bundle-based identifier: <bundle id>.${suffix} (${renameWarning})`,
      safety: 'quick',
      edits: [{ span: literalSpan, newText: forms.bundleIdentifier }],
    },
    {
      title: `Use a bundle-name identifier: ${suffix}.<bundle file name> (${renameWarning})`,
      safety: 'quick',
      edits: [{ span: literalSpan, newText: forms.bundleURL }],
    },
  ];
}
