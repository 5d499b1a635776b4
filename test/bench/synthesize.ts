// Writes a deterministic tree of realistic Swift for the speed benchmark: an app of feature
// folders (view controllers, SwiftUI views, view models, models, services, extensions) plus a
// few local packages and tests. About 5% of the files use URLSession: shared-session data tasks,
// async calls, background download and upload managers (some correct, some with the mistakes
// the rules look for), AppDelegate event handling. The rest never mention it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SynthesizeOptions {
  files?: number;
  /** Average bytes per file. */
  averageBytes?: number;
  seed?: number;
}

export interface SynthesizedTree {
  files: number;
  bytes: number;
  /** Files that mention URLSession. */
  urlSessionFiles: number;
}

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const entities = [
  'User', 'Order', 'Product', 'Invoice', 'Message', 'Photo', 'Album', 'Comment', 'Payment', 'Address',
  'Cart', 'Coupon', 'Review', 'Store', 'Ticket', 'Event', 'Booking', 'Route', 'Device', 'Workout',
  'Recipe', 'Playlist', 'Track', 'Episode', 'Article', 'Author', 'Team', 'Project', 'Task', 'Reminder',
  'Contact', 'Conversation', 'Attachment', 'Document', 'Folder', 'Subscription', 'Plan', 'Receipt', 'Shipment', 'Vehicle',
];
const features = [
  'Onboarding', 'Login', 'Profile', 'Settings', 'Feed', 'Search', 'Checkout', 'Catalog', 'Chat', 'Notifications',
  'Library', 'Player', 'Downloads', 'Uploads', 'Map', 'Calendar', 'Wallet', 'Rewards', 'Support', 'Analytics',
  'Camera', 'Gallery', 'Inbox', 'Orders', 'Favorites', 'Sharing', 'Health', 'Fitness', 'Travel', 'Weather',
  'News', 'Podcasts', 'Recipes', 'Tasks', 'Notes', 'Files', 'Billing', 'Admin', 'Reports', 'Social',
  'Events', 'Tickets', 'Stores', 'Coupons', 'Reviews', 'Booking', 'Routes', 'Devices', 'Teams', 'Projects',
];
const propertyTypes: [string, string][] = [
  ['String', '""'], ['Int', '0'], ['Double', '0'], ['Bool', 'false'], ['Date', 'Date()'], ['URL?', 'nil'],
  ['[String]', '[]'], ['UUID', 'UUID()'], ['Decimal', '0'], ['String?', 'nil'],
];
const propertyNames = [
  'id', 'name', 'title', 'subtitle', 'createdAt', 'updatedAt', 'status', 'count', 'price', 'isFavorite',
  'imageURL', 'tags', 'identifier', 'amount', 'summary', 'note', 'rating', 'position', 'isArchived', 'ownerName',
  'duration', 'progress', 'category', 'email', 'phone', 'city', 'country', 'latitude', 'longitude', 'version',
];

class SwiftWriter {
  constructor(private readonly next: () => number) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  lowerFirst(name: string): string {
    return name[0].toLowerCase() + name.slice(1);
  }

  header(fileName: string, module: string): string {
    const year = this.int(2016, 2024);
    return `//\n//  ${fileName}\n//  ${module}\n//\n//  Created by ${this.pick(['Anna', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Hiro'])} on ${this.int(1, 28)}/${this.int(1, 12)}/${year % 100}.\n//  Copyright © ${year} Example Corp. All rights reserved.\n//\n\n`;
  }

  properties(count: number): [string, string, string][] {
    const used = new Set<string>();
    const result: [string, string, string][] = [];
    while (result.length < count) {
      const name = this.pick(propertyNames);
      if (used.has(name)) {
        if (used.size >= propertyNames.length) break;
        continue;
      }
      used.add(name);
      const [type, value] = this.pick(propertyTypes);
      result.push([name, type, value]);
    }
    return result;
  }

