// An extension makes a background session, but its host app never handles session events.
import { handlesEvents } from './handleEvents';
import { processTargetsReaching } from './reachingTargets';
import type { Rule } from './ruleTypes';
import { processTargetsOf } from './targets';

export const hostAppMissingHandleEvents: Rule = {
  meta: {
    id: 'host-app-missing-handle-events',
    severity: 'warning',
    fix: 'none',
    summary: "An app extension makes a background session, but its host app implements no handleEvents (in any form) to take over the session's events.",
  },
  check(context) {
    const { project } = context;
    if (!project) return;
    for (const session of context.facts.sessionCreations) {
      if (!context.workspace.backgroundConfigs(session.configuration)) continue;
      // Widgets receive their own events (onBackgroundURLSessionEvents): exempt.
      const extension = processTargetsReaching(context.workspace, project, session).find((target) => target.kind === 'app-extension');
      if (!extension) continue;
      for (const hostName of extension.hostApps) {
        const host = project.target(hostName);
        if (!host) continue;
        // Only a host that a project file describes: a guessed one (loose code, an SDK's folder)
        // may not be the app that really embeds the extension.
        if (host.source === 'default' || host.source === 'heuristic') continue;
        const hostHandles = [...context.workspace.allFacts()].some(
          (facts) => handlesEvents(facts) && processTargetsOf(project, facts.file).some((target) => target.name === hostName),
        );
        if (hostHandles) continue;
        context.report({
          span: session.span,
          message: `The extension '${extension.name}' makes a background session, but its host app '${hostName}' implements no application(_:handleEventsForBackgroundURLSession:completionHandler:) nor .backgroundTask(.urlSession…); when the extension is gone the system relaunches the app for these events and nothing handles them.`,
          related: host.projectFile ? [{ file: host.projectFile, span: { start: 0, end: 0 }, message: `The host app '${hostName}' is defined here.` }] : [],
        });
      }
    }
  },
};
