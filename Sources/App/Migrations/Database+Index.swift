import Fluent
import SQLKit

extension Database {
    /// Creates an index through SQLKit (Fluent's schema builder has none); the same SQL on SQLite and PostgreSQL.
    func createIndex(_ name: String, on table: String, _ columns: String...) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
