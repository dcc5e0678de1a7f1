import Foundation
import Vapor

/// `kopilka backup <file.zip>`: a consistent online copy of the database and every stored file, with a manifest of
/// SHA-256 checksums; the server may keep serving meanwhile.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "куда записать резервную копию (.zip)")
        var file: String
    }

    var help: String { "Делает резервную копию: база данных, файлы, контрольные суммы (kopilka restore восстанавливает)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            let started = Date()
            let m = try await Backup.create(app: context.application, to: signature.file) { context.console.print("… \($0)") }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: signature.file)[.size] as? Int) ?? 0
            context.console.print("Резервная копия записана в \(signature.file): \(m.files.count) файлов, \(bytes / 1024) КБ, "
                + "\(String(format: "%.1f", Date().timeIntervalSince(started))) с.")
        } catch let f as Backup.Failure {
            FileHandle.standardError.write(Data("Резервная копия не сделана: \(f)\n".utf8))
            throw ExitCode(1)
        }
    }
}

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
