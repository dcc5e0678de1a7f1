import Domain
import Fluent
import Foundation
import Vapor

/// Closing a period for a class, and reopening it (issue 17): what is unfinished is shown first, a close before the
/// period's end needs a stated reason, a reopening always does; both are one transaction with their audit event.
/// While a period is locked, everything dated in it — lessons, marks, attendance, period marks, УУД levels — is
/// refused (LessonRules.lockedPeriod, PeriodMarkController, IndicatorController ask the same lock).
enum PeriodClose {
    /// One subject of the class in the preview: how far its period marks (and, for the year, attestation) are.
    struct SubjectRow: Encodable, Sendable {
        let subject: String
        let teacher: String
        let pupils: Int
        let posted: Int
        let proposed: Int
        let attested: Int?
        let href: String
        /// Every pupil has a posted final mark (and, for the year, an attestation result).
        let complete: Bool
    }

    struct Preview: Sendable {
        let pupils: Int
        let subjects: [SubjectRow]
        /// Pupils with at least one УУД level recorded for the period.
        let withIndicators: Int
        let lessons: Int
        let marks: Int
    }

    struct Problem: Error, CustomStringConvertible { let description: String }

    /// The pupils enrolled in the class at some time during the period.
    static func pupils(on db: any Database, classID: UUID, period: Period) async throws -> [UUID] {
        try await Enrolment.query(on: db).filter(\.$classGroup.$id == classID).all()
            .filter { $0.overlaps(period.startsOn, period.endsOn) }.map { $0.$pupil.id }
    }

    static func preview(on db: any Database, classGroup c: ClassGroup, period: Period) async throws -> Preview {
        let pupils = Set(try await pupils(on: db, classID: c.id!, period: period))
        let items = try await CurriculumItem.query(on: db).filter(\.$classGroup.$id == c.id!).with(\.$subject).with(\.$markScale).with(\.$teacher).all()
            .sorted { $0.subject.sort < $1.subject.sort }
        let marked = items.filter { $0.markScale.kind != .verbal }
        let itemIDs = marked.compactMap(\.id)
        let finals = try await PeriodMark.query(on: db).filter(\.$period.$id == period.id!).filter(\.$curriculumItem.$id ~~ itemIDs).all()
            .filter { pupils.contains($0.$pupil.id) }
        let byItem = Dictionary(grouping: finals, by: { $0.$curriculumItem.id })
        var attestedByItem: [UUID: Int] = [:]
        if period.kind == .year {
            let results = try await AttestationResult.query(on: db).filter(\.$curriculumItem.$id ~~ itemIDs)
                .filter(\.$academicYear.$id == period.$academicYear.id).all().filter { pupils.contains($0.$pupil.id) }
            attestedByItem = Dictionary(grouping: results, by: { $0.$curriculumItem.id }).mapValues { Set($0.map { $0.$pupil.id }).count }
        }
        let rows = marked.map { item -> SubjectRow in
            let own = byItem[item.id!] ?? []
            let posted = Set(own.filter { $0.status != .proposed && $0.finalValue != nil }.map { $0.$pupil.id }).count
            let proposed = Set(own.filter { $0.status == .proposed }.map { $0.$pupil.id }).count
            let attested = period.kind == .year ? (attestedByItem[item.id!] ?? 0) : nil
            return SubjectRow(subject: item.subject.name, teacher: item.teacher?.name.short ?? "—", pupils: pupils.count, posted: posted,
                              proposed: proposed, attested: attested,
                              href: RouteTable.journalsClassPeriodMarks.path(item.id!) + "?period=\(period.id!.uuidString.lowercased())",
                              complete: posted >= pupils.count && (attested.map { $0 >= pupils.count } ?? true))
        }
        let withIndicators = Set(try await IndicatorLevel.query(on: db).filter(\.$period.$id == period.id!)
            .filter(\.$pupil.$id ~~ Array(pupils)).all().map { $0.$pupil.id }).count
        let lessonRows = try await Lesson.query(on: db).filter(\.$curriculumItem.$id ~~ items.compactMap(\.id))
            .filter(\.$date >= period.startsOn).filter(\.$date <= period.endsOn).all()
        let marks = try await MarkEvent.query(on: db).filter(\.$lesson.$id ~~ lessonRows.compactMap(\.id)).all().currentMarks.count
        return Preview(pupils: pupils.count, subjects: rows, withIndicators: withIndicators, lessons: lessonRows.count, marks: marks)
    }