  model(entity: string): string {
    const props = this.properties(this.int(4, 12));
    const lines = [
      `/// A ${entity.toLowerCase()} as the API returns it.`,
      `struct ${entity}: Codable, Equatable, Identifiable, Hashable {`,
      ...props.map(([name, type]) => `    ${name === 'id' ? 'let' : 'var'} ${name}: ${type === 'UUID' && name === 'id' ? 'UUID' : type}`),
      ...(props.some(([name]) => name === 'id') ? [] : ['    let id: UUID']),
      '',
      '    enum CodingKeys: String, CodingKey {',
      ...props.map(([name]) => `        case ${name}${this.next() < 0.4 ? ` = "${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"` : ''}`),
      ...(props.some(([name]) => name === 'id') ? [] : ['        case id']),
      '    }',
      '',
      `    static func placeholder() -> ${entity} {`,
      `        ${entity}(${[...props.map(([name, type, value]) => `${name}: ${name === 'id' && type !== 'UUID' ? value : value}`), ...(props.some(([name]) => name === 'id') ? [] : ['id: UUID()'])].join(', ')})`,
      '    }',
      '}',
      '',
      `extension ${entity} {`,
      '    var displayTitle: String {',
      `        ${props.some(([n, t]) => n === 'title' && t === 'String') ? 'title.isEmpty ? "Untitled" : title' : `"${entity} \\(id)"`}`,
      '    }',
      '',
      `    func matches(_ query: String) -> Bool {`,
      '        guard !query.isEmpty else { return true }',
      `        return displayTitle.localizedCaseInsensitiveContains(query)`,
      '    }',
      '}',
      '',
    ];
    return lines.join('\n') + '\n';
  }

  viewController(entity: string, feature: string): string {
    const name = `${entity}${this.pick(['List', 'Detail', 'Edit', 'Summary', 'Picker'])}ViewController`;
    const cell = `${entity}Cell`;
    const variable = this.lowerFirst(entity);
    return `final class ${name}: UIViewController, UITableViewDataSource, UITableViewDelegate {
    private let tableView = UITableView(frame: .zero, style: .insetGrouped)
    private let refreshControl = UIRefreshControl()
    private let viewModel: ${entity}ViewModel
    private var cancellables = Set<AnyCancellable>()
    private var items: [${entity}] = []

    init(viewModel: ${entity}ViewModel) {
        self.viewModel = viewModel
        super.init(nibName: nil, bundle: nil)
        title = NSLocalizedString("${feature}.${entity}.title", comment: "${entity} screen title")
    }

    @available(*, unavailable)
    required init?(coder: NSCoder) {
        fatalError("init(coder:) has not been implemented")
    }

    override func viewDidLoad() {
        super.viewDidLoad()
        view.backgroundColor = .systemBackground
        setUpTableView()
        bindViewModel()
        viewModel.load()
    }

    override func viewWillAppear(_ animated: Bool) {
        super.viewWillAppear(animated)
        if let selected = tableView.indexPathForSelectedRow {
            tableView.deselectRow(at: selected, animated: animated)
        }
    }

    private func setUpTableView() {
        tableView.translatesAutoresizingMaskIntoConstraints = false
        tableView.dataSource = self
        tableView.delegate = self
        tableView.register(${cell}.self, forCellReuseIdentifier: ${cell}.reuseIdentifier)
        tableView.refreshControl = refreshControl
        refreshControl.addTarget(self, action: #selector(refresh), for: .valueChanged)
        view.addSubview(tableView)
        NSLayoutConstraint.activate([
            tableView.topAnchor.constraint(equalTo: view.safeAreaLayoutGuide.topAnchor),
            tableView.leadingAnchor.constraint(equalTo: view.leadingAnchor),
            tableView.trailingAnchor.constraint(equalTo: view.trailingAnchor),
            tableView.bottomAnchor.constraint(equalTo: view.bottomAnchor),
        ])
    }

    private func bindViewModel() {
        viewModel.$${variable}s
            .receive(on: DispatchQueue.main)
            .sink { [weak self] ${variable}s in
                self?.items = ${variable}s
                self?.tableView.reloadData()
                self?.refreshControl.endRefreshing()
            }
            .store(in: &cancellables)
        viewModel.$errorMessage
            .compactMap { $0 }
            .receive(on: DispatchQueue.main)
            .sink { [weak self] message in self?.showError(message) }
            .store(in: &cancellables)
    }

    @objc private func refresh() {
        viewModel.load()
    }

    private func showError(_ message: String) {
        let alert = UIAlertController(title: "Something went wrong", message: message, preferredStyle: .alert)
        alert.addAction(UIAlertAction(title: "OK", style: .default))
        present(alert, animated: true)
    }

    // MARK: - UITableViewDataSource

    func tableView(_ tableView: UITableView, numberOfRowsInSection section: Int) -> Int {
        items.count
    }

    func tableView(_ tableView: UITableView, cellForRowAt indexPath: IndexPath) -> UITableViewCell {
        let cell = tableView.dequeueReusableCell(withIdentifier: ${cell}.reuseIdentifier, for: indexPath) as! ${cell}
        cell.configure(with: items[indexPath.row])
        return cell
    }

    // MARK: - UITableViewDelegate

    func tableView(_ tableView: UITableView, didSelectRowAt indexPath: IndexPath) {
        let ${variable} = items[indexPath.row]
        viewModel.select(${variable})
    }

    func tableView(_ tableView: UITableView, trailingSwipeActionsConfigurationForRowAt indexPath: IndexPath) -> UISwipeActionsConfiguration? {
        let delete = UIContextualAction(style: .destructive, title: "Delete") { [weak self] _, _, done in
            guard let self else { return done(false) }
            self.viewModel.delete(self.items[indexPath.row])
            done(true)
        }
        return UISwipeActionsConfiguration(actions: [delete])
    }
}

`;
  }

