import SwiftUI

struct TransfersView: View {
    @State private var status = TransferStatusStore.status

    var body: some View {
        NavigationStack {
            List {
                Section("Status") {
                    Text(status)
                }
                Section("Start a transfer") {
                    Button("Download sample file") {
                        BackgroundDownloadService.shared.download(URL(string: "https://example.com/files/sample.zip")!)
                    }
                    Button("Send diagnostics") {
                        let report = Data("os: \(ProcessInfo.processInfo.operatingSystemVersionString)".utf8)
                        BackgroundDownloadService.shared.uploadReport(report, to: URL(string: "https://example.com/api/diagnostics")!)
                    }
                    Button("Export notes") {
                        exportNotes()
                    }
                }
            }
            .navigationTitle("Transfers")
            .refreshable { status = TransferStatusStore.status }
        }
    }

    private func exportNotes() {
        let file = FileManager.default.temporaryDirectory.appending(path: "notes-\(Date.now.timeIntervalSince1970).txt")
        do {
            try Data("Notes exported from BackgroundTransfers".utf8).write(to: file)
            UploadQueue.shared.upload(fileAt: file, to: URL(string: "https://example.com/api/notes")!)
        } catch {
            status = "Export failed: \(error.localizedDescription)"
        }
    }
}
