import Domain
import Fluent
import Foundation
import Vapor

/// `kopilka archive-verify <dir>`: checks a year archive against its manifest.
struct ArchiveVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "dir", help: "каталог архива года")
        var dir: String
    }

    var help: String { "Сверяет архив учебного года с его manifest.json" }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            let n = try YearClose.verifyArchive(signature.dir)
            context.console.print("Архив цел: \(n) файлов совпадают с manifest.json.")
        } catch {
            FileHandle.standardError.write(Data("Архив нарушен: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