  cell(entity: string): string {
    return `final class ${entity}Cell: UITableViewCell {
    static let reuseIdentifier = "${entity}Cell"

    private let titleLabel = UILabel()
    private let detailLabel = UILabel()
    private let stack = UIStackView()

    override init(style: UITableViewCell.CellStyle, reuseIdentifier: String?) {
        super.init(style: .subtitle, reuseIdentifier: reuseIdentifier)
        titleLabel.font = .preferredFont(forTextStyle: .headline)
        detailLabel.font = .preferredFont(forTextStyle: .subheadline)
        detailLabel.textColor = .secondaryLabel
        stack.axis = .vertical
        stack.spacing = ${this.int(2, 8)}
        stack.translatesAutoresizingMaskIntoConstraints = false
        stack.addArrangedSubview(titleLabel)
        stack.addArrangedSubview(detailLabel)
        contentView.addSubview(stack)
        NSLayoutConstraint.activate([
            stack.topAnchor.constraint(equalTo: contentView.layoutMarginsGuide.topAnchor),
            stack.leadingAnchor.constraint(equalTo: contentView.layoutMarginsGuide.leadingAnchor),
            stack.trailingAnchor.constraint(equalTo: contentView.layoutMarginsGuide.trailingAnchor),
            stack.bottomAnchor.constraint(equalTo: contentView.layoutMarginsGuide.bottomAnchor),
        ])
    }

    @available(*, unavailable)
    required init?(coder: NSCoder) { fatalError("init(coder:) has not been implemented") }

    func configure(with ${this.lowerFirst(entity)}: ${entity}) {
        titleLabel.text = ${this.lowerFirst(entity)}.displayTitle
        detailLabel.text = String(describing: ${this.lowerFirst(entity)}.id)
        accessibilityLabel = ${this.lowerFirst(entity)}.displayTitle
    }
}

`;
  }

  viewModel(entity: string): string {
    const variable = this.lowerFirst(entity);
    return `@MainActor
final class ${entity}ViewModel: ObservableObject {
    @Published private(set) var ${variable}s: [${entity}] = []
    @Published private(set) var isLoading = false
    @Published var errorMessage: String?
    @Published var query = ""

    private let repository: ${entity}Repository
    private let router: ${entity}Routing?
    private var loadTask: Task<Void, Never>?

    init(repository: ${entity}Repository, router: ${entity}Routing? = nil) {
        self.repository = repository
        self.router = router
    }

    var filtered${entity}s: [${entity}] {
        ${variable}s.filter { $0.matches(query) }
    }

    func load() {
        loadTask?.cancel()
        isLoading = true
        loadTask = Task {
            defer { isLoading = false }
            do {
                ${variable}s = try await repository.fetchAll()
                errorMessage = nil
            } catch is CancellationError {
                return
            } catch {
                errorMessage = error.localizedDescription
            }
        }
    }

    func select(_ ${variable}: ${entity}) {
        router?.show(${variable})
    }

    func delete(_ ${variable}: ${entity}) {
        ${variable}s.removeAll { $0.id == ${variable}.id }
        Task {
            do {
                try await repository.delete(id: ${variable}.id)
            } catch {
                errorMessage = error.localizedDescription
                load()
            }
        }
    }
}

protocol ${entity}Routing: AnyObject {
    func show(_ ${variable}: ${entity})
}

`;
  }

