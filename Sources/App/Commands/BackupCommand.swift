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
