import Foundation
import os

/// Downloads files in a background session that keeps going while the app is suspended.
final class BackgroundDownloadService: NSObject {
    static let shared = BackgroundDownloadService()

    /// Bundle-based, so it is unique to this process and never clashes with an extension's session.
    let identifier = "\(Bundle.main.bundleIdentifier!).downloads"

    private let logger = Logger(subsystem: "com.example.backgroundtransfers", category: "downloads")
    private var eventsCompletionHandler: (() -> Void)?

    /// Created once, on first use (also when the system relaunches the app for its events).
    private(set) lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: identifier)
        configuration.isDiscretionary = true
        configuration.sessionSendsLaunchEvents = true
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    private override init() {
        super.init()
    }

    func download(_ url: URL) {
        session.downloadTask(with: url).resume()
    }

    /// Wrong: an upload from memory stops when the app is suspended; write the data to a file.
    func uploadReport(_ data: Data, to url: URL) {
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        session.uploadTask(with: request, from: data).resume()
    }

    func handleEvents(completionHandler: @escaping () -> Void) {
        eventsCompletionHandler = completionHandler
        _ = session // reconnects to the background session so its events are delivered
    }
}

extension BackgroundDownloadService: URLSessionDownloadDelegate {
    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        // Correct: the file at `location` is deleted when this method returns, so move it now.
        let name = downloadTask.originalRequest?.url?.lastPathComponent ?? UUID().uuidString
        let destination = URL.documentsDirectory.appending(path: name)
        do {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: location, to: destination)
            TransferStatusStore.status = "Downloaded \(name)"
        } catch {
            logger.error("Could not keep \(name, privacy: .public): \(error.localizedDescription, privacy: .public)")
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error {
            logger.error("Download failed: \(error.localizedDescription, privacy: .public)")
        }
    }

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        DispatchQueue.main.async {
            self.eventsCompletionHandler?()
            self.eventsCompletionHandler = nil
        }
    }
}
