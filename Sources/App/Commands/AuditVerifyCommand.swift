import Domain
import Foundation
import Vapor

/// `kopilka audit-verify`: walks every school's audit chain and checks it against the signed checkpoints beside the
/// data (and those of `--checkpoints`, e.g. a backup's or a year archive's). Every break is reported; exit code 1.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "checkpoints", help: "Ещё один файл контрольных точек (audit/checkpoints.jsonl из копии, audit-checkpoint.json архива года)")
        var checkpoints: String?
    }

    var help: String { "Проверяет целостность журнала действий с персональными данными: цепочку хешей и подписанные контрольные точки" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var files = [AuditCheckpoints.path(app.kopilkaConfig)]
        if let extra = signature.checkpoints {
            guard FileManager.default.fileExists(atPath: extra) else {
                FileHandle.standardError.write(Data("Файл контрольных точек «\(extra)» не найден.\n".utf8))
                throw ExitCode(2)
            }
            files.append(extra)
        }
        var checkpoints: [AuditCheckpoint] = []
        var unreadable = 0
        for file in files {
            let (found, bad) = AuditCheckpoints.read(file)
            checkpoints += found
            unreadable += bad
        }
        let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints)
        var breaks = report.breaks.map(\.description)
        if unreadable > 0 {
            breaks.append("\(RussianText.count(unreadable, "строка", "строки", "строк")) файла контрольных точек не читается: файл повреждён или изменён")
        }
        let summary = "проверено \(RussianText.count(report.events, "событие", "события", "событий")), "
            + "\(RussianText.count(report.checkpoints, "контрольная точка", "контрольные точки", "контрольных точек"))"
            + (report.latestCheckpoint.map { " (последняя — № \($0.seq) от \($0.at))" } ?? "")
        guard breaks.isEmpty else {
            FileHandle.standardError.write(Data(("Журнал действий нарушен (\(RussianText.count(breaks.count, "нарушение", "нарушения", "нарушений"))):\n"
                + breaks.map { "  " + $0 + "\n" }.joined() + summary + ".\n").utf8))
            throw ExitCode(1)
        }
        context.console.print("Журнал действий цел: " + summary + ".")
        if checkpoints.isEmpty && report.events > 0 {
            context.console.print("Контрольных точек нет: удаление событий после последней проверки не обнаружить. Их пишет `kopilka serve` (каждые \(app.kopilkaConfig.auditCheckpointMinutes) мин), резервная копия и закрытие года.")
        }
    }
}
