import Foundation
import Social

/// Posts the shared text by uploading it in the background, so the share sheet can close at once.
final class ShareViewController: SLComposeServiceViewController {
    override func isContentValid() -> Bool {
        !contentText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    override func didSelectPost() {
        let file = FileManager.default.temporaryDirectory.appending(path: "share-\(UUID().uuidString).txt")
        do {
            try Data(contentText.utf8).write(to: file)
            ShareUploader.shared.upload(fileAt: file, to: URL(string: "https://example.com/api/share")!)
        } catch {
            NSLog("Could not stage the shared text: %@", error.localizedDescription)
        }
        extensionContext?.completeRequest(returningItems: [], completionHandler: nil)
    }

    override func configurationItems() -> [Any]! {
        []
    }
}

final class ShareUploader: NSObject, URLSessionTaskDelegate {
    static let shared = ShareUploader()

    // Wrong twice: the app's UploadQueue uses the same identifier (only one process at a time
    // may use a background session), and a background session in an extension needs a
    // sharedContainerIdentifier (an app group the app can reach too).
    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.backgroundtransfers.uploads")
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    /// Correct: uploads from a file continue after the extension is gone.
    func upload(fileAt fileURL: URL, to endpoint: URL) {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        session.uploadTask(with: request, fromFile: fileURL).resume()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        NSLog("Share upload finished: %@", error?.localizedDescription ?? "ok")
    }
}
