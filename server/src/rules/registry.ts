// Every rule, in the order the docs list them. Adding a rule: one module, one line here.
import { asyncApiOnBackgroundSession } from './async-api-on-background-session';
import { backgroundSessionWithoutDelegate } from './background-session-without-delegate';
import { backgroundUploadFromData } from './background-upload-from-data';
import { backgroundUploadFromStream } from './background-upload-from-stream';
import { completionHandlerOnBackgroundSession } from './completion-handler-on-background-session';
import { dataTaskOnBackgroundSession } from './data-task-on-background-session';
import { debugExitUnguarded } from './debug-exit-unguarded';
import { discretionaryTransfer } from './discretionary-transfer';
import type { Rule } from './ruleTypes';
import { sessionRecreated } from './session-recreated';
import { unsupportedTaskOnBackgroundSession } from './unsupported-task-on-background-session';

export const rules: Rule[] = [
  backgroundUploadFromData,
  backgroundUploadFromStream,
  completionHandlerOnBackgroundSession,
  asyncApiOnBackgroundSession,
  dataTaskOnBackgroundSession,
  unsupportedTaskOnBackgroundSession,
  backgroundSessionWithoutDelegate,
  sessionRecreated,
  discretionaryTransfer,
  debugExitUnguarded,
];
