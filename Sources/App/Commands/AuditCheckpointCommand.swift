import Domain
import Foundation
import Vapor

/// `kopilka audit-checkpoint`: signs a checkpoint of every school's audit chain now, into `audit/checkpoints.jsonl`
/// beside the data (what `serve` does every `KOPILKA_AUDIT_CHECKPOINT_MINUTES`; for a cron job or before an upgrade).
struct AuditCheckpointCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Подписывает контрольную точку журнала действий каждой школы (audit/checkpoints.jsonl)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let made = try await AuditCheckpoints.make(app: context.application)
        for cp in made {
            context.console.print("Школа \(cp.school): контрольная точка на событии № \(cp.seq), хеш \(cp.hash.prefix(16))…")
        }
        context.console.print("Записано в \(AuditCheckpoints.path(context.application.kopilkaConfig)): \(RussianText.count(made.count, "школа", "школы", "школ")).")
    }
}
