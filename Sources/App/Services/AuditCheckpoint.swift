import Credentials
import Fluent
import Foundation
import Vapor

/// A signed statement that a school's audit chain had reached event `seq` with hash `hash` at `at`: the anchor of the
/// chain outside the database. Signed with the school's key (RSA-PSS, SHA-256); kept in `audit/checkpoints.jsonl`
/// beside the data, in every backup and in every year archive. Whoever rewrites the database — deletes events, empties
/// the table, recomputes the chain — cannot make the events up to a checkpoint hash to what the checkpoint says.
struct AuditCheckpoint: Codable, Equatable, Sendable {
    static let currentFormat = "kopilka-audit-checkpoint/1"

    var format: String
    var school: UUID
    var seq: Int
    var hash: String
    /// ISO 8601, UTC.
    var at: String
    /// The signing key (`signing_keys.id`) of the school.
    var key: UUID
    /// Base64, over `signedBytes`.
    var signature: String

    /// What the signature covers: each field length-prefixed, as the audit chain's own hash does.
    var signedBytes: Data {
        var out = Data()
        for text in [format, school.uuidString, String(seq), hash, at, key.uuidString] {
            let bytes = Array(text.utf8)
            withUnsafeBytes(of: UInt32(bytes.count).bigEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: bytes)
        }
        return out
    }

    var date: Date? { ISO8601DateFormatter().date(from: at) }
}

enum AuditCheckpoints {
    /// The file of checkpoints beside the data: one JSON object a line, appended to, never rewritten.
    static func path(_ config: AppConfig) -> String {
        (config.dataDirectory as NSString).appendingPathComponent("audit/checkpoints.jsonl")
    }

    /// Signs the latest event of each school's chain (or of `schoolID`'s) now, and appends each checkpoint to the file
    /// beside the data unless the file's latest for that school already says the same. Returns them (for a backup or a
    /// year archive to carry). A school without events gets none.
    @discardableResult
    static func make(app: Application, schoolID: UUID? = nil) async throws -> [AuditCheckpoint] {
        let db = app.db
        let schools: [UUID]
        if let schoolID { schools = [schoolID] } else { schools = try await School.query(on: db).all(\.$id) }
        let file = path(app.kopilkaConfig)
        let known = latest(read(file).checkpoints)
        var made: [AuditCheckpoint] = []
        var lines = ""
        var failures: [String] = []
        for school in schools {
            do {
                guard let last = try await AuditEvent.query(on: db).filter(\.$schoolID == school).sort(\.$seq, .descending).first() else { continue }
                if let prior = known[school] {
                    if prior.seq == last.seq, prior.hash == last.hash { made.append(prior); continue }
                    // Never sign a chain that no longer agrees with the last checkpoint: that would bless a rewrite.
                    let then = try await AuditEvent.query(on: db).filter(\.$schoolID == school).filter(\.$seq == prior.seq).first()
                    guard then?.hash == prior.hash else {
                        failures.append("школа \(school): событие № \(prior.seq) не совпадает с контрольной точкой от \(prior.at) — запустите kopilka audit-verify")
                        continue
                    }
                }
                let key = try await SigningKey.of(school, on: db)
                var cp = AuditCheckpoint(format: AuditCheckpoint.currentFormat, school: school, seq: last.seq, hash: last.hash,
                                         at: ISO8601DateFormatter().string(from: Date()), key: key.id!, signature: "")
                cp.signature = try DetachedSignature.sign(cp.signedBytes, privateKeyPEM: key.privatePEM)
                made.append(cp)
                lines += String(decoding: try line(cp), as: UTF8.self) + "\n"
            } catch {
                // One school's trouble (a damaged key) does not stop the others' checkpoints.
                failures.append("школа \(school): \(error)")
            }
        }
        if !lines.isEmpty { try append(lines, to: file) }
        for f in failures { app.logger.error("Контрольная точка журнала действий не подписана: \(f)") }
        return made
    }

    static func line(_ cp: AuditCheckpoint) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(cp)
    }

    /// Appends with O_APPEND: each write of a few lines lands whole, also from several instances sharing the folder.
    private static func append(_ text: String, to file: String) throws {
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { throw Failure("не удалось открыть «\(file)» для записи") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure("не удалось дописать «\(file)»") }
    }

    struct Failure: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }

    /// The checkpoints of a file: JSON lines (the file beside the data) or a JSON array (a year archive's
    /// `audit-checkpoint.json`). Lines that are not a checkpoint are counted, not trusted. A missing file has none.
    static func read(_ file: String) -> (checkpoints: [AuditCheckpoint], unreadable: Int) {
        guard let data = FileManager.default.contents(atPath: file) else { return ([], 0) }
        let decoder = JSONDecoder()
        if data.first == UInt8(ascii: "[") {
            guard let all = try? decoder.decode([AuditCheckpoint].self, from: data) else { return ([], 1) }
            return (all, 0)
        }
        var out: [AuditCheckpoint] = []
        var bad = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            if let cp = try? decoder.decode(AuditCheckpoint.self, from: Data(line)) { out.append(cp) } else { bad += 1 }
        }
        return (out, bad)
    }

    /// The checkpoint of the highest event number of each school.
    static func latest(_ all: [AuditCheckpoint]) -> [UUID: AuditCheckpoint] {
        var out: [UUID: AuditCheckpoint] = [:]
        for cp in all where (out[cp.school]?.seq ?? -1) < cp.seq { out[cp.school] = cp }
        return out
    }

    /// `serve` signs a checkpoint every `KOPILKA_AUDIT_CHECKPOINT_MINUTES` (when a chain moved) and once at start.
    struct Handler: LifecycleHandler {
        private struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }

        func didBootAsync(_ app: Application) async throws {
            // Only the serving process (not `demo`, `migrate`, a one-off command, nor the tests' in-process servers).
            let command = app.environment.arguments.dropFirst().first ?? "serve"
            // `--help` only prints: a checkpoint begun there raced the shutdown (the database gone under it).
            let serving = command == "serve" || (command.hasPrefix("-") && !["--help", "-h"].contains(command))
            guard app.environment != .testing, serving else { return }
            let minutes = app.kopilkaConfig.auditCheckpointMinutes
            app.storage[TaskKey.self] = Task {
                while !Task.isCancelled {
                    do { try await make(app: app) } catch { app.logger.error("Контрольная точка журнала действий не записана: \(error)") }
                    try? await Task.sleep(nanoseconds: UInt64(minutes) * 60 * 1_000_000_000)
                }
            }
        }

        func shutdown(_ app: Application) {
            app.storage[TaskKey.self]?.cancel()
        }
    }
}