    /// Closes `period` for the class. Refused before the period's end without a reason, and in a closed year; a second
    /// close (a double click) finds it closed and does nothing. Returns false when it was already closed.
    @discardableResult
    static func close(on db: any Database, audit: AuditContext, classGroup c: ClassGroup, period: Period, reason: String?,
                      lockedBy: UUID, today: LocalDate) async throws -> Bool {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let refusal = Closing.periodRefusal(today: today, periodEnd: period.endsOn, title: period.title, reason: reason) {
            throw Problem(description: refusal)
        }
        let classID = c.id!, periodID = period.id!
        return try await db.writeTransaction { tx in
            // Decided on the committed rows, under the class's period lock: a second click finds the period locked.
            try await tx.lock("period-lock:\(classID):\(periodID)")
            if let closed = try await AcademicYear.closedTitle(on: tx, id: period.$academicYear.id) {
                throw Problem(description: "\(closed) учебный год закрыт: его периоды закрыты вместе с ним")
            }
            guard try await !PeriodLock.isLocked(on: tx, classID: classID, periodID: periodID) else { return false }
            let lock = PeriodLock(schoolID: audit.schoolID, periodID: periodID, classGroupID: classID, lockedBy: lockedBy)
            let early = today <= period.endsOn
            lock.reason = early ? reason : (reason?.isEmpty == false ? reason : nil)
            try await lock.create(on: tx)
            let items = try await CurriculumItem.query(on: tx).filter(\.$classGroup.$id == classID).all().compactMap(\.id)
            if !items.isEmpty {
                try await PeriodMark.query(on: tx).filter(\.$period.$id == periodID).filter(\.$curriculumItem.$id ~~ items)
                    .filter(\.$status == .posted).set(\.$status, to: .locked).update()
            }
            try await AuditLog.append(audit, on: tx, action: "lock", objectKind: "period", objectID: periodID, pupilID: nil,
                                      details: "\(c.title), \(period.title)" + (early ? " до окончания (\(period.endsOn.russian)): \(reason ?? "")" : ""))
            return true
        }
    }

    /// Reopens a locked period for the class, with a reason (the audit event keeps it). Not in a closed year: that
    /// year's journals are its archive.
    static func reopen(on db: any Database, audit: AuditContext, classGroup c: ClassGroup, period: Period, reason: String?) async throws {
        if let refusal = Closing.reopenRefusal(reason: reason) { throw Problem(description: refusal) }
        let reason = reason!.trimmingCharacters(in: .whitespacesAndNewlines)
        let classID = c.id!, periodID = period.id!
        try await db.writeTransaction { tx in
            try await tx.lock("period-lock:\(classID):\(periodID)")
            if let closed = try await AcademicYear.closedTitle(on: tx, id: period.$academicYear.id) {
                throw Problem(description: "\(closed) учебный год закрыт: его периоды не открываются")
            }
            guard let lock = try await PeriodLock.query(on: tx).filter(\.$period.$id == periodID).filter(\.$classGroup.$id == classID).first() else {
                return  // already open (a double click)
            }
            try await lock.delete(on: tx)
            let items = try await CurriculumItem.query(on: tx).filter(\.$classGroup.$id == classID).all().compactMap(\.id)
            if !items.isEmpty {
                try await PeriodMark.query(on: tx).filter(\.$period.$id == periodID).filter(\.$curriculumItem.$id ~~ items)
                    .filter(\.$status == .locked).set(\.$status, to: .posted).update()
            }
            try await AuditLog.append(audit, on: tx, action: "reopen", objectKind: "period", objectID: periodID, pupilID: nil,
                                      details: "\(c.title), \(period.title): \(reason)")
        }
    }
}
