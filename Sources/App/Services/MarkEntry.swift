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

    static func write(on db: any Database, actor: CurrentActor, journal j: JournalContext, lesson: Lesson, pupilID: UUID,
                      raw: String, reason: String?, now: Date = Date()) async throws -> Written {
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
        let mayWrite = actor.decide(.write(.marks), target).allowed
        // The deputy head (or head) may correct a locked period, with a reason.
        let controller = actor.has(.deputyHead) || actor.has(.head)
        if !mayWrite && !(controller && actor.decide(.read(.marks), target).allowed) { throw Failure.forbidden }

        // A closed school year is frozen for everyone: its archive has been written.
        if let year = try await AcademicYear.find(j.academicYearID, on: db), year.status != .open {
            throw Failure.rule(.yearClosed(title: year.title))
        }
        let periods = try await JournalQueries.periods(on: db, j)
        let period = periods.first { $0.startsOn <= lesson.date && lesson.date <= $0.endsOn }
        var locked = false
        if let period, let c = j.classGroupID {
            locked = try await PeriodLock.query(on: db).filter(\.$period.$id == period.id!).filter(\.$classGroup.$id == c).count() > 0
        }
        let trimmedReason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if locked {
            guard controller else { throw Failure.rule(.periodLocked(title: period?.title ?? "")) }
            guard trimmedReason != nil else { throw Failure.rule(.reasonRequired) }
        } else if !mayWrite {
            throw Failure.forbidden
        }

        let entry: CellEntry
        // Programme groups record words of assessment on their verbal scale; class journals follow the policy.
        switch MarkRules.interpret(raw, scale: j.scale, grade: j.grade ?? 0, marksAllowed: j.groupID != nil ? true : j.marksAllowed) {
        case .success(let e): entry = e
        case .failure(let e): throw Failure.rule(e)
        }

        let lessonID = lesson.id!
        let current = try await MarkEvent.query(on: db).filter(\.$lesson.$id == lessonID).filter(\.$pupil.$id == pupilID)
            .sort(\.$recordedAt, .descending).first()
        let currentSet = current?.action == .set ? current : nil
        let attendance = try await Attendance.query(on: db).filter(\.$lesson.$id == lessonID).filter(\.$pupil.$id == pupilID).first()

        // Changing or removing a mark given on an earlier day needs a reason.
        let zone = TimeZone(identifier: "Europe/Moscow")!
        let stale = currentSet.map { LocalDate.today(in: zone, now: $0.recordedAt) < LocalDate.today(in: zone, now: now) } ?? false
        let reasonMissing = stale && trimmedReason == nil
        var weight = 1.0
        if let w = lesson.$workType.id, let wt = try await WorkType.find(w, on: db) { weight = wt.weight }
        let workWeight = weight

        @Sendable func event(_ action: MarkEventAction, value: String?, verbal: String?, weight: Double) -> MarkEvent {
            MarkEvent(schoolID: j.schoolID, lessonID: lessonID, pupilID: pupilID, curriculumItemID: j.curriculumItemID,
                      date: lesson.date, action: action, value: value, verbal: verbal, markScaleID: j.scaleID, weight: weight,
                      workTypeID: lesson.$workType.id, authorID: actor.userID, recordedAt: now, reason: trimmedReason)
        }

        try await db.writeTransaction { tx in
            switch entry {
            case .mark(let v):
                if currentSet?.value == v { break }
                if reasonMissing { throw Failure.rule(.reasonRequired) }
                try await event(.set, value: v, verbal: nil, weight: j.scale.inAverage ? workWeight : 0).create(on: tx)
                if let attendance, attendance.status != .late { try await attendance.delete(on: tx) }
            case .verbal(let text):
                if currentSet?.verbal == text { break }
                if reasonMissing { throw Failure.rule(.reasonRequired) }
                try await event(.set, value: nil, verbal: text, weight: 0).create(on: tx)
            case .attendance(let status):
                if let currentSet, status != .late {
                    // An absent pupil has no mark for the lesson.
                    if reasonMissing { throw Failure.rule(.reasonRequired) }
                    try await event(.delete, value: nil, verbal: nil, weight: 0).create(on: tx)
                }
                if let attendance {
                    attendance.status = status
                    attendance.recordedBy = actor.userID
                    try await attendance.save(on: tx)
                } else {
                    let a = Attendance()
                    a.schoolID = j.schoolID; a.$lesson.id = lessonID; a.$pupil.id = pupilID; a.status = status; a.recordedBy = actor.userID
                    try await a.create(on: tx)
                }
            case .clear:
                if let currentSet {
                    if reasonMissing { throw Failure.rule(.reasonRequired) }
                    try await event(.delete, value: nil, verbal: nil, weight: 0).create(on: tx)
                }
                if let attendance { try await attendance.delete(on: tx) }
            }
        }
        let cells = try await JournalQueries.cells(on: db, schoolID: j.schoolID, lessonIDs: [lessonID])
        return Written(display: JournalQueries.display(cells, lesson: lessonID, pupil: pupilID),
                       events: cells.history[JournalQueries.Cells.key(lessonID, pupilID)] ?? 0)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
