import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// How many statements the application sent to its database: Fluent queries, schema changes and raw SQL alike.
/// Installed by `AppConfig.countQueries` around the configured database, so what is counted is what reaches the
/// driver — the queries-per-page test and `kopilka-bench` read it.
public final class QueryCounter: Sendable {
    private let value = NIOLockedValueBox(0)
    private let log = NIOLockedValueBox<[String]?>(nil)
    public init() {}
    public var count: Int { value.withLockedValue { $0 } }
    func add(_ what: @autoclosure () -> String) {
        value.withLockedValue { $0 += 1 }
        log.withLockedValue { if $0 != nil { $0!.append(what()) } }
    }
    /// The statements sent while `body` ran, as text (for a failing test's message).
    public func recording<T>(_ body: () async throws -> T) async rethrows -> (result: T, statements: [String]) {
        log.withLockedValue { $0 = [] }
        let result = try await body()
        return (result, log.withLockedValue { let l = $0 ?? []; $0 = nil; return l })
    }
    /// The statements sent while `body` ran.
    public func counting<T>(_ body: () async throws -> T) async rethrows -> (result: T, queries: Int) {
        let before = count
        let result = try await body()
        return (result, count - before)
    }
}

struct QueryCounterKey: StorageKey { typealias Value = QueryCounter }

extension Application {
    /// The counter, when `AppConfig.countQueries` installed one.
    public var queryCounter: QueryCounter? { storage[QueryCounterKey.self] }
}

/// Wraps the default database configuration so that every statement is counted.
func countQueries(_ app: Application) {
    guard let base = app.databases.configuration(), let id = app.databases.ids().first else { return }
    let counter = QueryCounter()
    app.storage[QueryCounterKey.self] = counter
    app.databases.use(CountingConfiguration(base: base, counter: counter), as: id, isDefault: true)
}

struct CountingConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let counter: QueryCounter
    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }
    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        CountingDriver(base: base.makeDriver(for: databases), counter: counter)
    }
}

struct CountingDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let counter: QueryCounter
    func makeDatabase(with context: DatabaseContext) -> any Database {
        CountingDatabase(base: base.makeDatabase(with: context), counter: counter)
    }
    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// A database that counts what it forwards; transactions and connections hand out counting databases too.
struct CountingDatabase: Database, SQLDatabase {
    let base: any Database
    let counter: QueryCounter
    private var sql: any SQLDatabase { base as! any SQLDatabase }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        counter.add("\(query.action) \(query.schema)")
        return base.execute(query: query, onOutput: onOutput)
    }
    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        counter.add("schema \(schema.schema)")
        return base.execute(schema: schema)
    }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        counter.add("enum \(`enum`.name)")
        return base.execute(enum: `enum`)
    }
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let counter = counter
        return base.transaction { closure(CountingDatabase(base: $0, counter: counter)) }
    }
    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let counter = counter
        return base.withConnection { closure(CountingDatabase(base: $0, counter: counter)) }
    }

    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var dialect: any SQLDialect { sql.dialect }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        counter.add(describe(query))
        return sql.execute(sql: query, onRow)
    }
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        counter.add(describe(query))
        try await sql.execute(sql: query, onRow)
    }

    private func describe(_ query: any SQLExpression) -> String {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        return String(serializer.sql.prefix(160))
    }
}