  swiftUIView(entity: string): string {
    const variable = this.lowerFirst(entity);
    return `struct ${entity}RowView: View {
    let ${variable}: ${entity}
    var onToggleFavorite: (() -> Void)?

    var body: some View {
        HStack(spacing: ${this.int(8, 16)}) {
            VStack(alignment: .leading, spacing: 4) {
                Text(${variable}.displayTitle)
                    .font(.headline)
                    .lineLimit(${this.int(1, 3)})
                Text(String(describing: ${variable}.id))
                    .font(.caption)
                    .foregroundStyle(.secondary)
            }
            Spacer()
            Button(action: { onToggleFavorite?() }) {
                Image(systemName: "star")
                    .imageScale(.medium)
            }
            .buttonStyle(.borderless)
            .accessibilityLabel("Favorite")
        }
        .padding(.vertical, ${this.int(4, 12)})
        .contentShape(Rectangle())
    }
}

struct ${entity}ListView: View {
    @StateObject var viewModel: ${entity}ViewModel
    @State private var showingFilter = false

    var body: some View {
        NavigationStack {
            List {
                ForEach(viewModel.filtered${entity}s) { ${variable} in
                    ${entity}RowView(${variable}: ${variable})
                        .swipeActions {
                            Button(role: .destructive) { viewModel.delete(${variable}) } label: {
                                Label("Delete", systemImage: "trash")
                            }
                        }
                }
            }
            .overlay {
                if viewModel.isLoading && viewModel.${variable}s.isEmpty {
                    ProgressView()
                }
            }
            .searchable(text: $viewModel.query)
            .refreshable { viewModel.load() }
            .navigationTitle("${entity}s")
            .toolbar {
                ToolbarItem(placement: .primaryAction) {
                    Button("Filter") { showingFilter.toggle() }
                }
            }
            .task { viewModel.load() }
        }
    }
}

`;
  }

  repository(entity: string): string {
    const variable = this.lowerFirst(entity);
    return `protocol ${entity}Repository {
    func fetchAll() async throws -> [${entity}]
    func delete(id: ${entity}.ID) async throws
}

final class Cached${entity}Repository: ${entity}Repository {
    private let remote: ${entity}Repository
    private let queue = DispatchQueue(label: "com.example.${variable}.cache", attributes: .concurrent)
    private var cache: [${entity}.ID: ${entity}] = [:]
    private var lastRefresh: Date?
    private let maxAge: TimeInterval = ${this.int(30, 900)}

    init(remote: ${entity}Repository) {
        self.remote = remote
    }

    func fetchAll() async throws -> [${entity}] {
        if let lastRefresh, Date().timeIntervalSince(lastRefresh) < maxAge {
            return queue.sync { Array(cache.values) }
        }
        let fresh = try await remote.fetchAll()
        queue.async(flags: .barrier) {
            self.cache = Dictionary(uniqueKeysWithValues: fresh.map { ($0.id, $0) })
            self.lastRefresh = Date()
        }
        return fresh
    }

    func delete(id: ${entity}.ID) async throws {
        try await remote.delete(id: id)
        queue.async(flags: .barrier) {
            self.cache[id] = nil
        }
    }
}

`;
  }

