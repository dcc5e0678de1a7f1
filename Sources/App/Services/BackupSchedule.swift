import Domain
import Foundation
import Vapor

/// `serve` with `KOPILKA_BACKUP_DIR`: a backup every night at `KOPILKA_BACKUP_AT`, the newest `KOPILKA_BACKUP_KEEP`
/// kept. Each backup is one file `kopilka-YYYY-MM-DD-HHMM.zip`; a failed one is logged and retried the next night.
enum BackupSchedule {
    /// The next moment at hour:minute in `zone` strictly after `now`.
    static func next(after now: Date, hour: Int, minute: Int, zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var parts = calendar.dateComponents([.year, .month, .day], from: now)
        parts.hour = hour; parts.minute = minute; parts.second = 0
        let today = calendar.date(from: parts)!
        return today > now ? today : calendar.date(byAdding: .day, value: 1, to: today)!
    }

    static func fileName(_ date: Date, zone: TimeZone) -> String {
        let f = DateFormatter()
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd-HHmm"
        return "kopilka-\(f.string(from: date)).zip"
    }

    /// Deletes the oldest backups of the folder beyond `keep` (only files this schedule names).
    static func prune(_ dir: String, keep: Int) {
        let fm = FileManager.default
        let ours = ((try? fm.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix("kopilka-") && $0.hasSuffix(".zip") }.sorted()
        for old in ours.dropLast(keep) { try? fm.removeItem(atPath: (dir as NSString).appendingPathComponent(old)) }
    }

    struct Handler: LifecycleHandler {
        func didBootAsync(_ app: Application) async throws {
            let config = app.kopilkaConfig
            // Only the serving process backs up on schedule (not `demo`, `migrate` or a one-off `backup`).
            let command = app.environment.arguments.dropFirst().first ?? "serve"
            guard let dir = config.backupDirectory, command == "serve" || command.hasPrefix("-") else { return }
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let zone = SchoolTime.defaultZone
            app.logger.notice("Резервное копирование: каждый день в \(String(format: "%02d:%02d", config.backupHour, config.backupMinute)) в \(dir), хранить \(config.backupKeep)")
            let task = Task {
                while !Task.isCancelled {
                    let at = next(after: Date(), hour: config.backupHour, minute: config.backupMinute, zone: zone)
                    try? await Task.sleep(nanoseconds: UInt64(max(1, at.timeIntervalSinceNow) * 1_000_000_000))
                    if Task.isCancelled { break }
                    do {
                        let m = try await Backup.create(app: app, to: (dir as NSString).appendingPathComponent(fileName(Date(), zone: zone)))
                        prune(dir, keep: config.backupKeep)
                        app.logger.notice("Резервная копия сделана: \(m.files.count) файлов")
                    } catch {
                        app.logger.error("Резервная копия не сделана: \(error)")
                    }
                }
            }
            app.storage[TaskKey.self] = task
        }

        func shutdown(_ app: Application) {
            app.storage[TaskKey.self]?.cancel()
        }
    }

    struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }
}
