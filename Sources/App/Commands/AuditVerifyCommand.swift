import Foundation
import Vapor

/// `kopilka audit-verify`: walks every school's audit chain; the first broken link is reported with exit code 1.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Проверяет целостность журнала действий с персональными данными (цепочку хешей)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            let n = try await AuditLog.verify(on: context.application.db)
            context.console.print("Журнал действий цел: проверено \(n) событий.")
        } catch let broken as AuditLog.Break {
            FileHandle.standardError.write(Data("Журнал действий нарушен: \(broken)\n".utf8))
            throw ExitCode(1)
        }
    }
}