  extensions(): string {
    const type = this.pick(['String', 'Date', 'Array', 'Collection', 'UIColor', 'UIView', 'Double', 'Optional']);
    switch (type) {
      case 'String':
        return `extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }

    var isValidEmail: Bool {
        let pattern = #"^[A-Z0-9a-z._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$"#
        return range(of: pattern, options: .regularExpression) != nil
    }

    func truncated(to length: Int, trailing: String = "…") -> String {
        count > length ? String(prefix(length)) + trailing : self
    }
}

`;
      case 'Date':
        return `extension Date {
    private static let relativeFormatter: RelativeDateTimeFormatter = {
        let formatter = RelativeDateTimeFormatter()
        formatter.unitsStyle = .short
        return formatter
    }()

    var relativeDescription: String {
        Date.relativeFormatter.localizedString(for: self, relativeTo: Date())
    }

    func isSameDay(as other: Date, calendar: Calendar = .current) -> Bool {
        calendar.isDate(self, inSameDayAs: other)
    }
}

`;
      case 'UIColor':
        return `extension UIColor {
    convenience init(hex: UInt32, alpha: CGFloat = 1) {
        let red = CGFloat((hex >> 16) & 0xFF) / 255
        let green = CGFloat((hex >> 8) & 0xFF) / 255
        let blue = CGFloat(hex & 0xFF) / 255
        self.init(red: red, green: green, blue: blue, alpha: alpha)
    }

    static let brandPrimary = UIColor(hex: 0x${this.int(0x100000, 0xffffff).toString(16).toUpperCase()})
    static let brandSecondary = UIColor(hex: 0x${this.int(0x100000, 0xffffff).toString(16).toUpperCase()})
}

`;
      case 'UIView':
        return `extension UIView {
    func pinEdges(to other: UIView, insets: UIEdgeInsets = .zero) {
        translatesAutoresizingMaskIntoConstraints = false
        NSLayoutConstraint.activate([
            topAnchor.constraint(equalTo: other.topAnchor, constant: insets.top),
            leadingAnchor.constraint(equalTo: other.leadingAnchor, constant: insets.left),
            trailingAnchor.constraint(equalTo: other.trailingAnchor, constant: -insets.right),
            bottomAnchor.constraint(equalTo: other.bottomAnchor, constant: -insets.bottom),
        ])
    }

    func addShadow(radius: CGFloat = ${this.int(2, 12)}, opacity: Float = 0.${this.int(1, 4)}) {
        layer.shadowColor = UIColor.black.cgColor
        layer.shadowRadius = radius
        layer.shadowOpacity = opacity
        layer.shadowOffset = CGSize(width: 0, height: 2)
    }
}

`;
      default:
        return `extension Collection {
    subscript(safe index: Index) -> Element? {
        indices.contains(index) ? self[index] : nil
    }

    func chunked(into size: Int) -> [[Element]] {
        var chunks: [[Element]] = []
        var current: [Element] = []
        for element in self {
            current.append(element)
            if current.count == size {
                chunks.append(current)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}

`;
    }
  }

  stateMachine(entity: string): string {
    const states = ['idle', 'loading', 'loaded', 'failed', 'empty', 'refreshing', 'paginating'].slice(0, this.int(4, 7));
    return `enum ${entity}ScreenState: Equatable {
${states.map((state) => `    case ${state}`).join('\n')}

    var showsSpinner: Bool {
        switch self {
${states.map((state) => `        case .${state}: return ${state === 'loading' || state === 'refreshing' ? 'true' : 'false'}`).join('\n')}
        }
    }

    mutating func handle(_ event: ${entity}ScreenEvent) {
        switch (self, event) {
        case (.idle, .appear), (.failed, .retry):
            self = .loading
        case (.loading, .received(let count)):
            self = count == 0 ? .${states.includes('empty') ? 'empty' : 'loaded'} : .loaded
        case (_, .failure):
            self = .failed
        default:
            break
        }
    }
}

enum ${entity}ScreenEvent: Equatable {
    case appear
    case retry
    case received(count: Int)
    case failure
}

`;
  }

  // --- URLSession code, in about 5% of the files ---

  sharedSessionClient(entity: string): string {
    return `final class ${entity}APIClient: ${entity}Repository {
    private let baseURL: URL
    private let session: URLSession
    private let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    init(baseURL: URL, session: URLSession = .shared) {
        self.baseURL = baseURL
        self.session = session
    }

    func fetchAll() async throws -> [${entity}] {
        let url = baseURL.appendingPathComponent("${entity.toLowerCase()}s")
        var request = URLRequest(url: url)
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let (data, response) = try await session.data(for: request)
        try validate(response)
        return try decoder.decode([${entity}].self, from: data)
    }

    func delete(id: ${entity}.ID) async throws {
        var request = URLRequest(url: baseURL.appendingPathComponent("${entity.toLowerCase()}s/\\(id)"))
        request.httpMethod = "DELETE"
        let (_, response) = try await session.data(for: request)
        try validate(response)
    }

    func fetchLegacy(completion: @escaping (Result<[${entity}], Error>) -> Void) {
        let task = session.dataTask(with: baseURL.appendingPathComponent("legacy")) { data, response, error in
            if let error {
                completion(.failure(error))
                return
            }
            do {
                try self.validate(response)
                completion(.success(try self.decoder.decode([${entity}].self, from: data ?? Data())))
            } catch {
                completion(.failure(error))
            }
        }
        task.resume()
    }

    private func validate(_ response: URLResponse?) throws {
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw URLError(.badServerResponse)
        }
    }
}

`;
  }

