// The project model's public types, plus the internal shape every source (xcodeproj, XcodeGen,
// SwiftPM, heuristics) hands to the merger. Kept apart from projectModel.ts so the per-source
// modules can import them without a cycle; projectModel.ts re-exports the public ones.

export type TargetKind =
  | 'app'
  | 'app-extension'
  | 'widget-extension'
  | 'watch-app'
  | 'watch-extension'
  | 'framework'
  | 'tests'
  | 'tool'
  | 'other';

export type ModelSource = 'xcodeproj' | 'xcodegen' | 'swiftpm' | 'tuist' | 'heuristic' | 'default';

export interface Target {
  name: string;
  kind: TargetKind;
  /** e.g. com.apple.product-type.app-extension */
  productType?: string;
  /** Resolved; undefined when it contains an unresolvable $(VAR). */
  bundleIdentifier?: string;
  /** com.apple.security.application-groups of the target's .entitlements. undefined = unknown
   *  (no entitlements file, unreadable, or a group with an unresolvable $(VAR)); [] = none. */
  appGroups?: string[];
  /** Absolute path (set when the project names one, even if the file is missing). */
  entitlementsFile?: string;
  /** Absolute path. */
  infoPlistFile?: string;
  /** NSExtension.NSExtensionPointIdentifier, e.g. com.apple.share-services. */
  extensionPointIdentifier?: string;
  /** Names of targets this one embeds (app → its extensions). */
  embeds: string[];
  /** Names of targets that embed this one. */
  hostApps: string[];
  /** Names of framework targets this one links (its code runs in this target's process too). */
  links: string[];
  /** IPHONEOS_DEPLOYMENT_TARGET, e.g. "14.0". */
  deploymentTarget?: string;
  /** How we know: lets messages say "(from project.pbxproj)" vs "(guessed from Info.plist)". */
  source: ModelSource;
  /** Absolute path of the project.pbxproj / project.yml / Package.swift. */
  projectFile?: string;
}

/** A malformed project, plist or entitlements file: one clear message each. */
export interface ProjectProblem {
  file: string;
  message: string;
}

/** A folder whose .swift files (recursively) belong to a target, minus exclusions. */
export interface FolderRule {
  /** Absolute folder path, no trailing separator. */
  dir: string;
  /** Absolute paths (files or folders) taken out of the rule. */
  excludedPaths?: string[];
  /** Extra exclusion on the path relative to `dir` (XcodeGen globs). */
  excludes?: (relativePath: string) => boolean;
}

/** Which Swift files a target compiles. */
export interface Membership {
  /** Absolute paths of files listed one by one (build phases, exception-set inclusions). */
  files: string[];
  folders: FolderRule[];
}

/** What one source module produces for one target. */
export interface LoadedTarget {
  target: Target;
  membership: Membership;
}
