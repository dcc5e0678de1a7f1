import Domain
import Fluent
import Foundation
import SQLKit

/// Marks (or final marks) from an e-journal's export into the school's journals: every row is matched against the
/// school — pupil by ФИО + birth date or external id, class journal by subject, lesson by date and work type — and
/// reported as created / changed / unchanged / refused with the reason. Apply writes in one transaction.
struct MarksImportService {
    struct Issue: Sendable { let line: Int; let message: String }
    struct Report: Sendable {
        var mode: MarkImportMode
        var rows = 0
        var created = 0
        var changed = 0
        var unchanged = 0
        var refused = 0
        var lessonsCreated = 0
        var issues: [Issue] = []
        var applied = false
        var valid: Int { created + changed + unchanged }
    }
    /// How many refused rows the report lists (the counts cover all).
    static let issueLimit = 1000
    static let reason = "Загрузка из электронного журнала"

    let db: any Database
    let schoolID: UUID
    let authorID: UUID

    // MARK: The school, loaded once

    private struct PupilInfo { let id: UUID; let homeSchooled: Bool; var enrolments: [(classIndex: Int, from: LocalDate, to: LocalDate?)] }
    private struct ClassInfo { let id: UUID; let key: String; let grade: Int; let yearIndex: Int; let marksAllowed: Bool }
    private struct YearInfo { let id: UUID; let starts: LocalDate; let ends: LocalDate; let periods: [Period] }
    private struct JournalInfo { let itemID: UUID; let classIndex: Int; let scaleID: UUID; let scale: ScaleRule }
    private struct LessonKey: Hashable { let item: UUID; let pupil: UUID?; let date: LocalDate; let workType: UUID? }
    private struct DayKey: Hashable { let item: UUID; let pupil: UUID?; let date: LocalDate }
    private struct CellKey: Hashable { let lesson: Int32; let pupil: Int32 }
    private struct FinalKey: Hashable { let pupil: UUID; let item: UUID; let period: UUID }

    /// Used by one import at a time, pass after pass (the transaction closure is `@Sendable`).
    private final class School: @unchecked Sendable {
        var pupils: [PupilInfo] = []
        var byNameBirth: [String: [Int]] = [:]
        var byExternalID: [String: [Int]] = [:]
        var classes: [ClassInfo] = []
        var years: [YearInfo] = []
        var journals: [String: JournalInfo] = [:]           // "classIndex|subject key"
        var workTypes: [String: (id: UUID, weight: Double)] = [:]
        var locks = Set<String>()                            // "period|class"
        // Lessons: existing ones and those the import will create, by index.
        var lessons: [(id: UUID, item: UUID, pupil: UUID?, date: LocalDate, workType: UUID?, isNew: Bool)] = []
        var lessonByKey: [LessonKey: Int32] = [:]
        var lessonByDay: [DayKey: Int32] = [:]
        var current: [CellKey: MarkEvent] = [:]              // the latest event per cell (`MarkHistory`), deletions included
        var attendance: [CellKey: AttendanceStatus] = [:]
        var spanMemo: [Int: [PeriodSpan]] = [:]              // per class: its year's periods, locked or not for it
        var finals: [FinalKey: PeriodMark] = [:]
        var seen = Set<CellKey>()
        var seenFinal = Set<FinalKey>()
        // What distinct raw values resolved to: an export repeats a few hundred pupils, subjects and marks.
        var pupilMemo: [PupilQuery: [Int]] = [:]
        var journalMemo: [JournalQuery: JournalInfo?] = [:]
        var workTypeMemo: [String: (id: UUID, weight: Double)?] = [:]
        var markMemo: [MarkQuery: Result<CellEntry, MarkError>] = [:]
    }
    private struct PupilQuery: Hashable { let externalID: String?; let name: PersonName?; let birth: LocalDate? }
    private struct JournalQuery: Hashable { let classIndex: Int; let subject: String }
    private struct MarkQuery: Hashable { let item: UUID; let raw: String }

