import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

struct CountingDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let counter: QueryCounter
    func makeDatabase(with context: DatabaseContext) -> any Database {
        CountingDatabase(base: base.makeDatabase(with: context), counter: counter)
    }
    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}
