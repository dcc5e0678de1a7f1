import Domain
import Fluent
import SQLKit
import Foundation
import Vapor

enum JournalQueries {
    /// Resolves a journal of the actor's school; nil when it does not exist there (the caller answers 404).
    static func context(on db: any Database, schoolID: UUID, ref: JournalRef) async throws -> JournalContext? {
        switch ref {
        case .classSubject(let itemID), .individual(let itemID, _):
            guard let item = try await CurriculumItem.query(on: db).filter(\.$schoolID == schoolID).filter(\.$id == itemID)
                .with(\.$classGroup).with(\.$subject).with(\.$markScale).first() else { return nil }
            let policy = try await AssessmentPolicy.query(on: db).filter(\.$schoolID == schoolID)
                .filter(\.$academicYear.$id == item.classGroup.$academicYear.id).all()
                .first { $0.gradeFrom <= item.classGroup.grade && item.classGroup.grade <= $0.gradeTo }
            var pupilID: UUID?
            var title = "\(item.classGroup.title) · \(item.subject.name)"
            var kind = JournalKind.classJournal
            if case .individual(_, let p) = ref {
                guard let pupil = try await Pupil.query(on: db).filter(\.$schoolID == schoolID).filter(\.$id == p)
                    .filter(\.$homeSchooled == true).first(),
                      try await Enrolment.query(on: db).filter(\.$pupil.$id == p).filter(\.$classGroup.$id == item.$classGroup.id).count() > 0
                else { return nil }
                pupilID = p
                title = "\(pupil.name.full) · \(item.subject.name) (индивидуальный журнал)"
                kind = .individual
            }
            return JournalContext(
                ref: ref, schoolID: schoolID, kind: kind, title: title, classGroupID: item.classGroup.id, grade: item.classGroup.grade,
                subjectID: item.$subject.id, groupID: nil, curriculumItemID: item.id,
                scale: ScaleRule(kind: item.markScale.kind, allowed: item.markScale.allowedValues, inAverage: item.markScale.inAverage),
                scaleID: item.markScale.id, marksAllowed: (policy?.marksAllowed ?? true) && item.classGroup.grade > 1,
                teacherID: item.$teacher.id, academicYearID: item.classGroup.$academicYear.id, pupilID: pupilID)
        case .group(let groupID):
            guard let group = try await ProgramGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$id == groupID).first()
            else { return nil }
            return JournalContext(
                ref: ref, schoolID: schoolID, kind: group.kind == .course ? .extracurricular : .club, title: group.title,
                classGroupID: nil, grade: nil, subjectID: nil, groupID: groupID, curriculumItemID: nil,
                scale: ScaleRule(kind: .verbal, allowed: [], inAverage: false), scaleID: nil, marksAllowed: false,
                teacherID: group.$teacher.id, academicYearID: group.$academicYear.id, pupilID: nil)
        }
    }

    /// The periods of the journal's year that apply to its grade, in order.
    static func periods(on db: any Database, _ j: JournalContext) async throws -> [Period] {
        try await Period.query(on: db).filter(\.$schoolID == j.schoolID).filter(\.$academicYear.$id == j.academicYearID)
            .sort(\.$startsOn).all()
            .filter { p in j.grade.map { p.gradeFrom <= $0 && $0 <= p.gradeTo } ?? true }
    }

    /// `periods` of the journal as the rules see them, each locked or not for the journal's class, read on `db` (the
    /// command's transaction when a write decides on it).
    static func periodSpans(on db: any Database, _ j: JournalContext, periods: [Period]) async throws -> [PeriodSpan] {
        var locked = Set<UUID>()
        if let c = j.classGroupID, !periods.isEmpty {
            locked = Set(try await PeriodLock.query(on: db).filter(\.$classGroup.$id == c)
                .filter(\.$period.$id ~~ periods.compactMap(\.id)).all().map { $0.$period.id })
        }
        return periods.map { PeriodSpan(title: $0.title, startsOn: $0.startsOn, endsOn: $0.endsOn, locked: locked.contains($0.id!)) }
    }

    /// Pupils of the journal during [from, to], sorted as in a class list; home-schooled pupils have their own journals.
    static func pupils(on db: any Database, _ j: JournalContext, from: LocalDate, to: LocalDate) async throws -> [(pupil: Pupil, startsOn: LocalDate, endsOn: LocalDate?)] {
        var rows: [(Pupil, LocalDate, LocalDate?)] = []
        if let p = j.pupilID {
            let e = try await Enrolment.query(on: db).filter(\.$pupil.$id == p).filter(\.$classGroup.$id == j.classGroupID!).with(\.$pupil).all()
            rows = e.map { ($0.pupil, $0.startsOn, $0.endsOn) }
        } else if let c = j.classGroupID {
            let e = try await Enrolment.query(on: db).filter(\.$schoolID == j.schoolID).filter(\.$classGroup.$id == c).with(\.$pupil).all()
            rows = e.filter { !$0.pupil.homeSchooled }.map { ($0.pupil, $0.startsOn, $0.endsOn) }
        } else if let g = j.groupID {
            let m = try await GroupMembership.query(on: db).filter(\.$schoolID == j.schoolID).filter(\.$programGroup.$id == g).with(\.$pupil).all()
            rows = m.map { ($0.pupil, $0.startsOn, $0.endsOn) }
        }
        return rows.filter { $0.1 <= to && ($0.2.map { from <= $0 } ?? true) }
            .sorted { ($0.0.lastName, $0.0.firstName) < ($1.0.lastName, $1.0.firstName) }
            .map { (pupil: $0.0, startsOn: $0.1, endsOn: $0.2) }
    }

    /// Lessons of the journal between two dates, in order.
    static func lessons(on db: any Database, _ j: JournalContext, from: LocalDate, to: LocalDate) async throws -> [Lesson] {
        var q = Lesson.query(on: db).filter(\.$schoolID == j.schoolID).filter(\.$date >= from).filter(\.$date <= to)
        switch j.ref {
        case .classSubject(let i): q = q.filter(\.$curriculumItem.$id == i).filter(\.$pupil.$id == nil)
        case .individual(let i, let p): q = q.filter(\.$curriculumItem.$id == i).filter(\.$pupil.$id == p)
        case .group(let g): q = q.filter(\.$programGroup.$id == g)
        }
        return try await q.sort(\.$date).sort(\.$createdAt).all()
    }

    /// The current state of each cell: the latest mark event per (lesson, pupil), and attendance.
    struct Cells {
        var marks: [String: MarkEvent] = [:]      // "lesson|pupil" → latest event (a `delete` means empty)
        var history: [String: Int] = [:]          // number of events per cell
        var attendance: [String: AttendanceStatus] = [:]

        static func key(_ lesson: UUID, _ pupil: UUID) -> String { "\(lesson.uuidString)|\(pupil.uuidString)" }
    }

    /// With `pupilID`, one pupil's cells only (the answer to one saved cell).
    static func cells(on db: any Database, schoolID: UUID, lessonIDs: [UUID], pupilID: UUID? = nil) async throws -> Cells {
        var cells = Cells()
        guard !lessonIDs.isEmpty else { return cells }
        for chunk in lessonIDs.chunked(500) {
            let events = try await MarkEventRows.load(on: db) {
                let q = $0.where("school_id", .equal, SQLBind(schoolID)).where("lesson_id", .in, SQLBind.group(Array(chunk)))
                return pupilID.map { q.where("pupil_id", .equal, SQLBind($0)) } ?? q
            }
            for e in events {
                let k = Cells.key(e.$lesson.id, e.$pupil.id)
                cells.history[k, default: 0] += 1
                // 2.4: the cell shows its latest event (read in the order written), by the one rule in Domain.
                if let seen = cells.marks[k], !MarkHistory.replaces(e.recordedAt, seen.recordedAt) { continue }
                cells.marks[k] = e
            }
            let attendance = Attendance.query(on: db).filter(\.$schoolID == schoolID).filter(\.$lesson.$id ~~ Array(chunk))
            let att = try await (pupilID.map { attendance.filter(\.$pupil.$id == $0) } ?? attendance).all()
            for a in att { cells.attendance[Cells.key(a.$lesson.id, a.$pupil.id)] = a.status }
        }
        return cells
    }

    /// What a cell shows: the mark, a pencil for a word of assessment, the attendance code, or nothing.
    static func display(_ cells: Cells, lesson: UUID, pupil: UUID) -> String {
        let k = Cells.key(lesson, pupil)
        if let e = cells.marks[k], e.action == .set {
            if let v = e.value { return v }
            if e.verbal != nil { return "✎" }
        }
        if let a = cells.attendance[k], a != .present { return MarkRules.code(of: a) }
        return ""
    }
}

