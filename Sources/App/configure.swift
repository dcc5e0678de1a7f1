import Domain
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOSSL
import SQLKit
import Vapor

/// Wires the application: databases, migrations, sessions, views, middleware, routes, commands.
/// Every command (serve, migrate, demo…) and every test goes through here.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.storage[AppConfigKey.self] = config
    app.storage[SchoolClockKey.self] = SchoolClock(fixed: config.fixedToday.flatMap(LocalDate.init))
    app.storage[YearCloseJobsKey.self] = YearCloseJobs()
    if let moved = config.fixedToday { app.logger.warning("KOPILKA_TODAY: the school calendar takes \(moved) as today") }
    try prepareDataDirectory(config.dataDirectory)

    // SQLite's statements, and its busy handler sleeping while another connection writes, run on this pool's threads.
    // Vapor's default is the process-wide pool of one thread per core: two writers waiting for the lock took both
    // threads and the writer holding it could not finish (20 concurrent submits answered 500 after the pool timeout).
    app.threadPool = NIOThreadPool(numberOfThreads: max(16, System.coreCount * 4))

    switch config.databaseKind {
    case .sqlite:
        // One connection per event loop; a request queues for it rather than failing: twenty submits at once on a busy
        // machine waited longer than the driver's default 10 s and answered 500 (issue 15's concurrency tests), and
        // twenty sign-ins at once past 30 s while the whole suite ran on two cores (each writer holds its loop's only
        // connection while it waits for SQLite's write lock). A minute, like a proxy's read timeout; more connections
        // for readers are issue 19's lever.
        app.databases.use(.sqlite(.file(config.sqlitePath), maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(60)), as: .sqlite)
    case .postgresql:
        let url = config.databaseURL!
        do {
            var pg = try SQLPostgresConfiguration(url: url)
            if !url.contains("sslmode=") { pg.coreConfiguration.tls = .disable }
            app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30)), as: .psql)
        } catch {
            throw ConfigError(variable: "DATABASE_URL", reason: "адрес не принят драйвером PostgreSQL (\(error))")
        }
    }
    if config.countQueries { countQueries(app) }
    app.migrations.add(Migrations.all)
    if config.databaseKind == .sqlite {
        try await applySQLitePragmas(app)
    }

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    // A password change or switching an account off takes back its sessions and tokens (issue 16).
    app.databases.middleware.use(CredentialsMiddleware())
    app.sessions.use(.fluent)
    app.sessions.configuration.cookieName = "kopilka_session"
    app.sessions.configuration.cookieFactory = { id in
        .init(string: id.string, expires: nil, maxAge: nil, path: "/", isSecure: config.secureCookies,
              isHTTPOnly: true, sameSite: .strict)
    }

    app.storage[LocalizationKey.self] = try Localization.load(from: app.directory.resourcesDirectory + "Localization/")
    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag()
    app.leaf.tags["plural"] = PluralTag()
    app.leaf.tags["path"] = PathTag()
    if app.environment == .production || app.environment == .testing { app.leaf.cache.isEnabled = true }

    app.middleware = .init()
    let inFlight = InFlightRequests()
    app.middleware.use(InFlightMiddleware(requests: inFlight))
    app.lifecycle.use(DrainRequests(requests: inFlight))
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    // Security headers outside the error pages, so a 403, 404, 414 or 500 carries them too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(RequestShapeMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(AuditVerifyCommand(), as: "audit-verify")
    app.asyncCommands.use(AuditCheckpointCommand(), as: "audit-checkpoint")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(SpravkaCommand(), as: "spravka")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(CloseYearCommand(), as: "close-year")
    app.asyncCommands.use(ArchiveVerifyCommand(), as: "archive-verify")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.asyncCommands.use(TokenCommand(), as: "token")
    app.asyncCommands.use(OneRosterCommand(), as: "oneroster")
    app.lifecycle.use(BackupSchedule.Handler())
    app.lifecycle.use(AuditCheckpoints.Handler())
    app.lifecycle.use(BlobStore.SweepOnStart())
    try routes(app)
}

/// The data directory must exist and be writable before anything else runs.
func prepareDataDirectory(_ path: String) throws {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isDir) {
        guard isDir.boolValue else {
            throw ConfigError(variable: "KOPILKA_DATA_DIR", reason: "«\(path)» — это файл, а нужен каталог")
        }
    } else {
        do {
            try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(variable: "KOPILKA_DATA_DIR", reason: "не удалось создать каталог «\(path)»")
        }
    }
    guard fm.isWritableFile(atPath: path) else {
        throw ConfigError(variable: "KOPILKA_DATA_DIR", reason: "каталог «\(path)» недоступен для записи")
    }
}

/// SQLite as the server uses it: the WAL journal (kept in the file), and on every pooled connection — one per event
/// loop — `synchronous=NORMAL` (safe with WAL: a power cut may lose the last commits, never corrupt the file).
/// The driver itself turns foreign keys on and installs a busy handler that waits for a writer instead of failing
/// with «database is locked», on each connection it opens. `SQLiteSettingsTests` reads all of it back per connection.
/// How long a SQLite writer waits for the write lock before «database is locked»: a minute, like the pool's wait. The
/// year close holds the lock for its one transaction (seconds in a release build, tens of seconds on a loaded machine):
/// a session or an audit write meanwhile waits for it instead of answering 500 (the head's own request did in CI).
let sqliteBusyTimeoutMilliseconds = 60_000

func applySQLitePragmas(_ app: Application) async throws {
    guard let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("PRAGMA journal_mode=WAL").run()
    for loop in app.eventLoopGroup.makeIterator() {
        guard let db = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
        try await db.raw("PRAGMA synchronous=NORMAL").run()
        // SQLite's own sleeping busy handler replaces the driver's spinning one: a writer waiting for the lock
        // sleeps (up to the timeout) instead of occupying a thread-pool thread the lock holder needs.
        try await db.raw("PRAGMA busy_timeout=\(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
    }
}

struct AppConfigKey: StorageKey { typealias Value = AppConfig }

extension Application {
    public var kopilkaConfig: AppConfig {
        storage[AppConfigKey.self] ?? AppConfig()
    }
}
