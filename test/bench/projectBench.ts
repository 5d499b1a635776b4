// Times loadProjectModel on a synthesized ~2 MB project.pbxproj (the budget is 200 ms).
// The project is written through @bacons/xcode's own writer so it is a well-formed file of the
// shape Xcode produces: many app / extension / framework targets, each with a Sources phase,
// build configurations, Info.plist and entitlements, plus Xcode 16 synchronized folders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '@bacons/xcode/json';
import { loadProjectModel } from '../../server/src/project/projectModel';

const TARGET_BYTES = 2 * 1024 * 1024;

export async function benchProjectModel(): Promise<{ bytes: number; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'project-bench-'));
  try {
    const text = synthesizeProject(TARGET_BYTES);
    const projectDir = join(dir, 'Big.xcodeproj');
    mkdirSync(projectDir);
    writeFileSync(join(projectDir, 'project.pbxproj'), text);
    writePlists(dir);
    const start = performance.now();
    const model = loadProjectModel(dir);
    const ms = performance.now() - start;
    if (model.problems.length > 0 || model.targets.length === 0) {
      throw new Error(`the synthesized project did not load: ${JSON.stringify(model.problems.slice(0, 3))}`);
    }
    return { bytes: Buffer.byteLength(text), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type PbxObject = Record<string, unknown>;

/** Grows the project module by module until it reaches `minBytes`. */
export function synthesizeProject(minBytes: number): string {
  let modules = 40;
  for (;;) {
    const text = build(projectWithModules(modules) as never);
    if (Buffer.byteLength(text) >= minBytes) return text;
    modules = Math.ceil(modules * (minBytes / Buffer.byteLength(text)) * 1.02);
  }
}

function projectWithModules(modules: number): PbxObject {
  let counter = 0;
  const objects: Record<string, PbxObject> = {};
  const add = (object: PbxObject): string => {
    const id = (0xa0000000 + counter++).toString(16).toUpperCase().padStart(24, '0');
    objects[id] = object;
    return id;
  };
  const settings = (name: string, kind: string) => ({
    CODE_SIGN_ENTITLEMENTS: `${name}/${name}.entitlements`,
    CODE_SIGN_STYLE: 'Automatic',
    INFOPLIST_FILE: `${name}/Info.plist`,
    IPHONEOS_DEPLOYMENT_TARGET: '16.0',
    LD_RUNPATH_SEARCH_PATHS: ['$(inherited)', '@executable_path/Frameworks'],
    PRODUCT_BUNDLE_IDENTIFIER: kind === 'app' ? '$(BASE_ID).$(TARGET_NAME)' : '$(BASE_ID).app.$(PRODUCT_NAME:rfc1034identifier)',
    PRODUCT_NAME: '$(TARGET_NAME)',
    SWIFT_VERSION: '5.0',
    TARGETED_DEVICE_FAMILY: '1,2',
  });
  const configList = (buildSettings: PbxObject) =>
    add({
      isa: 'XCConfigurationList',
      buildConfigurations: ['Debug', 'Release'].map((name) => add({ isa: 'XCBuildConfiguration', buildSettings, name })),
      defaultConfigurationIsVisible: 0,
      defaultConfigurationName: 'Release',
    });
  const phase = (isa: string, files: string[] = []) => add({ isa, buildActionMask: 2147483647, files, runOnlyForDeploymentPostprocessing: 0 });

  const mainChildren: string[] = [];
  const productChildren: string[] = [];
  const targets: string[] = [];
  for (let module = 0; module < modules; module++) {
    // Every fourth module is an app embedding the three extensions that follow it.
    const kind = module % 4 === 0 ? 'app' : 'extension';
    const name = `${kind === 'app' ? 'App' : 'Extension'}${module}`;
    const fileRefs: string[] = [];
    const buildFiles: string[] = [];
    for (let file = 0; file < 40; file++) {
      const ref = add({ isa: 'PBXFileReference', lastKnownFileType: 'sourcecode.swift', path: `Feature${file}/${name}Feature${file}ViewModel.swift`, sourceTree: '<group>' });
      fileRefs.push(ref);
      buildFiles.push(add({ isa: 'PBXBuildFile', fileRef: ref }));
    }
    const synced = add({ isa: 'PBXFileSystemSynchronizedRootGroup', exceptions: [], explicitFileTypes: {}, explicitFolders: [], path: 'Synced', sourceTree: '<group>' });
    mainChildren.push(add({ isa: 'PBXGroup', children: [...fileRefs, synced], path: name, sourceTree: '<group>' }));
    const product = add({
      isa: 'PBXFileReference',
      explicitFileType: kind === 'app' ? 'wrapper.application' : 'wrapper.app-extension',
      includeInIndex: 0,
      path: `${name}.${kind === 'app' ? 'app' : 'appex'}`,
      sourceTree: 'BUILT_PRODUCTS_DIR',
    });
    productChildren.push(product);
    const buildPhases = [phase('PBXSourcesBuildPhase', buildFiles), phase('PBXFrameworksBuildPhase'), phase('PBXResourcesBuildPhase')];
    targets.push(
      add({
        isa: 'PBXNativeTarget',
        buildConfigurationList: configList(settings(name, kind)),
        buildPhases,
        buildRules: [],
        dependencies: [],
        fileSystemSynchronizedGroups: [synced],
        name,
        productName: name,
        productReference: product,
        productType: kind === 'app' ? 'com.apple.product-type.application' : 'com.apple.product-type.app-extension',
      }),
    );
  }
  // Embed phases: each app embeds the products of the next three targets.
  for (let module = 0; module < modules; module += 4) {
    const app = objects[targets[module]];
    const embedded = productChildren.slice(module + 1, module + 4);
    const files = embedded.map((fileRef) => add({ isa: 'PBXBuildFile', fileRef, settings: { ATTRIBUTES: ['RemoveHeadersOnCopy'] } }));
    (app.buildPhases as string[]).push(
      add({ isa: 'PBXCopyFilesBuildPhase', buildActionMask: 2147483647, dstPath: '', dstSubfolderSpec: 13, files, name: 'Embed Foundation Extensions', runOnlyForDeploymentPostprocessing: 0 }),
    );
  }
  const products = add({ isa: 'PBXGroup', children: productChildren, name: 'Products', sourceTree: '<group>' });
  const mainGroup = add({ isa: 'PBXGroup', children: [...mainChildren, products], sourceTree: '<group>' });
  const rootObject = add({
    isa: 'PBXProject',
    attributes: { BuildIndependentTargetsInParallel: 1, LastUpgradeCheck: 1600 },
    buildConfigurationList: configList({ BASE_ID: 'com.example.big', SDKROOT: 'iphoneos', IPHONEOS_DEPLOYMENT_TARGET: '16.0' }),
    compatibilityVersion: 'Xcode 14.0',
    developmentRegion: 'en',
    hasScannedForEncodings: 0,
    knownRegions: ['en', 'Base'],
    mainGroup,
    productRefGroup: products,
    projectDirPath: '',
    projectRoot: '',
    targets,
  });
  return { archiveVersion: 1, classes: {}, objectVersion: 77, objects, rootObject };
}

/** One shared Info.plist and entitlements file per module folder would be thousands of files;
 *  the project points each target at its own, and a handful exist so plist reading is timed too. */
function writePlists(dir: string): void {
  for (let module = 0; module < 8; module++) {
    const name = `${module % 4 === 0 ? 'App' : 'Extension'}${module}`;
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(
      join(dir, name, 'Info.plist'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>NSExtension</key>\n\t<dict>\n\t\t<key>NSExtensionPointIdentifier</key>\n\t\t<string>com.apple.share-services</string>\n\t</dict>\n</dict>\n</plist>\n',
    );
    writeFileSync(
      join(dir, name, `${name}.entitlements`),
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>com.apple.security.application-groups</key>\n\t<array>\n\t\t<string>group.com.example.big</string>\n\t</array>\n</dict>\n</plist>\n',
    );
  }
}

// Run directly (this repository's TypeScript runs as CommonJS under tsx, so no top-level await).
if (require.main === module) {
  benchProjectModel().then(
    ({ bytes, ms }) => console.log(`project model: ${(bytes / 1024 / 1024).toFixed(2)} MB project.pbxproj modelled in ${ms.toFixed(1)} ms (budget 200 ms)`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
