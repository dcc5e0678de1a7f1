import Fluent
import SQLKit

extension Database {
    /// A transaction that writes. On SQLite it takes the write lock with its first statement, so it never starts as
    /// a reader and then fails to upgrade when another writer committed in between (SQLITE_BUSY_SNAPSHOT is answered
    /// at once, without the busy handler): writers queue on the lock, sleeping in SQLite's busy handler
    /// (`PRAGMA busy_timeout`, set on every connection), and each gets its turn. Inside an open transaction, and on
    /// PostgreSQL, it is the plain transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let takesLock = !inTransaction && (self as? any SQLDatabase)?.dialect.name == "sqlite"
        return try await transaction { tx in
            if takesLock, let sql = tx as? any SQLDatabase {
                // A write that changes nothing still opens the write transaction (RESERVED lock).
                try await sql.raw("UPDATE schools SET id = id WHERE 0").run()
            }
            return try await body(tx)
        }
    }
}

extension Database {
    /// Serialises writers of one thing (a journal cell, a one-time form token) inside the current write transaction.
    /// PostgreSQL: a transaction-scoped advisory lock on the key. SQLite: the write transaction already holds the
    /// database's only write lock, so there is nothing more to take.
    func lock(_ key: String) async throws {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(hashtextextended(\(bind: key), 0))").run()
    }
}
