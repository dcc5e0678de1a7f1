import Documents
import Domain
import Fluent
import Foundation
import Vapor

/// Closing a school year (issue 7): completeness is checked (every year mark posted, attestation done), the year is
/// frozen (closed; every period of every class locked), the pupils move up a grade — the fourth-graders leave the
/// active list but stay in the archive — and a year archive is written: per class the сводная ведомость and the
/// journals as XLSX and a JSON dump, with a manifest of SHA-256 checksums.
enum YearClose {
    struct Gap: Encodable, Sendable {
        let className: String
        let subject: String
        let what: String
        let pupils: Int
        /// Where it is finished: the year's period marks or the attestation page of the subject.
        var href: String = ""
    }

    /// Other unfinished business of the year the head should see before closing it: open academic debts of the year,
    /// the year's achievements nobody has verified, and every parents' request still without an answer.
    struct Pending: Encodable, Sendable {
        let debts: Int
        let unverified: Int
        let requests: Int
        let debtRows: [Gap]
        var total: Int { debts + unverified + requests }
    }

    /// What the close will do, said on the confirmation page before it is done.
    struct Plan: Encodable, Sendable {
        struct Move: Encodable, Sendable { let from: String; let to: String; let pupils: Int }
        let moves: [Move]
        let promoted: Int
        let graduating: Int
        let nextYear: String
        let nextDates: String
        let locks: Int
    }

    /// A step of a long close, for the web page and the console: what is being done, how far.
    typealias Progress = @Sendable (_ step: String, _ done: Int, _ total: Int) async -> Void

    struct Summary: Sendable {
        let nextYear: String
        let promoted: Int
        let graduated: Int
        let archive: String
    }

    struct Problem: Error, CustomStringConvertible { let description: String }

