// Alamofire's Session refuses background configurations: Session(configuration:) and
// Session(session:delegate:rootQueue:) stop on a precondition.
import type { AlamofireSessionCreation } from '../facts/facts';
import type { Rule, RuleContext } from './ruleTypes';

export const alamofireBackgroundSession: Rule = {
  meta: {
    id: 'alamofire-background-session',
    severity: 'error',
    fix: 'none',
    summary: 'Alamofire Session(configuration:) or Session(session:delegate:rootQueue:) with a background configuration or session: a precondition failure.',
  },
  check(context) {
    if (!isAlamofireSession(context)) return;
    for (const creation of context.facts.alamofireSessions) {
      const background =
        creation.label === 'configuration'
          ? context.workspace.backgroundConfigs(creation.argument)
          : context.workspace.backgroundSessions(creation.argument);
      if (!background) continue;
      context.report({
        span: creation.span,
        message: messageFor(creation),
      });
    }
  },
};

/** The file uses Alamofire (or Moya, whose `Session` is Alamofire's), and `Session` is not a type of the workspace itself. */
function isAlamofireSession(context: RuleContext): boolean {
  if (context.facts.alamofireSessions.length === 0) return false;
  const usesAlamofire = (name: string) => name === 'Alamofire' || name === 'Moya';
  if (!context.facts.delegate.imports.some((entry) => usesAlamofire(entry.module)) && !context.facts.notableIdentifiers.some(usesAlamofire)) return false;
  return !context.workspace.typeDeclarations('Session').some((type) => type.kind !== 'extension');
}

function messageFor(creation: AlamofireSessionCreation): string {
  const what = creation.label === 'configuration' ? 'a background configuration' : 'a background URLSession';
  return `Alamofire's Session does not support background sessions and stops on a precondition failure when given ${what}; use URLSession with a delegate for background transfers.`;
}
