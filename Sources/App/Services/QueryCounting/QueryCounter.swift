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