    /// What is missing before the year can close: year marks not posted, attestation not recorded.
    static func gaps(on db: any Database, schoolID: UUID, year: AcademicYear) async throws -> [Gap] {
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$grade).sort(\.$letter).all().filter { $0.grade >= 2 }
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .filter(\.$kind == .year).all()
        // Three reads for the whole school: enrolments, posted year marks, attestation results.
        let classIDs = classes.compactMap(\.id)
        let enrolled = Dictionary(grouping: try await Enrolment.query(on: db).filter(\.$classGroup.$id ~~ classIDs).filter(\.$endsOn == nil).all(),
                                  by: { $0.$classGroup.id }).mapValues { Set($0.map { $0.$pupil.id }) }
        let items = try await CurriculumItem.query(on: db).filter(\.$classGroup.$id ~~ classIDs).with(\.$subject).with(\.$markScale).all()
            .filter { $0.markScale.kind != .verbal }.sorted { $0.subject.sort < $1.subject.sort }
        let itemIDs = items.compactMap(\.id)
        let posted = Dictionary(grouping: try await PeriodMark.query(on: db).filter(\.$curriculumItem.$id ~~ itemIDs)
            .filter(\.$period.$id ~~ periods.compactMap(\.id)).filter(\.$status != .proposed).all(), by: { $0.$curriculumItem.id })
        let attested = Dictionary(grouping: try await AttestationResult.query(on: db).filter(\.$curriculumItem.$id ~~ itemIDs)
            .filter(\.$academicYear.$id == year.id!).all(), by: { $0.$curriculumItem.id })
        var gaps: [Gap] = []
        for c in classes {
            let pupils = enrolled[c.id!] ?? []
            guard !pupils.isEmpty else { continue }
            let yearPeriod = periods.first { $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }
            for item in items where item.$classGroup.id == c.id {
                if let yp = yearPeriod {
                    let done = Set((posted[item.id!] ?? []).filter { $0.$period.id == yp.id }.map { $0.$pupil.id }).intersection(pupils).count
                    if done < pupils.count {
                        gaps.append(Gap(className: c.title, subject: item.subject.name, what: "годовая отметка", pupils: pupils.count - done,
                                        href: RouteTable.journalsClassPeriodMarks.path(item.id!) + "?period=\(yp.id!.uuidString.lowercased())"))
                    }
                }
                let done = Set((attested[item.id!] ?? []).map { $0.$pupil.id }).intersection(pupils).count
                if done < pupils.count {
                    gaps.append(Gap(className: c.title, subject: item.subject.name, what: "промежуточная аттестация", pupils: pupils.count - done,
                                    href: RouteTable.journalsClassAttestation.path(item.id!)))
                }
            }
        }
        return gaps
    }

    static func reasonNeeded(_ gaps: Int) -> String {
        "осталось \(RussianText.count(gaps, "пропуск", "пропуска", "пропусков")) (годовые отметки, аттестация): выставьте их или укажите причину закрытия"
    }

    /// Why `year` cannot close on `today` (before its last period has ended), or nil.
    static func refusal(on db: any Database, year: AcademicYear, today: LocalDate) async throws -> String? {
        let ends = try await Period.query(on: db).filter(\.$academicYear.$id == year.id!).all().map(\.endsOn)
        return Closing.yearRefusal(today: today, periodEnds: ends, yearEnd: year.endsOn, title: year.title)
    }

    /// Open academic debts (per class and subject), unverified achievements of the year, unanswered requests.
    static func pending(on db: any Database, schoolID: UUID, year: AcademicYear) async throws -> Pending {
        let debts = try await AcademicDebt.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .filter(\.$clearedOn == nil).with(\.$curriculumItem) { $0.with(\.$subject).with(\.$classGroup) }.all()
        let debtRows = Dictionary(grouping: debts, by: { $0.$curriculumItem.id }).values.compactMap { group -> Gap? in
            guard let item = group.first?.curriculumItem else { return nil }
            return Gap(className: item.classGroup.title, subject: item.subject.name, what: "академическая задолженность", pupils: group.count,
                       href: RouteTable.journalsClassAttestation.path(item.id!))
        }.sorted { ($0.className, $0.subject) < ($1.className, $1.subject) }
        let unverified = try await Achievement.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status ~~ [.submitted, .confirmed])
            .filter(\.$startsOn >= year.startsOn).filter(\.$startsOn <= year.endsOn).count()
        let requests = try await InformationRequest.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status ~~ [.open, .extended]).count()
        return Pending(debts: debts.count, unverified: unverified, requests: requests, debtRows: debtRows)
    }

    /// What closing `year` will do, read from the committed rows.
    static func plan(on db: any Database, schoolID: UUID, year: AcademicYear) async throws -> Plan {
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$grade).sort(\.$letter).all()
        let counts = Dictionary(grouping: try await Enrolment.query(on: db).filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).filter(\.$endsOn == nil).all(),
                                by: { $0.$classGroup.id }).mapValues(\.count)
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).all()
        let locked = try await PeriodLock.query(on: db).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).count()
        let slots = classes.reduce(0) { n, c in n + periods.filter { $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }.count }
        let maxGrade = 4
        let moves = classes.map { c in
            Plan.Move(from: c.title, to: c.grade < maxGrade ? "\(c.grade + 1)\(c.letter)" : "—", pupils: counts[c.id!] ?? 0)
        }
        let graduating = classes.filter { $0.grade >= maxGrade }.reduce(0) { $0 + (counts[$1.id!] ?? 0) }
        let promoted = classes.filter { $0.grade < maxGrade }.reduce(0) { $0 + (counts[$1.id!] ?? 0) }
        return Plan(moves: moves, promoted: promoted, graduating: graduating,
                    nextYear: "\(year.startsOn.year + 1)/\(year.startsOn.year + 2)",
                    nextDates: "\(nextDate(year.startsOn).russian) – \(nextDate(year.endsOn).russian)", locks: max(0, slots - locked))
    }

    static func nextDate(_ d: LocalDate) -> LocalDate {
        LocalDate(year: d.year + 1, month: d.month, day: d.day) ?? LocalDate(year: d.year + 1, month: d.month, day: d.day - 1)!
    }

    /// Closes `year`. With gaps left, only with `reason` (the head's decision, kept in the audit trail).
    /// `actorID`: the head closing it (from the command line, the school's head account is named as the one who locked).
    static func close(app: Application, db: any Database, audit: AuditContext, year: AcademicYear, reason: String?,
                      lockedBy: UUID, today: LocalDate, progress: Progress? = nil) async throws -> Summary {
        let schoolID = audit.schoolID
        guard year.status == .open else { throw Problem(description: "\(year.title) учебный год уже закрыт") }
        if let refusal = try await refusal(on: db, year: year, today: today) { throw Problem(description: refusal) }
        let missing = try await gaps(on: db, schoolID: schoolID, year: year)
        if !missing.isEmpty && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw Problem(description: reasonNeeded(missing.count))
        }
        await progress?("Проверка и перевод учеников", 0, 1)
        let (next, promoted, graduated) = try await db.writeTransaction { tx -> (AcademicYear, Int, Int) in
            // Decided on the committed row, under the year's lock: a second close (a double click, the console at the same
            // time) waits, then finds it closed.
            try await tx.lock("year:\(year.id!)")
            guard let fresh = try await AcademicYear.find(year.id, on: tx), fresh.status == .open else {
                throw Problem(description: "\(year.title) учебный год уже закрыт")
            }
            year.status = .closed
            try await year.save(on: tx)
            let classes = try await ClassGroup.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).all()
            let periods = try await Period.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).all()
            // Frozen: every period of every class locked.
            let locked = Set(try await PeriodLock.query(on: tx).filter(\.$schoolID == schoolID).all().map { "\($0.$period.id)|\($0.$classGroup.id)" })
            for c in classes {
                for p in periods where p.gradeFrom <= c.grade && c.grade <= p.gradeTo && !locked.contains("\(p.id!)|\(c.id!)") {
                    let l = PeriodLock()
                    l.schoolID = schoolID; l.$period.id = p.id!; l.$classGroup.id = c.id!; l.lockedBy = lockedBy; l.lockedAt = Date()
                    try await l.create(on: tx)
                }
            }
            // The next year, its periods and rules copied a year ahead.
            let next = AcademicYear(id: UUID(), schoolID: schoolID, title: "\(year.startsOn.year + 1)/\(year.startsOn.year + 2)",
                                    startsOn: nextDate(year.startsOn), endsOn: nextDate(year.endsOn))
            try await next.create(on: tx)
            for p in periods {
                try await Period(schoolID: schoolID, academicYearID: next.id!, kind: p.kind, number: p.number, title: p.title,
                                 startsOn: nextDate(p.startsOn), endsOn: nextDate(p.endsOn), gradeFrom: p.gradeFrom, gradeTo: p.gradeTo).create(on: tx)
            }
            for a in try await AssessmentPolicy.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).all() {
                try await AssessmentPolicy(schoolID: schoolID, academicYearID: next.id!, gradeFrom: a.gradeFrom, gradeTo: a.gradeTo,
                                           marksAllowed: a.marksAllowed, periodKind: a.periodKind, threshold5: a.threshold5, threshold4: a.threshold4,
                                           threshold3: a.threshold3, minMarks: a.minMarks, defaultScaleID: a.$defaultScale.id).create(on: tx)
            }
            // Classes of the next year: each class a grade up (its teacher goes with it); the fourth grade's teacher takes a new first grade.
            let maxGrade = 4
            var newClass: [UUID: ClassGroup] = [:]   // this year's class → next year's
            var created: [ClassGroup] = []
            for c in classes.sorted(by: { ($0.grade, $0.letter) < ($1.grade, $1.letter) }) {
                if c.grade < maxGrade {
                    let n = ClassGroup(id: UUID(), schoolID: schoolID, academicYearID: next.id!, grade: c.grade + 1, letter: c.letter,
                                       classTeacherID: c.$classTeacher.id)
                    try await n.create(on: tx)
                    newClass[c.id!] = n
                    created.append(n)
                } else {
                    let first = ClassGroup(id: UUID(), schoolID: schoolID, academicYearID: next.id!, grade: 1, letter: c.letter,
                                           classTeacherID: c.$classTeacher.id)
                    try await first.create(on: tx)
                    created.append(first)
                }
            }
            // Each new class takes the curriculum of this year's class of its grade and letter (or of its grade).
            let items = try await CurriculumItem.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id ~~ classes.compactMap(\.id)).all()
            for n in created {
                let model = classes.first { $0.grade == n.grade && $0.letter == n.letter } ?? classes.first { $0.grade == n.grade }
                guard let model else { continue }
                for i in items where i.$classGroup.id == model.id {
                    let copy = CurriculumItem(id: UUID(), schoolID: schoolID, classGroupID: n.id!, subjectID: i.$subject.id, teacherID: i.$teacher.id,
                                              markScaleID: i.$markScale.id, hoursPerWeek: i.hoursPerWeek)
                    try await copy.create(on: tx)
                    if let t = i.$teacher.id {
                        try await RoleAssignment(schoolID: schoolID, userID: t, role: .subjectTeacher,
                                                 scope: .classSubject(classGroup: n.id!, subject: i.$subject.id)).create(on: tx)
                    }
                }
                if let t = n.$classTeacher.id {
                    try await RoleAssignment(schoolID: schoolID, userID: t, role: .classTeacher, scope: .classGroup(n.id!)).create(on: tx)
                }
            }
            // Pupils: promoted, or graduated from primary school.
            var promoted = 0, graduated = 0
            let enrolments = try await Enrolment.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id ~~ classes.compactMap(\.id))
                .filter(\.$endsOn == nil).with(\.$pupil).with(\.$classGroup).all()
            for e in enrolments {
                e.endsOn = year.endsOn
                if let n = newClass[e.$classGroup.id] {
                    e.reason = "переведён(а) в \(n.title) класс"
                    try await e.save(on: tx)
                    try await Enrolment(schoolID: schoolID, pupilID: e.$pupil.id, classGroupID: n.id!, startsOn: next.startsOn,
                                        reason: "перевод из \(e.classGroup.title) класса").create(on: tx)
                    promoted += 1
                } else {
                    e.reason = "окончил(а) начальную школу"
                    try await e.save(on: tx)
                    e.pupil.status = .graduated
                    try await e.pupil.save(on: tx)
                    graduated += 1
                }
            }
            try await AuditLog.append(audit, on: tx, action: "close", objectKind: "academic_year", objectID: year.id, pupilID: nil,
                                      details: "\(year.title): переведено \(promoted), окончили \(graduated)"
                                        + (missing.isEmpty ? "" : "; \(RussianText.count(missing.count, "пропуск", "пропуска", "пропусков")), причина: \(reason ?? "")"))
            return (next, promoted, graduated)
        }
        let archive = try await writeArchive(app: app, db: db, schoolID: schoolID, year: year, progress: progress)
        return Summary(nextYear: next.title, promoted: promoted, graduated: graduated, archive: archive)
    }

    static func archiveDirectory(_ app: Application, schoolID: UUID, year: AcademicYear) -> String {
        (app.kopilkaConfig.dataDirectory as NSString)
            .appendingPathComponent("archive/\(schoolID.uuidString.lowercased())/\(year.title.replacingOccurrences(of: "/", with: "-"))")
    }

    struct ArchivedMark: Codable { let pupil, subject, date, value: String }
    struct ClassDump: Codable {
        let classTitle: String
        let year: String
        let pupils: [String]
        let marks: [ArchivedMark]
        let periodMarks: [ArchivedMark]
        let attestation: [ArchivedMark]
    }

    /// The year archive: written in a temporary folder and renamed into place, with `manifest.json` last.
    static func writeArchive(app: Application, db: any Database, schoolID: UUID, year: AcademicYear, progress: Progress? = nil) async throws -> String {
        let target = archiveDirectory(app, schoolID: schoolID, year: year)
        let work = target + ".partial-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$grade).sort(\.$letter).all()
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).sort(\.$startsOn).all()
        let tmp = app.kopilkaConfig.dataDirectory
        var written: [String] = []
        // The whole year as one span for the journals (not stored; its id matches no period mark).
        let whole = Period(id: UUID(), schoolID: schoolID, academicYearID: year.id!, kind: .quarter, number: 0, title: year.title,
                           startsOn: year.startsOn, endsOn: year.endsOn)
        for (n, c) in classes.enumerated() {
            await progress?("Архив года: класс \(c.title)", n, classes.count)
            let dir = work + "/" + c.title
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let own = periods.filter { $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }
            var summary: [Sheet] = []
            for p in own { summary.append(try await SheetQueries.summary(on: db, classGroup: c, period: p, yearTitle: year.title)) }
            for (i, _) in summary.enumerated() { summary[i].name = own[i].title }
            try XLSX.render(summary, temporaryDirectory: tmp).write(to: URL(fileURLWithPath: dir + "/svodnaya-vedomost.xlsx"))
            written.append(c.title + "/svodnaya-vedomost.xlsx")
            let items = try await CurriculumItem.query(on: db).filter(\.$classGroup.$id == c.id!).with(\.$subject).with(\.$markScale).with(\.$classGroup).all()
                .sorted { $0.subject.sort < $1.subject.sort }
            var journals: [Sheet] = []
            for item in items {
                journals.append(try await SheetQueries.journal(on: db, JournalContextLite.make(item: item, title: "\(c.title) · \(item.subject.name)"),
                                                               period: whole, name: item.subject.name))
            }
            try XLSX.render(journals, temporaryDirectory: tmp).write(to: URL(fileURLWithPath: dir + "/zhurnaly.xlsx"))
            written.append(c.title + "/zhurnaly.xlsx")
            // The individual journals of the class's pupils schooled at home: a sheet per pupil and subject.
            let homeSchooled = try await Enrolment.query(on: db).filter(\.$classGroup.$id == c.id!).join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id)
                .filter(Pupil.self, \.$homeSchooled == true).all().map { $0.$pupil.id }
            var individual: [Sheet] = []
            for pupilID in Set(homeSchooled).sorted(by: { $0.uuidString < $1.uuidString }) {
                for item in items {
                    guard let j = try await JournalQueries.context(on: db, schoolID: schoolID, ref: .individual(itemID: item.id!, pupilID: pupilID)) else { continue }
                    individual.append(try await SheetQueries.journal(on: db, j, period: whole, name: Self.sheetName(j.title, taken: individual.map(\.name))))
                }
            }
            if !individual.isEmpty {
                try XLSX.render(individual, temporaryDirectory: tmp).write(to: URL(fileURLWithPath: dir + "/individualnye-zhurnaly.xlsx"))
                written.append(c.title + "/individualnye-zhurnaly.xlsx")
            }
            // The machine-readable dump.
            let enrolled = try await Enrolment.query(on: db).filter(\.$classGroup.$id == c.id!).with(\.$pupil).all().map(\.pupil)
            let names = Dictionary(uniqueKeysWithValues: enrolled.map { ($0.id!, $0.name.full) })
            let subjects = Dictionary(uniqueKeysWithValues: items.map { ($0.id!, $0.subject.name) })
            let events = try await MarkEvent.query(on: db).filter(\.$curriculumItemID ~~ items.compactMap(\.id)).sort(\.$recordedAt).all()
            let marks = events.currentMarks.map {
                ArchivedMark(pupil: names[$0.$pupil.id] ?? "", subject: $0.curriculumItemID.flatMap { subjects[$0] } ?? "", date: $0.date.iso,
                             value: $0.value ?? $0.verbal ?? "")
            }.sorted { ($0.pupil, $0.subject, $0.date) < ($1.pupil, $1.subject, $1.date) }
            let periodTitles = Dictionary(uniqueKeysWithValues: periods.map { ($0.id!, $0.title) })
            let finals = try await PeriodMark.query(on: db).filter(\.$curriculumItem.$id ~~ items.compactMap(\.id)).filter(\.$status != .proposed).all()
                .map { ArchivedMark(pupil: names[$0.$pupil.id] ?? "", subject: subjects[$0.$curriculumItem.id] ?? "",
                                    date: periodTitles[$0.$period.id] ?? "", value: $0.finalValue ?? "") }
            let attestation = try await AttestationResult.query(on: db).filter(\.$curriculumItem.$id ~~ items.compactMap(\.id)).all()
                .map { ArchivedMark(pupil: names[$0.$pupil.id] ?? "", subject: subjects[$0.$curriculumItem.id] ?? "", date: $0.date.iso, value: $0.value) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(ClassDump(classTitle: c.title, year: year.title, pupils: enrolled.map(\.name.full).sorted(), marks: marks,
                                         periodMarks: finals, attestation: attestation)).write(to: URL(fileURLWithPath: dir + "/data.json"))
            written.append(c.title + "/data.json")
        }
        // Extracurricular courses, clubs and sections of the year: a sheet per group (their journals are kept on paper
        // too, clause 4.3; the archive holds what was entered).
        let groups = try await ProgramGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).sort(\.$title).all()
        var groupSheets: [Sheet] = []
        for g in groups {
            guard let j = try await JournalQueries.context(on: db, schoolID: schoolID, ref: .group(groupID: g.id!)) else { continue }
            groupSheets.append(try await SheetQueries.journal(on: db, j, period: whole, name: Self.sheetName(g.title, taken: groupSheets.map(\.name))))
        }
        if !groupSheets.isEmpty {
            try fm.createDirectory(atPath: work + "/" + groupFolder, withIntermediateDirectories: true)
            try XLSX.render(groupSheets, temporaryDirectory: tmp).write(to: URL(fileURLWithPath: work + "/\(groupFolder)/zhurnaly.xlsx"))
            written.append(groupFolder + "/zhurnaly.xlsx")
        }
        await progress?("Архив года: контрольная точка и контрольные суммы", classes.count, classes.count)
        // The audit chain as it stood when the year was archived (the close itself is its latest event), signed.
        let checkpoints = try await AuditCheckpoints.make(app: app, schoolID: schoolID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(checkpoints).write(to: URL(fileURLWithPath: work + "/" + checkpointFile))
        written.append(checkpointFile)
        var entries: [Backup.Entry] = []
        for path in written.sorted() {
            let (sum, size) = try Backup.sha256(file: work + "/" + path)
            entries.append(Backup.Entry(path: path, sha256: sum, size: size))
        }
        try encoder.encode(ArchiveManifest(school: schoolID.uuidString, year: year.title, createdAt: ISO8601DateFormatter().string(from: Date()),
                                           files: entries)).write(to: URL(fileURLWithPath: work + "/manifest.json"))
        if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(work, target) == 0 else { throw Problem(description: "не удалось записать архив года в «\(target)»") }
        return target
    }

    /// The archive's folder of extracurricular and club journals.
    static let groupFolder = "vneurochnaya-deyatelnost"

    /// A sheet name Excel accepts (31 characters) and no other sheet of the book has.
    static func sheetName(_ title: String, taken: [String]) -> String {
        let base = Sheet.safeName(title)
        var name = base, n = 2
        while taken.contains(name) { name = String(base.prefix(27)) + " (\(n))"; n += 1 }
        return name
    }

    /// The year archive's signed checkpoint of the audit chain (`kopilka audit-verify --checkpoints` takes it).
    static let checkpointFile = "audit-checkpoint.json"

    /// The checkpoint an archive carries, if it is there and readable.
    static func archivedCheckpoint(_ dir: String) -> AuditCheckpoint? {
        AuditCheckpoints.read(dir + "/" + checkpointFile).checkpoints.last
    }

    struct ArchiveManifest: Codable {
        let school: String
        let year: String
        let createdAt: String
        let files: [Backup.Entry]
    }

    /// Checks a year archive against its manifest; returns the number of files checked.
    static func verifyArchive(_ dir: String) throws -> Int {
        guard let data = FileManager.default.contents(atPath: dir + "/manifest.json"),
              let m = try? JSONDecoder().decode(ArchiveManifest.self, from: data) else {
            throw Problem(description: "в «\(dir)» нет читаемого manifest.json")
        }
        for e in m.files {
            let (sum, size) = try Backup.sha256(file: dir + "/" + e.path)
            guard sum == e.sha256, size == e.size else { throw Problem(description: "файл \(e.path) не совпадает с manifest.json") }
        }
        return m.files.count
    }
}
