// Only HTTP and HTTPS work in background sessions: custom URLProtocol classes are not used, and
// tasks for other schemes (ftp:, file:, …) fail.
import type { Node } from 'web-tree-sitter';
import { plainStringValue, readCall, unwrapExpression } from '../facts/syntax';
import { callsOnBackgroundSession, neverRuns, sessionCreatedHere } from './backgroundSessionCalls';
import { nodeAt } from './nodeAt';
import type { Rule } from './ruleTypes';

export const customProtocolOnBackground: Rule = {
  meta: {
    id: 'custom-protocol-on-background',
    severity: 'error',
    fix: 'none',
    summary: 'protocolClasses on a background configuration, or a non-HTTP(S) URL for a background task: only HTTP and HTTPS work there.',
  },
  check(context) {
    for (const set of context.facts.propertySets) {
      if (set.property !== 'protocolClasses' || !namesProtocolClasses(set.valueText)) continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      context.report({
        span: set.propertySpan,
        message: 'Background sessions only support HTTP and HTTPS and run in a system process, so custom URLProtocol classes set here are never used.',
      });
    }
    for (const { call, sessions, via } of callsOnBackgroundSession(context, ['dataTask', 'downloadTask', 'uploadTask'])) {
      const first = call.args[0];
      if (!first || first.label !== 'with') continue;
      if (neverRuns(context, call)) continue; // the URL fails only when the task runs
      const node = nodeAt(context.parsed.tree, first.span);
      const scheme = node ? literalScheme(node) : undefined;
      if (scheme === undefined || scheme === 'http' || scheme === 'https') continue;
      context.report({
        span: first.span,
        message: `A background session only transfers HTTP and HTTPS URLs; a task for this ${scheme}: URL fails.`,
        related: sessionCreatedHere(sessions, via),
      });
    }
  },
};

/**
 * The value names URLProtocol classes (`[MockProtocol.self]`, `[A.self] + (x ?? [])`); a copy of
 * another configuration's list (`other.protocolClasses`) holds only the system's own by default.
 */
function namesProtocolClasses(valueText: string): boolean {
  return /\.self\b/.test(valueText);
}

/**
 * The scheme of a URL written in place: `URL(string: "ftp://…")!`, `URL(fileURLWithPath:)`,
 * `URL(filePath:)`, or `URLRequest(url:)` around one of them; undefined when it is not known.
 */
function literalScheme(node: Node): string | undefined {
  const call = readCall(unwrapExpression(node));
  if (!call || call.callee.type !== 'simple_identifier' || call.trailingClosures.length > 0) return undefined;
  const [first] = call.args;
  if (!first) return undefined;
  if (call.callee.text === 'URLRequest') return first.label === 'url' ? literalScheme(first.value) : undefined;
  if (call.callee.text !== 'URL') return undefined;
  if (first.label === 'fileURLWithPath' || first.label === 'filePath') return 'file';
  if (first.label !== 'string') return undefined;
  const text = plainStringValue(unwrapExpression(first.value));
  const colon = text?.indexOf(':') ?? -1;
  if (!text || colon <= 0) return undefined;
  const scheme = text.slice(0, colon).toLowerCase();
  return isScheme(scheme) ? scheme : undefined;
}

/** RFC 3986: a letter, then letters, digits, "+", "-" or ".". */
function isScheme(text: string): boolean {
  if (!(text[0] >= 'a' && text[0] <= 'z')) return false;
  return [...text].every((char) => (char >= 'a' && char <= 'z') || (char >= '0' && char <= '9') || char === '+' || char === '-' || char === '.');
}
