import Credentials
import Domain
import Fluent
import Foundation

extension AuditLog {
    /// One thing wrong with a school's chain.
    struct Break: CustomStringConvertible, Sendable {
        let schoolID: UUID
        /// The event it concerns (0: the school as a whole).
        let seq: Int
        let reason: String
        var description: String { "школа \(schoolID), " + (seq > 0 ? "событие № \(seq): " : "") + reason }
    }

    /// What `kopilka audit-verify` found: every break, not just the first.
    struct Verification: Sendable {
        var events = 0
        /// Events written before the canonical hash (issue 16), checked the way they were written.
        var legacyEvents = 0
        /// Signed checkpoints that were checked against the chain.
        var checkpoints = 0
        var latestCheckpoint: AuditCheckpoint?
        var breaks: [Break] = []
        var intact: Bool { breaks.isEmpty }
    }

    /// Walks every school's chain in order and checks it against the signed `checkpoints` (the file beside the data,
    /// a backup's, a year archive's). Reports each break: a changed event, a broken link, missing numbers, a chain
    /// whose hash at a checkpoint differs from the signed one (recomputed after a deletion or a rewrite), a chain
    /// shorter than a checkpoint says (truncated, or emptied), a checkpoint whose signature does not hold.
    static func verify(on db: any Database, checkpoints: [AuditCheckpoint] = []) async throws -> Verification {
        var report = Verification()
        let schools = try await School.query(on: db).all(\.$id)
        var signed: [UUID: [Int: AuditCheckpoint]] = [:]
        var keys: [UUID: SigningKey] = [:]
        for cp in checkpoints {
            if keys[cp.key] == nil { keys[cp.key] = try await SigningKey.find(cp.key, on: db) }
            guard let key = keys[cp.key], key.schoolID == cp.school else {
                report.breaks.append(Break(schoolID: cp.school, seq: 0, reason:
                    "ключа, которым подписана контрольная точка № \(cp.seq) от \(cp.at), нет в базе: ключ школы заменён или удалён"))
                continue
            }
            guard cp.format == AuditCheckpoint.currentFormat,
                  DetachedSignature.isValid(cp.signature, over: cp.signedBytes, privateKeyPEM: key.privatePEM) else {
                report.breaks.append(Break(schoolID: cp.school, seq: 0, reason:
                    "подпись контрольной точки № \(cp.seq) от \(cp.at) не сходится: точка подделана или изменена"))
                continue
            }
            // Two valid checkpoints of one number that disagree: the chain was rewritten and signed again since.
            if let earlier = signed[cp.school]?[cp.seq], earlier.hash != cp.hash {
                report.breaks.append(Break(schoolID: cp.school, seq: cp.seq, reason:
                    "две подписанные контрольные точки события № \(cp.seq) расходятся (\(earlier.at) и \(cp.at)): цепочка переписана и подписана заново"))
                continue
            }
            signed[cp.school, default: [:]][cp.seq] = cp
            if (report.latestCheckpoint?.at ?? "") < cp.at { report.latestCheckpoint = cp }
        }
        for school in Set(schools).union(signed.keys).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await verifyChain(of: school, on: db, signed: signed[school] ?? [:], exists: schools.contains(school), into: &report)
        }
        return report
    }

    private static func verifyChain(of school: UUID, on db: any Database, signed: [Int: AuditCheckpoint], exists: Bool,
                                    into report: inout Verification) async throws {
        func broken(_ seq: Int, _ reason: String) { report.breaks.append(Break(schoolID: school, seq: seq, reason: reason)) }
        var prev = genesis
        var expected = 1
        var last = 0
        var offset = 0
        while exists {
            let page = try await AuditEvent.query(on: db).filter(\.$schoolID == school)
                .sort(\.$seq, .ascending).range(offset..<(offset + 5000)).all()
            if page.isEmpty { break }
            for e in page {
                if e.seq > expected {
                    broken(e.seq, e.seq == expected + 1 ? "нет события № \(expected): удалено"
                                                        : "нет событий № \(expected)–\(e.seq - 1): удалены")
                } else if e.seq < expected {
                    broken(e.seq, "номер повторяется: событие вставлено")
                } else if e.prevHash != prev {
                    broken(e.seq, "ссылка на предыдущее событие не совпадает")
                }
                if hash(of: e) != e.hash { broken(e.seq, "содержимое события изменено после записи") }
                if let cp = signed[e.seq] {
                    report.checkpoints += 1
                    if cp.hash != e.hash {
                        broken(e.seq, "хеш не совпадает с подписанной контрольной точкой от \(cp.at): цепочка пересчитана после удаления или изменения событий")
                    }
                }
                if e.hashVersion != 2 { report.legacyEvents += 1 }
                prev = e.hash
                expected = max(expected, e.seq + 1)
                last = max(last, e.seq)
                report.events += 1
            }
            offset += page.count
        }
        guard let furthest = signed.values.max(by: { $0.seq < $1.seq }), furthest.seq > last else { return }
        report.checkpoints += 1
        if !exists {
            broken(0, "школы нет в базе, а подписанная контрольная точка от \(furthest.at) насчитывает \(RussianText.count(furthest.seq, "событие", "события", "событий")): школа удалена")
        } else if last == 0 {
            broken(0, "журнал пуст, а подписанная контрольная точка от \(furthest.at) насчитывает \(RussianText.count(furthest.seq, "событие", "события", "событий")): события удалены")
        } else {
            broken(last, "журнал обрезан: последнее событие № \(last), а подписанная контрольная точка от \(furthest.at) — № \(furthest.seq)")
        }
    }
}
