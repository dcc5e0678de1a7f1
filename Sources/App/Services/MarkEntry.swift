import Domain
import Fluent
import Foundation
import Vapor

/// Writes one journal cell: a mark, a word of assessment, an absence, or clearing. Marks are append-only events;
/// a change or deletion of a mark from an earlier day needs a reason (2.4: nothing silently overwritten).
enum MarkEntry {
    enum Failure: Error {
        case rule(MarkError)
        case forbidden
        case notFound
    }

    struct Written: Content {
        let display: String
        let events: Int
    }

    /// What a cell shows now and how many events its history holds (the answer to the grid).
    static func written(on db: any Database, schoolID: UUID, lessonID: UUID, pupilID: UUID) async throws -> Written {
        let cells = try await JournalQueries.cells(on: db, schoolID: schoolID, lessonIDs: [lessonID], pupilID: pupilID)
        return Written(display: JournalQueries.display(cells, lesson: lessonID, pupil: pupilID),
                       events: cells.history[JournalQueries.Cells.key(lessonID, pupilID)] ?? 0)
    }

    /// One cell edit as one command: the reads it decides on, the Domain decision (`CellWrite.decide`), the writes and
    /// the audit event, in one write transaction. Writers of the same cell queue on its lock, so two identical submits
    /// (a double click, Enter then the focus leaving the cell) make one event, and the second finds nothing to do.
    static func write(on db: any Database, actor: CurrentActor, audit: AuditContext, journal j: JournalContext, lesson: Lesson,
                      pupilID: UUID, raw: String, reason: String?, details: String = "", now: Date = Date()) async throws -> Written {
        // The pupil must belong to the journal on the lesson's date.
        let members = try await JournalQueries.pupils(on: db, j, from: lesson.date, to: lesson.date)
        guard members.contains(where: { $0.pupil.id == pupilID }) else {
            let anyTime = try await JournalQueries.pupils(on: db, j, from: LocalDate(year: 1900, month: 1, day: 1)!,
                                                          to: LocalDate(year: 9999, month: 12, day: 31)!)
            if anyTime.contains(where: { $0.pupil.id == pupilID }) { throw Failure.rule(.outsideEnrolment(date: lesson.date)) }
            throw Failure.notFound
        }
        let facts = try await PupilQueries.facts(on: db, schoolID: j.schoolID, pupilID: pupilID, today: lesson.date)
        let target = Target.pupil(facts, subject: j.subjectID, group: j.groupID)
        let mayWrite = actor.may(.write(.marks), target)
        let mayCorrect = actor.may(.correctLockedPeriod, target)
        if !mayWrite && !mayCorrect { throw Failure.forbidden }

        let entry: CellEntry
        // Programme groups record words of assessment on their verbal scale; class journals follow the policy.
        switch MarkRules.interpret(raw, scale: j.scale, grade: j.grade ?? 0, marksAllowed: j.groupID != nil ? true : j.marksAllowed) {
        case .success(let e): entry = e
        case .failure(let e): throw Failure.rule(e)
        }
        let trimmedReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        // The periods holding the lesson's date (the quarter and the year around it): `LessonRules.lockedPeriod` decides.
        let holding = try await JournalQueries.periods(on: db, j).filter { $0.startsOn <= lesson.date && lesson.date <= $0.endsOn }
        var workTypeWeight: Double?
        if let w = lesson.$workType.id, let wt = try await WorkType.find(w, on: db) { workTypeWeight = wt.weight }
        let markWeight = MarkRules.weight(isMark: true, workTypeWeight: workTypeWeight, scale: j.scale)
        let lessonID = lesson.id!
        let zone = actor.timeZone

        @Sendable func event(_ action: MarkEventAction, value: String?, verbal: String?, weight: Double) -> MarkEvent {
            MarkEvent(schoolID: j.schoolID, lessonID: lessonID, pupilID: pupilID, curriculumItemID: j.curriculumItemID,
                      date: lesson.date, action: action, value: value, verbal: verbal, markScaleID: j.scaleID, weight: weight,
                      workTypeID: lesson.$workType.id, authorID: actor.userID, recordedAt: now, reason: trimmedReason)
        }

        return try await db.writeTransaction { tx in
            try await tx.lock("cell:\(lessonID):\(pupilID)")
            let year = try await AcademicYear.find(j.academicYearID, on: tx)
            let spans = try await JournalQueries.periodSpans(on: tx, j, periods: holding)
            let lockedTitle = LessonRules.lockedPeriod(on: lesson.date, among: spans)?.title
            let history = try await MarkEvent.query(on: tx).filter(\.$lesson.$id == lessonID).filter(\.$pupil.$id == pupilID).sort(\.$recordedAt).all()
            let attendance = try await Attendance.query(on: tx).filter(\.$lesson.$id == lessonID).filter(\.$pupil.$id == pupilID).first()
            let state = CellState(
                history: history.map { CellEvent(isSet: $0.action == .set, value: $0.value, verbal: $0.verbal,
                                                 recordedOn: LocalDate.today(in: zone, now: $0.recordedAt), recordedAt: $0.recordedAt) },
                attendance: attendance?.status, closedYear: year.flatMap { $0.status == .open ? nil : $0.title },
                lockedPeriod: lockedTitle, mayCorrectLocked: mayCorrect, today: LocalDate.today(in: zone, now: now))
            switch CellWrite.decide(entry, state: state, reason: trimmedReason) {
            case .refuse(let e):
                throw Failure.rule(e)
            case .nothingToDo:
                break
            case .apply(let changes):
                if lockedTitle == nil && !mayWrite { throw Failure.forbidden }
                for change in changes {
                    switch change {
                    case .appendMark(let v):
                        try await event(.set, value: v, verbal: nil, weight: markWeight).create(on: tx)
                    case .appendVerbal(let text):
                        try await event(.set, value: nil, verbal: text, weight: 0).create(on: tx)
                    case .appendDeletion:
                        try await event(.delete, value: nil, verbal: nil, weight: 0).create(on: tx)
                    case .setAttendance(let status):
                        if let attendance {
                            attendance.status = status
                            attendance.recordedBy = actor.userID
                            try await attendance.save(on: tx)
                        } else {
                            let a = Attendance()
                            a.schoolID = j.schoolID; a.$lesson.id = lessonID; a.$pupil.id = pupilID; a.status = status; a.recordedBy = actor.userID
                            try await a.create(on: tx)
                        }
                    case .removeAttendance:
                        if let attendance { try await attendance.delete(on: tx) }
                    }
                }
                try await AuditLog.append(audit, on: tx, action: "write", objectKind: "mark", objectID: lessonID, pupilID: pupilID,
                                     details: details)
            }
            return try await written(on: tx, schoolID: j.schoolID, lessonID: lessonID, pupilID: pupilID)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
