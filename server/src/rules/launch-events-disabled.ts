// sessionSendsLaunchEvents = false on a background configuration while the app handles
// background session events: the app is not woken for them.
import { backgroundEventHandlers } from './appEntryPoints';
import type { Rule } from './ruleTypes';

export const launchEventsDisabled: Rule = {
  meta: {
    id: 'launch-events-disabled',
    severity: 'info',
    fix: 'none',
    summary: 'sessionSendsLaunchEvents = false on a background configuration of an app that handles background session events.',
  },
  check(context) {
    let handlers: ReturnType<typeof backgroundEventHandlers> | undefined;
    for (const set of context.facts.propertySets) {
      if (set.property !== 'sessionSendsLaunchEvents' || set.valueText !== 'false') continue;
      if (!context.workspace.backgroundConfigs(set.receiver)) continue;
      handlers ??= backgroundEventHandlers(context.workspace);
      if (handlers.length === 0) continue;
      context.report({
        span: set.propertySpan,
        message:
          'With sessionSendsLaunchEvents set to false the system does not relaunch or wake the app when this session\'s transfers finish, so the app\'s background event handling never runs for it.',
        related: handlers.slice(0, 3).map((handler) => ({ ...handler, message: 'Background session events are handled here.' })),
      });
    }
  },
};
