// What one fixture folder (one workspace) cannot show: a rule option, and workspace-wide
// conditions (launch-events-disabled: every handleEvents form counts, none means silence;
// identifier-random: a watchOS refresh task rebuilding sessions from their identifier).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import test from 'node:test';
import type { EngineOptions } from '../../../server/src/engine/engine';
import { lintFolder } from '../../support/lintFixture';

async function findingsOf(rule: string, files: Record<string, string>, options: EngineOptions = {}): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const { findings } = await lintFolder(dir, options);
    return findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.range.start.line + 1}:${finding.range.start.character + 1}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const timeouts = `import Foundation
let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.t")
func configure() {
    configuration.timeoutIntervalForResource = 600
    configuration.timeoutIntervalForResource = 60 * 60 * 2
}
`;

test('short-resource-timeout: the threshold comes from short_resource_timeout_seconds', async () => {
  assert.deepEqual(await findingsOf('short-resource-timeout', { 'Config.swift': timeouts }), ['4:19']);
  assert.deepEqual(await findingsOf('short-resource-timeout', { 'Config.swift': timeouts }, { ruleOptions: { short_resource_timeout_seconds: 300 } }), []);
  assert.deepEqual(
    await findingsOf('short-resource-timeout', { 'Config.swift': timeouts }, { ruleOptions: { short_resource_timeout_seconds: 86_400 } }),
    ['4:19', '5:19'],
  );
});

const disabled = `import Foundation
final class Downloads: NSObject, URLSessionDelegate {
    lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.d")
        configuration.sessionSendsLaunchEvents = false
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()
}
`;

test('launch-events-disabled: silent when nothing in the workspace handles background session events', async () => {
  assert.deepEqual(await findingsOf('launch-events-disabled', { 'Downloads.swift': disabled }), []);
});

test('launch-events-disabled: every form of handling events counts', async () => {
  const handlers: Record<string, string> = {
    asyncHandleEvents: `import UIKit
final class AppDelegate: UIResponder, UIApplicationDelegate {
    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String) async {}
}
`,
    swiftUI: `import SwiftUI
struct PhotosApp: App {
    var body: some Scene {
        WindowGroup { Text("Photos") }
            .backgroundTask(.urlSession("com.example.d")) { }
    }
}
`,
    widget: `import SwiftUI
import WidgetKit
struct PhotosWidget: Widget {
    var body: some WidgetConfiguration {
        StaticConfiguration(kind: "photos", provider: Provider()) { _ in Text("Photos") }
            .onBackgroundURLSessionEvents { _, completion in completion() }
    }
}
`,
  };
  for (const [form, handler] of Object.entries(handlers)) {
    assert.deepEqual(await findingsOf('launch-events-disabled', { 'Downloads.swift': disabled, 'Handler.swift': handler }), ['5:23'], form);
  }
});

const randomSession = `import Foundation
final class Sync: NSObject, URLSessionDelegate {
    lazy var session = URLSession(configuration: .background(withIdentifier: "sync.\\(UUID().uuidString)"), delegate: self, delegateQueue: nil)
}
`;

test('identifier-random: a watchOS refresh task that rebuilds sessions from sessionIdentifier makes random identifiers reconnectable', async () => {
  assert.deepEqual(await findingsOf('identifier-random', { 'Sync.swift': randomSession }), ['3:78']);
  const extensionDelegate = `import WatchKit
final class ExtensionDelegate: NSObject, WKApplicationDelegate, URLSessionDelegate {
    func handle(_ backgroundTasks: Set<WKRefreshBackgroundTask>) {
        for task in backgroundTasks {
            if let urlTask = task as? WKURLSessionRefreshBackgroundTask {
                let configuration = URLSessionConfiguration.background(withIdentifier: urlTask.sessionIdentifier)
                _ = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
            }
            task.setTaskCompletedWithSnapshot(false)
        }
    }
}
`;
  assert.deepEqual(await findingsOf('identifier-random', { 'Sync.swift': randomSession, 'ExtensionDelegate.swift': extensionDelegate }), []);
});

const sdkUploader = (identifier: string, sharedContainer: boolean) => `import Foundation
public final class SDKUploader: NSObject, URLSessionTaskDelegate {
    public static let shared = SDKUploader()
    lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: ${identifier})
        ${sharedContainer ? 'configuration.sharedContainerIdentifier = "group.com.example.sdk"' : ''}
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()
}
`;

const sdkManifest = `// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "UploadSDK",
    products: [.library(name: "UploadSDK", targets: ["UploadSDK"])],
    targets: [.target(name: "UploadSDK")]
)
`;

test('hardcoded-identifier-in-extension: a library meant for extensions (it sets a shared container) with one fixed identifier', async () => {
  const rule = 'hardcoded-identifier-in-extension';
  const sdk = (uploader: string) => ({ 'Package.swift': sdkManifest, 'Sources/UploadSDK/SDKUploader.swift': uploader });
  assert.deepEqual(await findingsOf(rule, sdk(sdkUploader('"com.example.sdk.uploads"', true))), ['5:80']);
  // No shared container: nothing says the library runs in extensions.
  assert.deepEqual(await findingsOf(rule, sdk(sdkUploader('"com.example.sdk.uploads"', false))), []);
  // Bundle-based identifiers stay silent.
  assert.deepEqual(await findingsOf(rule, sdk(sdkUploader('"\\(Bundle.main.bundleIdentifier!).uploads"', true))), []);
  // A loose folder is not known to be a library (it may be an app without its project file).
  assert.deepEqual(await findingsOf(rule, { 'SDKUploader.swift': sdkUploader('"com.example.sdk.uploads"', true) }), []);
});

test("identifier-random: silent in a Swift package's Tests/ folder, even for a file no test target names", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'urlsession-lint-'));
  try {
    const random = 'import Foundation\nlet configuration = URLSessionConfiguration.background(withIdentifier: UUID().uuidString)\n';
    mkdirSync(join(dir, 'Sources', 'Kit'), { recursive: true });
    mkdirSync(join(dir, 'Tests', 'Support'), { recursive: true });
    writeFileSync(join(dir, 'Package.swift'), '// swift-tools-version:5.9\nimport PackageDescription\nlet package = Package(name: "Kit", targets: [.target(name: "Kit")])\n');
    writeFileSync(join(dir, 'Sources', 'Kit', 'Uploads.swift'), random);
    writeFileSync(join(dir, 'Tests', 'Support', 'Sessions.swift'), random);
    const { findings } = await lintFolder(dir);
    const files = findings.filter((finding) => finding.rule === 'identifier-random').map((finding) => finding.file.slice(dir.length + 1));
    assert.deepEqual(files, [join('Sources', 'Kit', 'Uploads.swift')]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