extension JournalQueries {
    /// The journals the actor may open: class journals, individual journals, programme-group journals.
    /// The journals of `year` (the current one by default) the actor may read; a closed year's with the pupils schooled
    /// at home at its end.
    static func available(on db: any Database, actor: CurrentActor, year chosen: AcademicYear? = nil) async throws -> [AvailableJournal] {
        var year = chosen
        if year == nil { year = try await SchoolQueries.currentYear(on: db, schoolID: actor.schoolID, today: actor.today) }
        guard let year else { return [] }
        var links: [AvailableJournal] = []
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == actor.schoolID)
            .join(ClassGroup.self, on: \CurriculumItem.$classGroup.$id == \ClassGroup.$id)
            .filter(ClassGroup.self, \.$academicYear.$id == year.id!)
            .with(\.$classGroup).with(\.$subject).all()
            .sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.subject.sort) < ($1.classGroup.grade, $1.classGroup.letter, $1.subject.sort) }
        let homeSchooled = try await Enrolment.query(on: db).filter(\.$schoolID == actor.schoolID)
            .join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id).filter(Pupil.self, \.$homeSchooled == true)
            .with(\.$pupil).all()
            .filter { $0.atEnd(of: year) }
        for item in items {
            guard actor.may(.read(.marks), actor.classRecords(item.classGroup.id!, grade: item.classGroup.grade, subject: item.$subject.id)) else { continue }
            links.append(.init(title: "\(item.classGroup.title) · \(item.subject.name)", kindKey: "journal.kind.class",
                               href: JournalRef.classSubject(itemID: item.id!).path))
            for e in homeSchooled where e.$classGroup.id == item.classGroup.id {
                links.append(.init(title: "\(e.pupil.name.short) · \(item.subject.name)", kindKey: "journal.kind.individual",
                                   href: JournalRef.individual(itemID: item.id!, pupilID: e.pupil.id!).path))
            }
        }
        let groups = try await ProgramGroup.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == year.id!).sort(\.$title).all()
        for g in groups {
            let journal = JournalFacts(schoolID: actor.schoolID, classGroup: nil, subjectID: nil, programGroupID: g.id!, pupilID: nil)
            guard actor.may(.read(.marks), .journal(journal)) else { continue }
            links.append(.init(title: g.title, kindKey: "group.kind.\(g.kind.rawValue)", href: JournalRef.group(groupID: g.id!).path))
        }
        return links
    }
}
