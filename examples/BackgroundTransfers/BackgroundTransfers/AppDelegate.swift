import SwiftUI
import UIKit

@main
final class AppDelegate: UIResponder, UIApplicationDelegate {
    var window: UIWindow?

    func application(
        _ application: UIApplication,
        didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]? = nil
    ) -> Bool {
        let window = UIWindow(frame: UIScreen.main.bounds)
        window.rootViewController = UIHostingController(rootView: TransfersView())
        window.makeKeyAndVisible()
        self.window = window
        return true
    }

    /// Correct: hands the events to the session that owns `identifier`; that session keeps the
    /// handler until its delegate gets urlSessionDidFinishEvents(forBackgroundURLSession:).
    func application(
        _ application: UIApplication,
        handleEventsForBackgroundURLSession identifier: String,
        completionHandler: @escaping () -> Void
    ) {
        switch identifier {
        case BackgroundDownloadService.shared.identifier:
            BackgroundDownloadService.shared.handleEvents(completionHandler: completionHandler)
        case UploadQueue.identifier:
            UploadQueue.shared.handleEvents(completionHandler: completionHandler)
        default:
            // Not a session of this app: nothing will deliver its events, so finish now.
            completionHandler()
        }
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
        // A test helper: terminate so the next transfer event relaunches the app.
        // Wrong: it is not inside #if DEBUG, so it ships in Release builds too.
        exit(0)
    }
}
