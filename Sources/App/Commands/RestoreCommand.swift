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
            print("Восстановлено из \(file). Запустите kopilka serve"
                + (config.databaseKind == .postgresql ? " (после kopilka migrate, если версия программы новее копии)." : "."))
            return 0
        } catch let f as Backup.Failure {
            FileHandle.standardError.write(Data("Восстановление не выполнено, ничего не изменено: \(f)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("Восстановление не выполнено: \(error)\n".utf8))
            return 1
        }
    }
}