  backgroundDownloader(entity: string, withMistakes: boolean): string {
    const identifier = `com.example.app.${entity.toLowerCase()}.downloads`;
    return `final class ${entity}DownloadManager: NSObject, URLSessionDownloadDelegate {
    static let shared = ${entity}DownloadManager()

    var backgroundCompletionHandler: (() -> Void)?
    private var progressHandlers: [Int: (Double) -> Void] = [:]

    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.background(withIdentifier: "${identifier}")
        configuration.sessionSendsLaunchEvents = true
${withMistakes ? '        configuration.isDiscretionary = true\n' : ''}        configuration.timeoutIntervalForResource = ${this.pick(['60 * 60 * 24', '3600', '7 * 24 * 60 * 60'])}
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    func download(_ url: URL, progress: @escaping (Double) -> Void) {
        let task = session.downloadTask(with: url)
        progressHandlers[task.taskIdentifier] = progress
        task.resume()
    }
${withMistakes ? `
    func refreshIndex(_ url: URL) {
        session.dataTask(with: url) { data, _, _ in
            print("index", data?.count ?? 0)
        }.resume()
    }
` : ''}
    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64, totalBytesWritten: Int64, totalBytesExpectedToWrite: Int64) {
        guard totalBytesExpectedToWrite > 0 else { return }
        let fraction = Double(totalBytesWritten) / Double(totalBytesExpectedToWrite)
        DispatchQueue.main.async { self.progressHandlers[downloadTask.taskIdentifier]?(fraction) }
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        let destination = FileManager.default.urls(for: .cachesDirectory, in: .userDomainMask)[0]
            .appendingPathComponent(downloadTask.originalRequest?.url?.lastPathComponent ?? UUID().uuidString)
        try? FileManager.default.removeItem(at: destination)
        do {
            try FileManager.default.moveItem(at: location, to: destination)
        } catch {
            print("move failed: \\(error)")
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        progressHandlers[task.taskIdentifier] = nil
    }

    func urlSessionDidFinishEvents(forBackgroundURLSession session: URLSession) {
        DispatchQueue.main.async {
            self.backgroundCompletionHandler?()
            self.backgroundCompletionHandler = nil
        }
    }
}

`;
  }

  backgroundUploader(entity: string, withMistakes: boolean): string {
    return `final class ${entity}Uploader: NSObject, URLSessionTaskDelegate {
    private let session: URLSession

    override init() {
        let configuration = URLSessionConfiguration.background(withIdentifier: "com.example.app.${entity.toLowerCase()}.uploads")
        configuration.sharedContainerIdentifier = "group.com.example.app"
        session = URLSession(configuration: configuration, delegate: nil, delegateQueue: nil)
        super.init()
    }

    func upload(_ ${this.lowerFirst(entity)}: ${entity}, to url: URL) throws {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body = try JSONEncoder().encode(${this.lowerFirst(entity)})
${withMistakes ? `        session.uploadTask(with: request, from: body).resume()` : `        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try body.write(to: file)
        session.uploadTask(with: request, fromFile: file).resume()`}
    }
}

`;
  }

  appDelegate(withMistakes: boolean): string {
    return `@main
class AppDelegate: UIResponder, UIApplicationDelegate {
    var window: UIWindow?

    func application(_ application: UIApplication, didFinishLaunchingWithOptions launchOptions: [UIApplication.LaunchOptionsKey: Any]?) -> Bool {
        window = UIWindow(frame: UIScreen.main.bounds)
        window?.makeKeyAndVisible()
        return true
    }

    func application(_ application: UIApplication, handleEventsForBackgroundURLSession identifier: String, completionHandler: @escaping () -> Void) {
        DownloadCoordinator.shared.backgroundCompletionHandler = completionHandler
    }

    func applicationDidEnterBackground(_ application: UIApplication) {
${withMistakes ? '        exit(0)\n' : '        DownloadCoordinator.shared.saveState()\n'}    }
}

`;
  }
}

type FileKind = 'viewController' | 'swiftUI' | 'viewModel' | 'model' | 'repository' | 'extensions' | 'network';

const kindWeights: [FileKind, number][] = [
  ['viewController', 0.24],
  ['swiftUI', 0.16],
  ['viewModel', 0.15],
  ['model', 0.2],
  ['repository', 0.1],
  ['extensions', 0.1],
  ['network', 0.05],
];

