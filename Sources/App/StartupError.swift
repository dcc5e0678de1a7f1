import Foundation
import Logging
import Vapor

/// Turns driver errors into one line a school's IT admin can act on.
enum StartupError {
    static func describe(_ error: any Error, config: AppConfig) -> String {
        let text = String(reflecting: error)
        if config.databaseKind == .postgresql {
            if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect(descriptor:")
                || text.contains("NIOConnectionError") || text.contains("connectTimeout") {
                return "DATABASE_URL: сервер PostgreSQL не отвечает по указанному адресу"
            }
            if text.contains("28P01") || text.contains("password authentication failed") {
                return "DATABASE_URL: PostgreSQL отклонил имя пользователя или пароль"
            }
            if text.contains("3D000") {
                return "DATABASE_URL: такой базы данных на сервере PostgreSQL нет"
            }
            if text.contains("PSQLError") { return "DATABASE_URL: ошибка PostgreSQL (\(text.prefix(300)))" }
        }
        if let sqlite = text.range(of: "SQLiteError") {
            return "база SQLite в \(config.sqlitePath): \(text[sqlite.lowerBound...].prefix(200))"
        }
        return String(describing: error)
    }
}
