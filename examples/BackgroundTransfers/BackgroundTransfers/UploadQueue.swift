import Foundation
import os

/// Background uploads of files the user exports from the app.
final class UploadQueue: NSObject {
    static let shared = UploadQueue()
    static let identifier = "com.example.backgroundtransfers.uploads"

    private let logger = Logger(subsystem: "com.example.backgroundtransfers", category: "uploads")
    private var eventsCompletionHandler: (() -> Void)?

    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: Self.identifier)
        configuration.sharedContainerIdentifier = "group.com.example.backgroundtransfers"
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    private override init() {
        super.init()
    }

    /// Correct: an upload from a file keeps going while the app is suspended.
    func upload(fileAt fileURL: URL, to endpoint: URL) {
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        session.uploadTask(with: request, fromFile: fileURL).resume()
    }

    func handleEvents(completionHandler: @escaping () -> Void) {
        eventsCompletionHandler = completionHandler
        _ = session
    }
}

extension UploadQueue: URLSessionTaskDelegate {
    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if let error {
            logger.error("Upload failed: \(error.localizedDescription, privacy: .public)")
        } else {
            TransferStatusStore.status = "Upload finished"
        }
    }

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        DispatchQueue.main.async {
            self.eventsCompletionHandler?()
            self.eventsCompletionHandler = nil
        }
    }
}
