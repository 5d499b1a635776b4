// The redirect delegate method on a type that only serves background sessions: never called.
import { selectors } from '../facts/selectors';
import { delegateRoles, sessionsCreatedHere } from './backgroundDelegates';
import type { Rule } from './ruleTypes';

export const redirectDelegateOnBackground: Rule = {
  meta: {
    id: 'redirect-delegate-on-background',
    severity: 'warning',
    fix: 'none',
    summary: 'urlSession(_:task:willPerformHTTPRedirection:newRequest:completionHandler:) implemented by the delegate of a background session, where it is never called.',
  },
  check(context) {
    for (const fn of context.facts.functions) {
      if (fn.selector !== selectors.redirect) continue;
      const roles = delegateRoles(context.workspace, fn.typeName);
      // A delegate that also serves a foreground session (or one of unknown kind) gets the call from that one.
      if (!roles || roles.background.length === 0 || roles.other.length > 0) continue;
      const label = context.facts.delegate.labelSpans.find((entry) => entry.functionId === fn.id && entry.label === 'willPerformHTTPRedirection');
      context.report({
        span: label?.span ?? fn.nameSpan,
        message:
          'Background sessions always follow redirects and never call urlSession(_:task:willPerformHTTPRedirection:newRequest:completionHandler:), so the redirect policy written here never applies.',
        related: sessionsCreatedHere(roles.background, 'The background session this type is the delegate of is created here.'),
      });
    }
  },
};
