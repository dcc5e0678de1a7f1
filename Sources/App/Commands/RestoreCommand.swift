import Fluent
import Foundation
import Vapor

/// `kopilka restore <file.zip>`: checks every checksum, then restores into an empty data directory or database.
/// Runs before the app opens the database (the SQLite file is put in place whole).
enum RestoreCommand {
    static func run(_ args: [String], config: AppConfig) -> Int32 {
        guard let file = args.first, !file.hasPrefix("-") else {
            FileHandle.standardError.write(Data("Укажите файл резервной копии: kopilka restore <файл.zip>\n".utf8))
            return 2
        }
        do {
            try Backup.restore(file, config: config) { print("… \($0)") }
            return 0
        } catch let f as Backup.Failure {
            FileHandle.standardError.write(Data("Восстановление не выполнено, ничего не изменено: \(f)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("Восстановление не выполнено: \(error)\n".utf8))
            return 1
        }
    }

    /// Credentials in a copy are as old as the copy: a session or an API token ended after it (a stolen laptop, a
    /// revoked integration) would live again. The first thing done to a restored database: every session ends and
    /// every API token is revoked — people sign in again, integrations get new tokens.
    static func endCredentials(_ app: Application, file: String, config: AppConfig) async -> Int32 {
        do {
            let (sessions, tokens) = try await app.db.writeTransaction { tx in
                let sessions = try await SessionRecord.query(on: tx).count()
                try await SessionRecord.query(on: tx).delete()
                let tokens = try await APIToken.query(on: tx).filter(\.$revokedAt == nil).count()
                try await APIToken.query(on: tx).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
                return (sessions, tokens)
            }
            print("… сеансов завершено: \(sessions), токенов API отозвано: \(tokens) — после восстановления все входят заново,"
                + " интеграциям нужны новые токены")
            print("Восстановлено из \(file). Запустите kopilka serve"
                + (config.databaseKind == .postgresql ? " (после kopilka migrate, если версия программы новее копии)." : "."))
            return 0
        } catch {
            FileHandle.standardError.write(Data(("Данные восстановлены, но старые сеансы и токены API не отозваны: \(error)."
                + " Не запускайте kopilka serve, пока это не исправлено: повторите восстановление в пустой каталог\n").utf8))
            return 1
        }
    }
}