/** Writes the tree into `dir` (which must exist) and describes it. Same options, same bytes. */
export function synthesizeSwiftTree(dir: string, options: SynthesizeOptions = {}): SynthesizedTree {
  const fileCount = options.files ?? 4000;
  const averageBytes = options.averageBytes ?? 5700;
  const next = random(options.seed ?? 20241126);
  const swift = new SwiftWriter(next);
  let bytes = 0;
  let urlSessionFiles = 0;
  const names = new Set<string>();

  for (let index = 0; index < fileCount; index++) {
    const feature = features[index % features.length];
    const entity = swift.pick(entities);
    let roll = next();
    let kind: FileKind = 'model';
    for (const [candidate, weight] of kindWeights) {
      if (roll < weight) {
        kind = candidate;
        break;
      }
      roll -= weight;
    }
    // Sizes vary like real files: many small, a few large (log-normal, mean `averageBytes`).
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    const target = Math.min(60_000, Math.max(900, Math.round((averageBytes * Math.exp(0.6 * normal)) / Math.exp(0.18))));

    const folder = index % 10 === 9
      ? join('Packages', `${feature}Kit`, 'Sources', `${feature}Kit`)
      : index % 23 === 22
        ? join('Tests', `${feature}Tests`)
        : join('App', 'Features', feature, { viewController: 'Views', swiftUI: 'Views', viewModel: 'ViewModels', model: 'Models', repository: 'Services', extensions: 'Support', network: 'Networking' }[kind]);
    const suffix = { viewController: 'ViewController', swiftUI: 'View', viewModel: 'ViewModel', model: '', repository: 'Repository', extensions: '+Helpers', network: 'Networking' }[kind];
    let fileName = `${entity}${suffix}.swift`;
    for (let n = 2; names.has(join(folder, fileName)); n++) fileName = `${entity}${suffix}${n}.swift`;
    names.add(join(folder, fileName));

    const imports = kind === 'swiftUI' ? 'import SwiftUI\n' : kind === 'model' || kind === 'extensions' ? 'import Foundation\n' : 'import UIKit\nimport Combine\n';
    let text = swift.header(fileName, feature) + imports + '\n';
    const main: Record<FileKind, () => string> = {
      viewController: () => swift.viewController(entity, feature) + swift.cell(entity),
      swiftUI: () => swift.swiftUIView(entity),
      viewModel: () => swift.viewModel(entity),
      model: () => swift.model(entity),
      repository: () => swift.repository(entity),
      extensions: () => swift.extensions(),
      network: () => {
        const variant = swift.int(0, 5);
        const mistakes = next() < 0.5;
        if (variant <= 2) return swift.sharedSessionClient(entity);
        if (variant === 3) return swift.backgroundDownloader(entity, mistakes);
        if (variant === 4) return swift.backgroundUploader(entity, mistakes);
        return swift.appDelegate(mistakes) + swift.sharedSessionClient(entity);
      },
    };
    text += main[kind]();
    // Fill to the target size with more of what such files hold, none of it networking.
    const fillers = [() => swift.stateMachine(swift.pick(entities)), () => swift.extensions(), () => swift.model(swift.pick(entities))];
    while (text.length < target) text += swift.pick(fillers)();
    if (kind === 'network') urlSessionFiles++;

    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, fileName), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: fileCount, bytes, urlSessionFiles };
}

export interface GeneratedOptions {
  /** Size of each generated file, in MB. */
  megabytes?: number[];
  seed?: number;
}

/**
 * An SDK package whose API client is generated: a few Swift files of several MB each, with one
 * `#if` pair near the top and no other `#` line (per-line searches for `#` go quadratic there).
 * The first (largest) file also holds a background download manager, so it must be parsed; the
 * others are models only.
 */
