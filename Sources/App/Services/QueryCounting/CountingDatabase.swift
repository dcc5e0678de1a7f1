import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

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
