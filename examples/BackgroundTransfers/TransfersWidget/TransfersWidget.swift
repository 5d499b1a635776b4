import SwiftUI
import WidgetKit

struct TransferEntry: TimelineEntry {
    let date: Date
    let status: String
}

struct TransfersProvider: TimelineProvider {
    func placeholder(in context: Context) -> TransferEntry {
        TransferEntry(date: .now, status: "No transfers yet")
    }

    func getSnapshot(in context: Context, completion: @escaping (TransferEntry) -> Void) {
        completion(TransferEntry(date: .now, status: TransferStatusStore.status))
    }

    func getTimeline(in context: Context, completion: @escaping (Timeline<TransferEntry>) -> Void) {
        WidgetDownloader.shared.refresh()
        let entry = TransferEntry(date: .now, status: TransferStatusStore.status)
        completion(Timeline(entries: [entry], policy: .after(.now.addingTimeInterval(30 * 60))))
    }
}

/// Fetches the server-side transfer status in the background for the widget.
final class WidgetDownloader: NSObject, URLSessionDownloadDelegate {
    static let shared = WidgetDownloader()
    static let identifier = "\(Bundle.main.bundleIdentifier!).status"

    private var completionHandlers: [() -> Void] = []

    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: Self.identifier)
        configuration.sharedContainerIdentifier = "group.com.example.backgroundtransfers"
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    func refresh() {
        session.downloadTask(with: URL(string: "https://example.com/api/status.txt")!).resume()
    }

    /// Keeps WidgetKit's completion handler until the session has delivered its events.
    func handleEvents(completion: @escaping () -> Void) {
        DispatchQueue.main.async {
            self.completionHandlers.append(completion)
            _ = self.session
        }
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        // Correct: read synchronously, before the system deletes the file.
        if let status = try? String(contentsOf: location, encoding: .utf8) {
            TransferStatusStore.status = status
        }
    }

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        DispatchQueue.main.async {
            let handlers = self.completionHandlers
            self.completionHandlers.removeAll()
            WidgetCenter.shared.reloadTimelines(ofKind: "TransfersWidget")
            handlers.forEach { $0() }
        }
    }
}

struct TransfersWidgetView: View {
    let entry: TransferEntry

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Label("Transfers", systemImage: "arrow.up.arrow.down.circle")
                .font(.caption.bold())
            Text(entry.status)
                .font(.body)
        }
        .padding()
    }
}

@main
struct TransfersWidget: Widget {
    var body: some WidgetConfiguration {
        StaticConfiguration(kind: "TransfersWidget", provider: TransfersProvider()) { entry in
            TransfersWidgetView(entry: entry)
        }
        .configurationDisplayName("Transfers")
        .description("The state of your background transfers.")
        // Correct: the widget handles its own session's events.
        .onBackgroundURLSessionEvents(matching: WidgetDownloader.identifier) { _, completion in
            WidgetDownloader.shared.handleEvents(completion: completion)
        }
    }
}
