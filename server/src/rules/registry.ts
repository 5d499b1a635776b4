// Every rule, in the order the docs list them. Adding a rule: one module, one line here.
import { identifierSharedAcrossTargets } from './identifier-shared-across-targets';
import { hardcodedIdentifierInExtension } from './hardcoded-identifier-in-extension';
import { extensionMissingSharedContainer } from './extension-missing-shared-container';
import { sharedContainerNotInEntitlements } from './shared-container-not-in-entitlements';
import { handleEventsIgnoresIdentifier } from './handle-events-ignores-identifier';
import { handleEventsWithoutSession } from './handle-events-without-session';
import { missingDidFinishEvents } from './missing-did-finish-events';
import { hostAppMissingHandleEvents } from './host-app-missing-handle-events';
import { alamofireBackgroundSession } from './alamofire-background-session';
import { asyncApiOnBackgroundSession } from './async-api-on-background-session';
import { backgroundSessionWithoutDelegate } from './background-session-without-delegate';
import { backgroundUploadFromData } from './background-upload-from-data';
import { backgroundUploadFromStream } from './background-upload-from-stream';
import { completionHandlerOnBackgroundSession } from './completion-handler-on-background-session';
import { customProtocolOnBackground } from './custom-protocol-on-background';
import { dataTaskOnBackgroundSession } from './data-task-on-background-session';
import { debugExitUnguarded } from './debug-exit-unguarded';
import { debugInvalidateUnguarded } from './debug-invalidate-unguarded';
import { deprecatedBackgroundConfiguration } from './deprecated-background-configuration';
import { discretionaryTransfer } from './discretionary-transfer';
import { extendedIdleModeOnBackground } from './extended-idle-mode-on-background';
import { identifierEmpty } from './identifier-empty';
import { identifierRandom } from './identifier-random';
import { invalidateInDeinit } from './invalidate-in-deinit';
import { invalidateSharedSession } from './invalidate-shared-session';
import { launchEventsDisabled } from './launch-events-disabled';
import { recreateAfterInvalidate } from './recreate-after-invalidate';
import { printInBackgroundDelegate } from './print-in-background-delegate';
import { completionHandlerNotCalled } from './completion-handler-not-called';
import { completionHandlerCalledEarly } from './completion-handler-called-early';
import { asyncHandleEventsReturnsEarly } from './async-handle-events-returns-early';
import { completionHandlerOffMain } from './completion-handler-off-main';
import { downloadLocationEscapes } from './download-location-escapes';
import { redirectDelegateOnBackground } from './redirect-delegate-on-background';
import { chainedTaskInBackgroundCallback } from './chained-task-in-background-callback';
import { configurationChangedAfterSession } from './configuration-changed-after-session';
import { earliestBeginDateIgnored } from './earliest-begin-date-ignored';
import { waitsForConnectivityOnBackground } from './waits-for-connectivity-on-background';
import type { Rule } from './ruleTypes';
import { sessionRecreated } from './session-recreated';
import { shortResourceTimeout } from './short-resource-timeout';
import { unsupportedTaskOnBackgroundSession } from './unsupported-task-on-background-session';
import { uploadBodyIgnored } from './upload-body-ignored';

export const rules: Rule[] = [
  backgroundUploadFromData,
  backgroundUploadFromStream,
  uploadBodyIgnored,
  completionHandlerOnBackgroundSession,
  asyncApiOnBackgroundSession,
  dataTaskOnBackgroundSession,
  unsupportedTaskOnBackgroundSession,
  backgroundSessionWithoutDelegate,
  sessionRecreated,
  identifierEmpty,
  identifierRandom,
  recreateAfterInvalidate,
  discretionaryTransfer,
  debugExitUnguarded,
  debugInvalidateUnguarded,
  invalidateSharedSession,
  launchEventsDisabled,
  deprecatedBackgroundConfiguration,
  shortResourceTimeout,
  customProtocolOnBackground,
  alamofireBackgroundSession,
  extendedIdleModeOnBackground,
  invalidateInDeinit,
  identifierSharedAcrossTargets,
  hardcodedIdentifierInExtension,
  extensionMissingSharedContainer,
  sharedContainerNotInEntitlements,
  handleEventsIgnoresIdentifier,
  handleEventsWithoutSession,
  missingDidFinishEvents,
  hostAppMissingHandleEvents,
  printInBackgroundDelegate,
  completionHandlerNotCalled,
  completionHandlerCalledEarly,
  asyncHandleEventsReturnsEarly,
  completionHandlerOffMain,
  downloadLocationEscapes,
  redirectDelegateOnBackground,
  chainedTaskInBackgroundCallback,
  configurationChangedAfterSession,
  earliestBeginDateIgnored,
  waitsForConnectivityOnBackground,
];
