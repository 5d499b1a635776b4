// Product type → target kind, shared by the pbxproj and XcodeGen readers (XcodeGen's `type` is
// the product type without the `com.apple.product-type.` prefix).
import type { TargetKind } from './types';

const PREFIX = 'com.apple.product-type.';

const KINDS: Record<string, TargetKind> = {
  application: 'app',
  'application.on-demand-install-capable': 'app', // App Clip: a process of its own
  'application.messages': 'app',
  'app-extension': 'app-extension',
  'app-extension.messages': 'app-extension',
  'app-extension.messages-sticker-pack': 'app-extension',
  'extensionkit-extension': 'app-extension',
  'tv-app-extension': 'app-extension',
  'application.watchapp': 'watch-app',
  'application.watchapp2': 'watch-app',
  'watchkit-extension': 'watch-extension',
  'watchkit2-extension': 'watch-extension',
  framework: 'framework',
  'framework.static': 'framework',
  'library.static': 'framework',
  'library.dynamic': 'framework',
  'bundle.unit-test': 'tests',
  'bundle.ui-testing': 'tests',
  tool: 'tool',
};

export const WIDGET_EXTENSION_POINT = 'com.apple.widgetkit-extension';
const WATCHKIT_EXTENSION_POINT = 'com.apple.watchkit';

/** Full UTI for a product type given either as a UTI or as XcodeGen's short form. */
export function fullProductType(type: string): string {
  return type.startsWith(PREFIX) ? type : PREFIX + type;
}

/**
 * Kind of a target. `extensionPoint` refines app extensions (a widget is an app-extension
 * product whose Info.plist says com.apple.widgetkit-extension); `sdk` turns a single-target
 * watchOS app (product type `application`, SDKROOT watchos) into a watch app.
 */
export function kindForProductType(productType: string, extensionPoint?: string, sdk?: string): TargetKind {
  const short = productType.startsWith(PREFIX) ? productType.slice(PREFIX.length) : productType;
  const kind = KINDS[short] ?? 'other';
  if (kind === 'app-extension' && extensionPoint === WIDGET_EXTENSION_POINT) return 'widget-extension';
  if (kind === 'app' && short === 'application' && sdk !== undefined && /^watch(os|simulator)/.test(sdk)) return 'watch-app';
  return kind;
}

/** Kind of an extension known only from its Info.plist (heuristic targets). */
export function kindForExtensionPoint(extensionPoint: string | undefined): TargetKind {
  if (extensionPoint === WIDGET_EXTENSION_POINT) return 'widget-extension';
  if (extensionPoint === WATCHKIT_EXTENSION_POINT) return 'watch-extension';
  return 'app-extension';
}