    private func load(mode: MarkImportMode) async throws -> School {
        let s = School()
        let years = try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status == .open).all()
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).sort(\.$startsOn).all()
        s.years = years.map { y in YearInfo(id: y.id!, starts: y.startsOn, ends: y.endsOn, periods: periods.filter { $0.$academicYear.id == y.id }) }
        let yearIDs = years.compactMap(\.id)
        let policies = try await AssessmentPolicy.query(on: db).filter(\.$schoolID == schoolID).all()
        let classes = yearIDs.isEmpty ? [] : try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$academicYear.$id ~~ yearIDs).all()
        var classIndex: [UUID: Int] = [:]
        for c in classes {
            let yi = s.years.firstIndex { $0.id == c.$academicYear.id }!
            let policy = policies.first { $0.$academicYear.id == c.$academicYear.id && $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }
            classIndex[c.id!] = s.classes.count
            s.classes.append(ClassInfo(id: c.id!, key: MarksImport.classKey(c.title), grade: c.grade, yearIndex: yi,
                                       marksAllowed: (policy?.marksAllowed ?? true) && c.grade > 1))
        }
        let pupils = try await Pupil.query(on: db).filter(\.$schoolID == schoolID).all()
        var pupilIndex: [UUID: Int] = [:]
        for p in pupils {
            pupilIndex[p.id!] = s.pupils.count
            s.byNameBirth[MarksImport.nameKey(p.name) + "|" + p.birthDate.iso, default: []].append(s.pupils.count)
            if let e = p.externalID, !e.isEmpty { s.byExternalID[e, default: []].append(s.pupils.count) }
            s.pupils.append(PupilInfo(id: p.id!, homeSchooled: p.homeSchooled, enrolments: []))
        }
        if !classes.isEmpty {
            for e in try await Enrolment.query(on: db).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).all() {
                if let pi = pupilIndex[e.$pupil.id], let ci = classIndex[e.$classGroup.id] {
                    s.pupils[pi].enrolments.append((ci, e.startsOn, e.endsOn))
                }
            }
            let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == schoolID)
                .filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).with(\.$subject).with(\.$markScale).all()
            for item in items {
                guard let ci = classIndex[item.$classGroup.id] else { continue }
                let info = JournalInfo(itemID: item.id!, classIndex: ci, scaleID: item.markScale.id!,
                                       scale: ScaleRule(kind: item.markScale.kind, allowed: item.markScale.allowedValues, inAverage: item.markScale.inAverage))
                for name in [item.subject.name, item.subject.shortName, item.subject.code] where !name.isEmpty {
                    let key = "\(ci)|\(MarksImport.titleKey(name))"
                    if s.journals[key] == nil { s.journals[key] = info }
                }
            }
            for lock in try await PeriodLock.query(on: db).filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).all() {
                s.locks.insert("\(lock.$period.id)|\(lock.$classGroup.id)")
            }
        }
        for w in try await WorkType.query(on: db).filter(\.$schoolID == schoolID).all() {
            s.workTypes[MarksImport.titleKey(w.title)] = (w.id!, w.weight)
            if !w.code.isEmpty, s.workTypes[MarksImport.titleKey(w.code)] == nil { s.workTypes[MarksImport.titleKey(w.code)] = (w.id!, w.weight) }
        }
        guard let from = s.years.map(\.starts).min(), let to = s.years.map(\.ends).max() else { return s }
        switch mode {
        case .lessonMarks:
            let lessons = try await Lesson.query(on: db).filter(\.$schoolID == schoolID).filter(\.$date >= from).filter(\.$date <= to)
                .filter(\.$curriculumItem.$id != nil).sort(\.$createdAt).all()
            var lessonIndex: [UUID: Int32] = [:]
            for l in lessons {
                let i = Int32(s.lessons.count)
                lessonIndex[l.id!] = i
                s.lessons.append((l.id!, l.$curriculumItem.id!, l.$pupil.id, l.date, l.$workType.id, false))
                let key = LessonKey(item: l.$curriculumItem.id!, pupil: l.$pupil.id, date: l.date, workType: l.$workType.id)
                if s.lessonByKey[key] == nil { s.lessonByKey[key] = i }
                let day = DayKey(item: l.$curriculumItem.id!, pupil: l.$pupil.id, date: l.date)
                if s.lessonByDay[day] == nil { s.lessonByDay[day] = i }
            }
            let events = try await MarkEvent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$date >= from).filter(\.$date <= to)
                .sort(\.$recordedAt).all()
            for e in events {
                guard let li = lessonIndex[e.$lesson.id], let pi = pupilIndex[e.$pupil.id] else { continue }
                let key = CellKey(lesson: li, pupil: Int32(pi))
                // 2.4: the cell's latest event, by the one rule in Domain.
                if let seen = s.current[key], !MarkHistory.replaces(e.recordedAt, seen.recordedAt) { continue }
                s.current[key] = e
            }
            let absences = try await Attendance.query(on: db).filter(\.$schoolID == schoolID)
                .join(Lesson.self, on: \Attendance.$lesson.$id == \Lesson.$id)
                .filter(Lesson.self, \.$date >= from).filter(Lesson.self, \.$date <= to).all()
            for a in absences {
                guard let li = lessonIndex[a.$lesson.id], let pi = pupilIndex[a.$pupil.id] else { continue }
                s.attendance[CellKey(lesson: li, pupil: Int32(pi))] = a.status
            }
        case .finalMarks:
            let periodIDs = s.years.flatMap(\.periods).compactMap(\.id)
            if !periodIDs.isEmpty {
                for m in try await PeriodMark.query(on: db).filter(\.$schoolID == schoolID).filter(\.$period.$id ~~ periodIDs).all() {
                    s.finals[FinalKey(pupil: m.$pupil.id, item: m.$curriculumItem.id, period: m.$period.id)] = m
                }
            }
        }
        return s
    }

    // MARK: One row

    private enum Outcome {
        case create(lesson: Int32, pupil: Int, journal: JournalInfo, value: String?, verbal: String?, weight: Double)
        case change(lesson: Int32, pupil: Int, journal: JournalInfo, value: String?, verbal: String?, weight: Double, old: String)
        case same
        case createFinal(pupil: Int, journal: JournalInfo, period: Period, value: String)
        case changeFinal(PeriodMark, value: String, reason: String?)
        case refuse(String)
    }

    private func evaluate(_ r: MarkImportRow, _ s: School) -> Outcome {
        // The pupil: by external id, or by ФИО and birth date; never by a guess.
        var candidates: [Int]
        let query = PupilQuery(externalID: r.externalID, name: r.externalID == nil ? r.name : nil, birth: r.externalID == nil ? r.birthDate : nil)
        if let known = s.pupilMemo[query] {
            candidates = known
        } else {
            if let ext = r.externalID { candidates = s.byExternalID[ext] ?? [] }
            else { candidates = s.byNameBirth[MarksImport.nameKey(r.name!) + "|" + r.birthDate!.iso] ?? [] }
            s.pupilMemo[query] = candidates
        }
        if candidates.isEmpty {
            if let ext = r.externalID { return .refuse("ученик с идентификатором «\(ext)» в школе не найден") }
            return .refuse("ученик «\(r.name!.full)», \(r.birthDate!.russian) в школе не найден")
        }
        let when = r.date
        // Enrolments in open years, on the date for lesson marks.
        func classes(of p: Int) -> [Int] {
            s.pupils[p].enrolments.filter { e in
                guard let when else { return true }
                return e.from <= when && (e.to.map { when <= $0 } ?? true)
            }.map(\.classIndex)
        }
        if let title = r.classTitle {
            candidates = candidates.filter { p in classes(of: p).contains { s.classes[$0].key == title } }
            if candidates.isEmpty {
                return .refuse(when.map { "ученик не числился в классе «\(title)» на \($0.russian)" } ?? "ученик не числится в классе «\(title)»")
            }
        }
        guard candidates.count == 1 else {
            return .refuse("под этими данными в школе \(candidates.count) ученика — укажите идентификатор ученика")
        }
        let p = candidates[0]
        var classList = classes(of: p)
        if let title = r.classTitle { classList = classList.filter { s.classes[$0].key == title } }
        guard let ci = classList.last else {
            if let when { return .refuse("ученик не числился ни в одном классе на \(when.russian) (или учебный год закрыт)") }
            return .refuse("ученик не числится ни в одном классе открытого учебного года")
        }
        let cls = s.classes[ci]
        let jq = JournalQuery(classIndex: ci, subject: r.subject)
        let journal: JournalInfo?
        if let known = s.journalMemo[jq] { journal = known } else {
            journal = s.journals["\(ci)|\(MarksImport.titleKey(r.subject))"]
            s.journalMemo[jq] = .some(journal)
        }
        guard let j = journal else {
            return .refuse("предмет «\(r.subject)» в учебном плане класса не найден")
        }
        let year = s.years[cls.yearIndex]
        switch r.date {
        case .some(let date):
            guard year.starts <= date && date <= year.ends else {
                return .refuse("дата \(date.russian) вне учебного года (\(year.starts.russian)–\(year.ends.russian))")
            }
            // The class's periods, each locked for it or not: the journal's rules (`LessonRules`, `CellWrite`) decide.
            let spans: [PeriodSpan]
            if let known = s.spanMemo[ci] { spans = known } else {
                spans = year.periods.filter { $0.gradeFrom <= cls.grade && cls.grade <= $0.gradeTo }.map {
                    PeriodSpan(title: $0.title, startsOn: $0.startsOn, endsOn: $0.endsOn, locked: s.locks.contains("\($0.id!)|\(cls.id)"))
                }
                s.spanMemo[ci] = spans
            }
            var workType: (id: UUID, weight: Double)?
            if let w = r.workType {
                let resolved: (id: UUID, weight: Double)?
                if let known = s.workTypeMemo[w] { resolved = known } else {
                    resolved = s.workTypes[MarksImport.titleKey(w)]
                    s.workTypeMemo[w] = .some(resolved)
                }
                guard let found = resolved else {
                    return .refuse("вид работы «\(w)» в справочнике школы не найден")
                }
                workType = found
            }
            let entry: CellEntry
            let mq = MarkQuery(item: j.itemID, raw: r.mark)
            let interpreted: Result<CellEntry, MarkError>
            if let known = s.markMemo[mq] { interpreted = known } else {
                interpreted = MarkRules.interpret(r.mark, scale: j.scale, grade: cls.grade, marksAllowed: cls.marksAllowed)
                if s.markMemo.count < 10_000 { s.markMemo[mq] = interpreted }
            }
            switch interpreted {
            case .success(let e): entry = e
            case .failure(let e): return .refuse("отметка «\(r.mark)»: " + e.message)
            }
            let value: String?, verbal: String?
            switch entry {
            case .mark(let v): value = v; verbal = nil
            case .verbal(let t): value = nil; verbal = t
            case .attendance: return .refuse("«\(r.mark)» — отметка о посещаемости, а не оценка: пропуски вносятся в журнале")
            case .clear: return .refuse("отметка: пусто")
            }
            let pupilID = s.pupils[p].homeSchooled ? s.pupils[p].id : nil
            let lesson: Int32
            if let wt = workType, let l = s.lessonByKey[LessonKey(item: j.itemID, pupil: pupilID, date: date, workType: wt.id)] {
                lesson = l
            } else if workType == nil, let l = s.lessonByDay[DayKey(item: j.itemID, pupil: pupilID, date: date)] {
                lesson = l
            } else {
                // A new lesson, under the lesson form's rules: none outside the periods or in a locked one (the day's
                // lessons of the same kind were matched above, so a duplicate cannot arise here).
                if let problem = LessonRules.check(date: date, topic: Self.reason, workType: workType?.id, closedYear: nil,
                                                   periods: spans, sameDay: []) {
                    return .refuse(problem.message)
                }
                lesson = Int32(s.lessons.count)
                s.lessons.append((UUID(), j.itemID, pupilID, date, workType?.id, true))
                s.lessonByKey[LessonKey(item: j.itemID, pupil: pupilID, date: date, workType: workType?.id)] = lesson
                let day = DayKey(item: j.itemID, pupil: pupilID, date: date)
                if s.lessonByDay[day] == nil { s.lessonByDay[day] = lesson }
            }
            let cell = CellKey(lesson: lesson, pupil: Int32(p))
            guard s.seen.insert(cell).inserted else {
                return .refuse("повтор: отметка этого ученика за этот урок уже есть выше в файле")
            }
            let weight = MarkRules.weight(isMark: value != nil, workTypeWeight: workType?.weight, scale: j.scale)
            // The journal's own rule decides (the same as the grid's): nothing to do, append, or refuse. The file's rows
            // carry the import's reason, so an earlier day's mark may change; a locked period was refused above.
            let latest = s.current[cell]
            let history = latest.map { [CellEvent(isSet: $0.action == .set, value: $0.value, verbal: $0.verbal, recordedOn: date, recordedAt: $0.recordedAt)] } ?? []
            let state = CellState(history: history, attendance: s.attendance[cell], closedYear: nil,
                                  lockedPeriod: LessonRules.lockedPeriod(on: date, among: spans)?.title, mayCorrectLocked: false, today: date)
            switch CellWrite.decide(entry, state: state, reason: Self.reason) {
            case .refuse(.periodLocked(let title)):
                return .refuse(MarkError.periodLocked(title: title).message)
            case .refuse(let e):
                return .refuse("отметка «\(r.mark)»: " + e.message)
            case .nothingToDo:
                return .same
            case .apply(let changes):
                // The import writes marks only: a mark over a recorded absence is the journal's to decide.
                if changes.contains(.removeAttendance), let a = s.attendance[cell] {
                    return .refuse("на этом уроке у ученика отмечено «\(MarkRules.code(of: a))» — отметку за урок с пропуском ставят в журнале")
                }
                guard let old = latest.flatMap({ $0.action == .set ? ($0.value ?? $0.verbal) : nil }) else {
                    return .create(lesson: lesson, pupil: p, journal: j, value: value, verbal: verbal, weight: weight)
                }
                return .change(lesson: lesson, pupil: p, journal: j, value: value, verbal: verbal, weight: weight, old: old)
            }
        case .none:
            let eligible = year.periods.filter { $0.gradeFrom <= cls.grade && cls.grade <= $0.gradeTo }
            guard let pi = MarksImport.periodMatch(r.period!, periods: eligible.map { ($0.kind, $0.number, $0.title) }) else {
                return .refuse("период «\(r.period!)» не найден; есть: " + eligible.map(\.title).joined(separator: ", "))
            }
            let period = eligible[pi]
            if s.locks.contains("\(period.id!)|\(cls.id)") { return .refuse("период «\(period.title)» закрыт для класса") }
            let normalized = r.mark.lowercased() == "н/а" ? "н/а" : r.mark
            guard normalized == "н/а" || j.scale.allowed.contains(normalized) else {
                return .refuse("отметка «\(r.mark)»: нет в шкале предмета (" + (j.scale.allowed + ["н/а"]).joined(separator: ", ") + ")")
            }
            let key = FinalKey(pupil: s.pupils[p].id, item: j.itemID, period: period.id!)
            guard s.seenFinal.insert(key).inserted else { return .refuse("повтор: итоговая отметка ученика по предмету за период уже есть выше в файле") }
            // The page's transitions decide (draft → posted): the import posts; an unchanged value keeps its reason.
            let stored = s.finals[key]
            let reason = stored?.finalValue == normalized ? stored?.reason : Self.reason
            guard PeriodMarkDecision.next(stored: stored.map { StoredPeriodMark(finalValue: $0.finalValue, reason: $0.reason, status: $0.status) },
                                          final: normalized, reason: reason, post: true, locked: false) != nil else { return .same }
            if let stored { return .changeFinal(stored, value: normalized, reason: reason) }
            return .createFinal(pupil: p, journal: j, period: period, value: normalized)
        }
    }

    // MARK: Check and apply

    /// Checks every row; with `apply`, writes what is valid in one transaction — only when no row is refused,
    /// or when `validOnly` says to skip the refused ones. Returns what happened (or would happen) to each row.
    func run(_ file: MarkImportFile, mapping: MarkImportMapping, apply: Bool, validOnly: Bool, audit: AuditContext? = nil,
             auditObject: UUID? = nil, progress: @escaping @Sendable (Double) -> Void = { _ in }) async throws -> Report {
        let mode: MarkImportMode
        switch MarksImport.check(mapping) {
        case .success(let m): mode = m
        case .failure(let errors): return Report(mode: .lessonMarks, issues: errors.messages.map { Issue(line: 1, message: $0) })
        }
        let index = MarksImport.index(mapping, headers: file.headers)
        let reader = MarkRowReader(index: index, mode: mode)
        let school = try await load(mode: mode)
        var report = Report(mode: mode)
        func note(_ line: Int, _ message: String) {
            report.refused += 1
            if report.issues.count < Self.issueLimit { report.issues.append(Issue(line: line, message: message)) }
        }
        // Pass 1: every row checked, nothing written.
        try await file.forEachRow { line, cells, share in
            report.rows += 1
            if report.rows % 10_000 == 0 { progress(apply ? share / 2 : share) }
            guard let row = decoded(cells, line: line, reader: reader, note: note) else { return }
            switch evaluate(row, school) {
            case .create, .createFinal: report.created += 1
            case .change, .changeFinal: report.changed += 1
            case .same: report.unchanged += 1
            case .refuse(let why): note(line, why)
            }
        }
        report.lessonsCreated = school.lessons.filter(\.isNew).count
        guard apply, report.valid > 0, report.refused == 0 || validOnly else { progress(1); return report }

        // Pass 2: the same rows again, written in batches inside one transaction.
        school.seen.removeAll(keepingCapacity: true)
        school.seenFinal.removeAll(keepingCapacity: true)
        let now = Date()
        let author = authorID, schoolID = schoolID
        let (created, changed, refused) = (report.created, report.changed, report.refused)
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            var lessonsWritten = Set<Int32>()
            // Rows go out as multi-row INSERTs of plain values (no model per row); lessons first, for the foreign keys.
            var lessonInsert = Self.lessonInsert(sql), lessonRows = 0
            var markInsert = Self.markInsert(sql), markRows = 0
            func flush() async throws {
                if lessonRows > 0 { try await lessonInsert.run(); lessonInsert = Self.lessonInsert(sql); lessonRows = 0 }
                if markRows > 0 { try await markInsert.run(); markInsert = Self.markInsert(sql); markRows = 0 }
            }
            let reasonBind = SQLBind(Self.reason), schoolBind = SQLBind(schoolID), authorBind = SQLBind(author), nowBind = SQLBind(now)
            var done = 0
            try await file.forEachRow { line, cells, share in
                done += 1
                if done % 10_000 == 0 { progress(0.5 + share / 2) }
                guard let row = decoded(cells, line: line, reader: reader, note: { _, _ in }) else { return }
                switch evaluate(row, school) {
                case .create(let l, let p, let j, let value, let verbal, let weight),
                     .change(let l, let p, let j, let value, let verbal, let weight, _):
                    let lesson = school.lessons[Int(l)]
                    if lesson.isNew, lessonsWritten.insert(l).inserted {
                        lessonInsert.values([SQLBind(lesson.id), schoolBind,
                                             SQLBind((lesson.pupil == nil ? JournalKind.classJournal : .individual).rawValue),
                                             SQLBind(lesson.item), SQLBind(lesson.pupil), SQLBind(lesson.date.iso), reasonBind,
                                             SQLBind(lesson.workType), SQLBind(1.0), authorBind, nowBind])
                        lessonRows += 1
                    }
                    markInsert.values([SQLBind(UUID()), schoolBind, SQLBind(lesson.id), SQLBind(school.pupils[p].id), SQLBind(j.itemID),
                                       SQLBind(lesson.date.iso), SQLBind(MarkEventAction.set.rawValue), SQLBind(value), SQLBind(verbal),
                                       SQLBind(j.scaleID), SQLBind(weight), SQLBind(lesson.workType),
                                       SQLBind(AssessmentSource.external.rawValue), authorBind, nowBind, reasonBind])
                    markRows += 1
                    if markRows >= 1000 || lessonRows >= 1000 { try await flush() }
                case .createFinal(let p, let j, let period, let value):
                    let m = PeriodMark()
                    m.schoolID = schoolID; m.$pupil.id = school.pupils[p].id; m.$curriculumItem.id = j.itemID; m.$period.id = period.id!
                    m.finalValue = value; m.reason = Self.reason; m.status = .posted; m.decidedBy = author; m.decidedAt = now
                    try await m.create(on: tx)
                case .changeFinal(let m, let value, let reason):
                    m.finalValue = value; m.reason = reason; m.status = .posted; m.decidedBy = author; m.decidedAt = now
                    try await m.save(on: tx)
                case .same, .refuse: break
                }
            }
            try await flush()
            // The import and its event commit together.
            if let audit {
                try await AuditLog.append(audit, on: tx, action: "import", objectKind: "marks", objectID: auditObject, pupilID: nil,
                                          details: "\(mode.title): новых \(created), изменено \(changed), пропущено \(refused)")
            }
        }
        report.applied = true
        progress(1)
        return report
    }

    private static func lessonInsert(_ sql: any SQLDatabase) -> SQLInsertBuilder {
        sql.insert(into: Lesson.schema).columns("id", "school_id", "journal_kind", "curriculum_item_id", "pupil_id", "date", "topic",
                                                "work_type_id", "hours", "created_by", "created_at")
    }

    private static func markInsert(_ sql: any SQLDatabase) -> SQLInsertBuilder {
        sql.insert(into: MarkEvent.schema).columns("id", "school_id", "lesson_id", "pupil_id", "curriculum_item_id", "date", "action",
                                                   "value", "verbal", "mark_scale_id", "weight", "work_type_id", "source", "author_id",
                                                   "recorded_at", "reason")
    }

    private func decoded(_ cells: [String?], line: Int, reader: MarkRowReader, note: (Int, String) -> Void) -> MarkImportRow? {
        if let bad = cells.firstIndex(where: { $0 == nil }) {
            note(line, "колонка \(bad + 1): текст не читается в кодировке файла — выберите другую кодировку")
            return nil
        }
        switch reader.read(cells.map { $0! }, line: line) {
        case .success(let r): return r
        case .failure(let errors): note(line, errors.messages.joined(separator: "; ")); return nil
        }
    }
}
