// "Use a bundle-based identifier": rewrites a literal background identifier so each process
// (app, extension) gets its own, as the seed article advises.
import type { Span } from '../facts/facts';
import type { FixProposal } from './fixTypes';

/** The part of the old identifier worth keeping: its last dot-separated component. */
function suffixOf(identifier: string): string {
  const last = identifier.split('.').filter((part) => part.length > 0).pop() ?? '';
  const clean = last.replace(/[^A-Za-z0-9_-]/g, '');
  return clean.length > 0 ? clean : 'background';
}

export const renameWarning = 'transfers in flight under the old identifier are orphaned';

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
  return [
    {
      title: `Use a bundle-based identifier: ${forms.bundleIdentifier} (${renameWarning})`,
      safety: 'quick',
      edits: [{ span: literalSpan, newText: forms.bundleIdentifier }],
    },
    {
      title: `Use the bundle-URL identifier from the article: ${forms.bundleURL} (${renameWarning})`,
      safety: 'quick',
      edits: [{ span: literalSpan, newText: forms.bundleURL }],
    },
  ];
}