export function synthesizeGeneratedSdk(dir: string, options: GeneratedOptions = {}): SynthesizedTree {
  const sizes = options.megabytes ?? [3, 1.5, 0.5];
  const next = random(options.seed ?? 20261203);
  const swift = new SwiftWriter(next);
  const sources = join(dir, 'Sources', 'ExampleAPI', 'Generated');
  mkdirSync(sources, { recursive: true });
  writeFileSync(join(dir, 'Package.swift'), `// swift-tools-version:5.7\nimport PackageDescription\n\nlet package = Package(\n    name: "ExampleAPI",\n    platforms: [.iOS(.v14)],\n    products: [.library(name: "ExampleAPI", targets: ["ExampleAPI"])],\n    targets: [.target(name: "ExampleAPI")]\n)\n`);
  let bytes = 0;
  for (const [index, megabytes] of sizes.entries()) {
    const name = index === 0 ? 'APIClient.swift' : `Models${index}.swift`;
    let text = `// Generated by an OpenAPI generator. Do not edit.\n\nimport Foundation\n#if canImport(FoundationNetworking)\nimport FoundationNetworking\n#endif\n\n`;
    if (index === 0) text += swift.sharedSessionClient('Generated') + swift.backgroundDownloader('Generated', false);
    for (let model = 0; text.length < megabytes * 1024 * 1024; model++) {
      const entity = `${swift.pick(entities)}${model}`;
      const fields = swift.properties(swift.int(4, 12));
      text += `public struct ${entity}Model: Codable, Hashable {\n${fields.map(([field, type]) => `    public var ${field}: ${type}`).join('\n')}\n\n`;
      text += `    public enum CodingKeys: String, CodingKey {\n${fields.map(([field]) => `        case ${field} = "${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}"`).join('\n')}\n    }\n\n`;
      text += `    public init(${fields.map(([field, type]) => `${field}: ${type}`).join(', ')}) {\n${fields.map(([field]) => `        self.${field} = ${field}`).join('\n')}\n    }\n}\n\n`;
      if (index === 0) {
        text += `extension GeneratedAPIClient {\n    public func get${entity}(id: String, completion: @escaping (Result<${entity}Model, Error>) -> Void) {\n        let url = baseURL.appendingPathComponent("${entity.toLowerCase()}/\\(id)")\n        fetch(url, as: ${entity}Model.self, completion: completion)\n    }\n}\n\n`;
      }
    }
    writeFileSync(join(sources, name), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: sizes.length, bytes, urlSessionFiles: 1 };
}

export interface ManyProjectsOptions {
  projects?: number;
  /** Swift files per project besides the networking ones. */
  filesPerProject?: number;
  seed?: number;
}

/**
 * A folder of many small app projects (XcodeGen specs) whose type names repeat: each has its own
 * `DownloadManager` with a background session, a `SessionManager`, `Networking`, an app delegate
 * handling background events, and everyday files that call those names. Names of one project must
 * never pull in files of another.
 */
export function synthesizeManyProjects(dir: string, options: ManyProjectsOptions = {}): SynthesizedTree {
  const projects = options.projects ?? 40;
  const filesPerProject = options.filesPerProject ?? 60;
  const next = random(options.seed ?? 20261204);
  const swift = new SwiftWriter(next);
  let bytes = 0;
  let files = 0;
  let urlSessionFiles = 0;
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  for (let project = 0; project < projects; project++) {
    const name = `App${String(project).padStart(3, '0')}`;
    const root = join(dir, name);
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'project.yml'), `name: ${name}\ntargets:\n  ${name}:\n    type: application\n    platform: iOS\n    sources: [Sources]\n`);
    const sources = join(root, 'Sources');
    const mistakes = next() < 0.5;
    write(join(sources, 'Networking', 'DownloadManager.swift'), `import Foundation\n\n${swift.backgroundDownloader('', mistakes).replace('com.example.app..downloads', `com.example.${name.toLowerCase()}.downloads`)}`);
    write(join(sources, 'Networking', 'SessionManager.swift'), `import Foundation\n\n${swift.sharedSessionClient('Session')}\nfinal class SessionManager {\n    static let shared = SessionManager()\n    let downloads = DownloadManager.shared\n}\n`);
    write(join(sources, 'Networking', 'Networking.swift'), `import Foundation\n\nenum Networking {\n    static func download(_ url: URL) {\n        SessionManager.shared.downloads.download(url) { _ in }\n    }\n}\n`);
    write(join(sources, 'AppDelegate.swift'), `import UIKit\n\n${swift.appDelegate(mistakes).replace(/DownloadCoordinator/g, 'DownloadManager')}`);
    urlSessionFiles += 4;
    for (let index = 0; index < filesPerProject; index++) {
      const entity = swift.pick(entities);
      // A third of the everyday files call the shared names; the rest never mention them.
      const calls = index % 3 === 0 ? `\nextension ${entity}ViewModel {\n    func fetchAttachment(_ url: URL) {\n        Networking.download(url)\n        _ = DownloadManager.shared\n    }\n}\n` : '';
      write(join(sources, 'Features', `${entity}${index}.swift`), `import Foundation\nimport Combine\n\n${swift.viewModel(entity)}${swift.model(entity)}${calls}`);
    }
  }
  return { files, bytes, urlSessionFiles };
}
