import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

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
