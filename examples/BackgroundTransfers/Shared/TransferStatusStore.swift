import Foundation

/// The last transfer status, shared by the app and the widget through their app group.
/// Compiled into both targets.
enum TransferStatusStore {
    static let appGroup = "group.com.example.backgroundtransfers"
    private static let key = "lastTransferStatus"

    static var status: String {
        get { UserDefaults(suiteName: appGroup)?.string(forKey: key) ?? "No transfers yet" }
        set { UserDefaults(suiteName: appGroup)?.set(newValue, forKey: key) }
    }
}
