import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

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
