import Crypto
import Domain
import Fluent
import Foundation
import ZIPFoundation

/// A OneRoster 1.2 CSV bulk package into a new school (the reverse of `OneRosterExport`): every file read tolerantly
/// (BOM, quoted lists), every row checked strictly — the errors name the file, the line and the column — and only a
/// clean package is written, in one transaction. Identifiers that are UUIDs are kept, so an export imported into an
/// empty installation exports again identically; other identifiers get stable UUIDs derived from them.
struct OneRosterImport {
    struct Report: Sendable {
        var schoolID = UUID()
        var schoolName = ""
        var classes = 0, subjects = 0, pupils = 0, staff = 0, parents = 0, lessons = 0, marks = 0, periodMarks = 0
    }

    /// One CSV of the package: rows by column name, with the line numbers a spreadsheet shows.
    struct File {
        let name: String
        let headers: [String]
        let rows: [(line: Int, values: [String: String])]
    }

    let files: [String: File]
    private(set) var errors: [String] = []

    /// Reads the ZIP in memory (a package the console was given).
    init(zip data: Data) throws {
        try self.init(opening: { try BoundedArchive(data: data, limits: .package) }, head: data.prefix(4))
    }

    /// Reads the ZIP where an upload left it on disk: only the parts it reads are held in memory.
    init(file url: URL) throws {
        let head = (try? FileHandle(forReadingFrom: url)).map { h in defer { try? h.close() }; return h.readData(ofLength: 4) } ?? Data()
        try self.init(opening: { try BoundedArchive(url: url, limits: .package) }, head: head)
    }

    /// Reads the ZIP: the manifest first, then every file it marks `bulk`.
    private init(opening: () throws -> BoundedArchive, head: Data) throws {
        var archive: BoundedArchive
        do { archive = try opening() } catch let r as BoundedArchive.Refusal {
            if !XLSXReader.isXLSX(head) {
                throw OneRosterError(messages: ["Это не ZIP-архив: нужен пакет OneRoster 1.2 (manifest.csv и CSV-файлы)."])
            }
            throw OneRosterError(messages: ["Пакет не прочитан: \(r.message)."])
        }
        func read(_ name: String) throws -> Data? {
            guard let entry = archive.entry(named: name) else { return nil }
            do { return try archive.data(entry) } catch let r as BoundedArchive.Refusal {
                throw OneRosterError(messages: ["Пакет не прочитан: \(r.message)."])
            }
        }
        var errors: [String] = []
        var files: [String: File] = [:]
        guard let manifestData = try read("manifest.csv") else { throw OneRosterError(messages: ["В архиве нет manifest.csv."]) }
        let manifest = try Self.table("manifest", manifestData)
        var properties: [String: String] = [:]
        for r in manifest.rows { properties[r.values["propertyName"] ?? ""] = r.values["value"] ?? "" }
        if properties["oneroster.version"] != "1.2" {
            errors.append("manifest.csv: oneroster.version — «\(properties["oneroster.version"] ?? "")», поддерживается 1.2")
        }
        for (key, value) in properties where key.hasPrefix("file.") {
            let name = String(key.dropFirst(5)).replacingOccurrences(of: "*", with: "")
            switch value.lowercased() {
            case "absent", "": continue
            case "bulk":
                guard OneRoster.columns[name] != nil else { continue }  // files Kopilka does not read (resources…)
                guard let data = try read(name + ".csv") else { errors.append("manifest.csv: \(name).csv отмечен bulk, но его нет в архиве"); continue }
                do { files[name] = try Self.table(name, data) } catch let e as TableError { errors.append("\(name).csv: \(e.message)") }
            case "delta": errors.append("manifest.csv: \(key) = delta — загружаются только полные пакеты (bulk)")
            default: errors.append("manifest.csv: \(key) = «\(value)»: ожидается absent, bulk или delta")
            }
        }
        for required in ["orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments", "demographics"] where files[required] == nil {
            if !errors.contains(where: { $0.contains(required + ".csv") }) { errors.append("в пакете нет \(required).csv (он нужен для загрузки школы)") }
        }
        self.files = files
        self.errors = errors
        for (name, file) in files {
            for column in ["sourcedId"] + Self.required[name, default: []] where !file.headers.contains(column) {
                self.errors.append("\(name).csv: нет колонки «\(column)»")
            }
        }
    }

    static let required: [String: [String]] = [
        "orgs": ["name", "type"], "academicSessions": ["title", "type", "startDate", "endDate"], "courses": ["title"],
        "classes": ["title", "courseSourcedId", "classType"], "users": ["givenName", "familyName"], "roles": ["userSourcedId", "role"],
        "enrollments": ["classSourcedId", "userSourcedId", "role"], "demographics": ["birthDate"], "categories": ["title"],
        "lineItems": ["title", "assignDate", "classSourcedId"], "results": ["lineItemSourcedId", "studentSourcedId"],
        "scoreScales": ["classSourcedId", "scoreScaleValue"],
    ]

    @Sendable static func v(_ r: (line: Int, values: [String: String]), _ c: String) -> String {
        (r.values[c] ?? "").trimmingCharacters(in: .whitespaces)
    }

    static func table(_ name: String, _ data: Data) throws -> File {
        let t = try CSVReader.read(data)
        return File(name: name, headers: t.headers,
                    rows: t.rows.enumerated().map { i, r in (i + 2, Dictionary(zip(t.headers, r).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })) })
    }

    /// A record id for a sourcedId: the UUID itself, or one derived from the text (the same text, the same id).
    static func uuid(_ sourcedId: String) -> UUID {
        if let u = UUID(uuidString: sourcedId) { return u }
        var bytes = Array(SHA256.hash(data: Data(("oneroster:" + sourcedId).utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50; bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Checks the whole package against itself and the database, then writes it in one transaction.
    /// With `write` false, only checks (the CLI's `--dry-run`): the same errors, nothing written.
    mutating func apply(on db: any Database, passwordHash: String, write: Bool = true) async throws -> Report {
        var errors = self.errors
        func rows(_ name: String) -> [(line: Int, values: [String: String])] { files[name]?.rows ?? [] }
        func err(_ file: String, _ line: Int, _ column: String, _ message: String) { errors.append("\(file).csv, строка \(line), колонка \(column): \(message)") }
        func value(_ r: (line: Int, values: [String: String]), _ c: String) -> String { (r.values[c] ?? "").trimmingCharacters(in: .whitespaces) }
        func date(_ file: String, _ r: (line: Int, values: [String: String]), _ c: String, required: Bool = true) -> LocalDate? {
            let text = value(r, c)
            if text.isEmpty { if required { err(file, r.line, c, "пусто, нужна дата ГГГГ-ММ-ДД") }; return nil }
            guard let d = LocalDate(String(text.prefix(10))) else { err(file, r.line, c, "«\(text)» — не дата ГГГГ-ММ-ДД"); return nil }
            return d
        }
        func unique(_ file: String) -> [String: (line: Int, values: [String: String])] {
            var seen: [String: (line: Int, values: [String: String])] = [:]
            for r in rows(file) {
                let id = value(r, "sourcedId")
                if id.isEmpty { err(file, r.line, "sourcedId", "пусто"); continue }
                if let earlier = seen[id] { err(file, r.line, "sourcedId", "«\(id)» уже был в строке \(earlier.line)"); continue }
                seen[id] = r
            }
            return seen
        }
        guard errors.isEmpty else { throw OneRosterError(messages: errors) }

        // The school and its year.
        let schools = rows("orgs").filter { value($0, "type") == "school" }
        guard schools.count == 1, let org = schools.first else {
            throw OneRosterError(messages: ["orgs.csv: нужна ровно одна организация типа school, найдено \(schools.count)"])
        }
        let schoolID = Self.uuid(value(org, "sourcedId"))
        if try await School.find(schoolID, on: db) != nil {
            throw OneRosterError(messages: ["orgs.csv, строка \(org.line): школа «\(value(org, "name"))» уже есть в этой установке — пакет загружается в пустую"])
        }
        let sessions = unique("academicSessions")
        let years = sessions.values.filter { value($0, "type") == "schoolYear" }
        guard years.count == 1, let yearRow = years.first else {
            throw OneRosterError(messages: ["academicSessions.csv: нужен ровно один учебный год (type schoolYear), найдено \(years.count)"])
        }
        let yearStart = date("academicSessions", yearRow, "startDate"), yearEnd = date("academicSessions", yearRow, "endDate")
        var periods: [(row: (line: Int, values: [String: String]), start: LocalDate, end: LocalDate)] = []
        for r in sessions.values.sorted(by: { $0.line < $1.line }) where value(r, "type") != "schoolYear" {
            if let s = date("academicSessions", r, "startDate"), let e = date("academicSessions", r, "endDate") {
                if e < s { err("academicSessions", r.line, "endDate", "раньше startDate") }
                periods.append((r, s, e))
            }
        }

        // Subjects, classes, scales.
        let courses = unique("courses")
        let classes = unique("classes")
        var homerooms: [String: (line: Int, values: [String: String])] = [:]   // classCode → row
        for r in classes.values.sorted(by: { $0.line < $1.line }) {
            let course = value(r, "courseSourcedId")
            if courses[course] == nil { err("classes", r.line, "courseSourcedId", "курса «\(course)» нет в courses.csv") }
            if value(r, "classType") == "homeroom" { homerooms[value(r, "classCode").isEmpty ? value(r, "title") : value(r, "classCode")] = r }
        }
        let homeroomCourses = Set(homerooms.values.map { value($0, "courseSourcedId") })
        func grade(_ r: (line: Int, values: [String: String]), _ code: String) -> Int? {
            if let g = OneRoster.list(value(r, "grades")).first.flatMap({ Int($0) }) { return g }
            return Int(code.prefix { $0.isNumber })
        }
        var classGroups: [String: ClassGroup] = [:]   // classCode → class
        var teacherOf: [String: String] = [:]          // class sourcedId → its (primary) teacher's user sourcedId
        var teachingOf: [String: [String]] = [:]       // class sourcedId → every teacher enrolled
        for r in rows("enrollments") where value(r, "role") == "teacher" {
            let cls = value(r, "classSourcedId"), user = value(r, "userSourcedId")
            teachingOf[cls, default: []].append(user)
            if value(r, "primary").lowercased() == "true" || teacherOf[cls] == nil { teacherOf[cls] = user }
        }
        func classGroup(code: String, line: Int, row: (line: Int, values: [String: String])) -> ClassGroup? {
            if let c = classGroups[code] { return c }
            guard let g = grade(row, code), (1...11).contains(g) else { err("classes", line, "grades", "не удаётся понять параллель класса «\(code)»"); return nil }
            let letter = String(code.drop { $0.isNumber }).trimmingCharacters(in: .whitespaces)
            let homeroom = homerooms[code]
            let c = ClassGroup(id: homeroom.map { Self.uuid(value($0, "sourcedId")) } ?? Self.uuid("class:" + code), schoolID: schoolID,
                               academicYearID: Self.uuid(value(yearRow, "sourcedId")), grade: g, letter: letter.isEmpty ? "А" : letter, classTeacherID: nil)
            classGroups[code] = c
            return c
        }
        for (code, r) in homerooms { _ = classGroup(code: code, line: r.line, row: r) }
        var scaleOf: [String: (kind: MarkScaleKind, values: [String], title: String)] = [:]
        for r in rows("scoreScales") {
            let values = OneRoster.list(value(r, "scoreScaleValue"))
            let kind = MarkScaleKind(rawValue: value(r, "type")) ?? (values.isEmpty ? .verbal : values.allSatisfy { Int($0) != nil } ? .numeric : .passFail)
            scaleOf[value(r, "classSourcedId")] = (kind, values, value(r, "title"))
        }
        struct Item { let id: UUID; let sourcedId: String; let classCode: String; let subject: UUID; let teacher: String?; let teachers: [String] }
        var items: [String: Item] = [:]
        for r in classes.values.sorted(by: { $0.line < $1.line }) where value(r, "classType") != "homeroom" {
            let code = value(r, "classCode").isEmpty ? value(r, "title") : value(r, "classCode")
            guard classGroup(code: code, line: r.line, row: r) != nil else { continue }
            let sid = value(r, "sourcedId")
            items[sid] = Item(id: Self.uuid(sid), sourcedId: sid, classCode: code, subject: Self.uuid(value(r, "courseSourcedId")),
                              teacher: teacherOf[sid], teachers: teachingOf[sid] ?? [])
        }

        // People.
        let users = unique("users")
        let sourcedOf = Dictionary(users.keys.map { (Self.uuid($0), $0) }, uniquingKeysWith: { a, _ in a })   // record id → sourcedId
        var roleOf: [String: Set<String>] = [:]
        for r in rows("roles") {
            let u = value(r, "userSourcedId")
            if users[u] == nil { err("roles", r.line, "userSourcedId", "пользователя «\(u)» нет в users.csv"); continue }
            roleOf[u, default: []].insert(value(r, "role"))
        }
        let demographics = unique("demographics")
        var logins = Set<String>()
        var pupils: [Pupil] = [], staff: [User] = []
        var parentIDs = Set<String>()
        for (sid, r) in users.sorted(by: { $0.value.line < $1.value.line }) {
            let given = value(r, "givenName"), family = value(r, "familyName")
            if given.isEmpty { err("users", r.line, "givenName", "пусто") }
            if family.isEmpty { err("users", r.line, "familyName", "пусто") }
            let name = PersonName(lastName: family, firstName: given, middleName: value(r, "middleName"))
            let roles = roleOf[sid] ?? []
            if roles.isEmpty { err("users", r.line, "sourcedId", "у пользователя нет ни одной роли в roles.csv"); continue }
            if roles.contains("student") {
                guard let d = demographics[sid] else { err("users", r.line, "sourcedId", "нет строки в demographics.csv (нужна дата рождения)"); continue }
                guard let birth = date("demographics", d, "birthDate") else { continue }
                let sex: Sex = value(d, "sex") == "male" ? .male : .female
                pupils.append(Pupil(id: Self.uuid(sid), schoolID: schoolID, name: name, sex: sex, birthDate: birth,
                                    externalID: value(r, "identifier").isEmpty ? nil : value(r, "identifier")))
                for a in OneRoster.list(value(r, "agentSourcedIds")) {
                    if users[a] == nil { err("users", r.line, "agentSourcedIds", "представителя «\(a)» нет в users.csv") } else { parentIDs.insert(a) }
                }
                continue
            }
            // Sign-in compares logins in lower case: a username «Ivanova.AN» is kept as «ivanova.an»; one that is no
            // login (spaces, other letters) gives way to a login made from the name.
            var login = value(r, "username").lowercased()
            if login.isEmpty || !Roster.validLogin(login) { login = Roster.login(for: name) }
            var candidate = login, n = 2
            while logins.contains(candidate) { candidate = "\(login)\(n)"; n += 1 }
            logins.insert(candidate)
            let u = User(id: Self.uuid(sid), schoolID: schoolID, login: candidate, passwordHash: passwordHash, name: name,
                         email: value(r, "email").isEmpty ? nil : value(r, "email"), phone: value(r, "phone").isEmpty ? nil : value(r, "phone"),
                         mustChangePassword: true)
            staff.append(u)
        }
        let taken = logins.isEmpty ? [] : try await User.query(on: db).filter(\.$login ~~ Array(logins)).all().map(\.login)
        for login in taken { errors.append("users.csv: логин «\(login)» уже занят в этой установке") }
        let author = staff.first { u in
            let roles = roleOf[sourcedOf[u.id!] ?? ""] ?? []
            return roles.contains("principal") || roles.contains("siteAdministrator") || roles.contains("systemAdministrator")
        }
        if author == nil { errors.append("roles.csv: нужен хотя бы один руководитель (principal, siteAdministrator или systemAdministrator)") }

        // Enrollments, gradebook.
        let pupilIDs = Set(pupils.compactMap(\.id))
        var enrolments: [Enrolment] = []
        for r in rows("enrollments") where value(r, "role") == "student" {
            let cls = value(r, "classSourcedId"), user = Self.uuid(value(r, "userSourcedId"))
            guard pupilIDs.contains(user) else { err("enrollments", r.line, "userSourcedId", "ученика «\(value(r, "userSourcedId"))» нет в users.csv"); continue }
            let code: String
            if let h = classes[cls], value(h, "classType") == "homeroom" { code = value(h, "classCode").isEmpty ? value(h, "title") : value(h, "classCode") }
            else if let i = items[cls] { code = i.classCode }
            else { err("enrollments", r.line, "classSourcedId", "класса «\(cls)» нет в classes.csv"); continue }
            guard let c = classGroups[code] else { continue }
            if enrolments.contains(where: { $0.$pupil.id == user && $0.$classGroup.id == c.id }) { continue }
            let e = Enrolment(schoolID: schoolID, pupilID: user, classGroupID: c.id!,
                              startsOn: date("enrollments", r, "beginDate", required: false) ?? yearStart ?? LocalDate(year: 2000, month: 1, day: 1)!,
                              endsOn: date("enrollments", r, "endDate", required: false))
            e.id = Self.uuid(value(r, "sourcedId"))
            enrolments.append(e)
        }
        let categories = unique("categories")
        let lineItems = unique("lineItems")
        for r in lineItems.values {
            if items[value(r, "classSourcedId")] == nil { err("lineItems", r.line, "classSourcedId", "предметного класса «\(value(r, "classSourcedId"))» нет в classes.csv") }
            let cat = value(r, "categorySourcedId")
            if !cat.isEmpty && categories[cat] == nil { err("lineItems", r.line, "categorySourcedId", "категории «\(cat)» нет в categories.csv") }
            _ = date("lineItems", r, "assignDate")
        }
        for r in rows("results") {
            if lineItems[value(r, "lineItemSourcedId")] == nil { err("results", r.line, "lineItemSourcedId", "работы «\(value(r, "lineItemSourcedId"))» нет в lineItems.csv") }
            if !pupilIDs.contains(Self.uuid(value(r, "studentSourcedId"))) { err("results", r.line, "studentSourcedId", "ученика «\(value(r, "studentSourcedId"))» нет в users.csv") }
            if value(r, "textScore").isEmpty && value(r, "score").isEmpty { err("results", r.line, "textScore", "нет ни textScore, ни score") }
        }
        guard errors.isEmpty, let author, let yearStart, let yearEnd else { throw OneRosterError(messages: errors) }

        // Everything checked: one transaction.
        var report = Report(schoolID: schoolID, schoolName: value(org, "name"))
        if !write {
            report.classes = classGroups.count; report.pupils = pupils.count; report.lessons = lineItems.count; report.marks = rows("results").count
            return report
        }
        let yearID = Self.uuid(value(yearRow, "sourcedId"))
        let school = School(id: schoolID, name: value(org, "name"), shortName: String(value(org, "name").prefix(60)), inn: value(org, "identifier"))
        let userIDBySourced = Dictionary(uniqueKeysWithValues: users.keys.map { ($0, Self.uuid($0)) })
        let periodsL = periods, classGroupsL = classGroups, scaleOfL = scaleOf, itemsL = items, pupilsL = pupils, staffL = staff
        let enrolmentsL = enrolments, roleOfL = roleOf, resultRows = rows("results")
        let homeroomsL = homerooms, teacherOfL = teacherOf
        final class Box: @unchecked Sendable { var report: Report; init(_ r: Report) { report = r } }
        let box = Box(report)
        try await db.writeTransaction { tx in
            try await school.create(on: tx)
            let defaults = try await SchoolDefaults.install(schoolID: schoolID, on: tx)
            try await AcademicYear(id: yearID, schoolID: schoolID, title: Self.v(yearRow, "title"), startsOn: yearStart, endsOn: yearEnd).create(on: tx)
            var periodRows: [Period] = []
            var number: [PeriodKind: Int] = [:]
            for p in periodsL {
                let title = Self.v(p.row, "title")
                let kind = MarksImport.periodKind(title) ?? .quarter
                number[kind, default: 0] += 1
                periodRows.append(Period(id: Self.uuid(Self.v(p.row, "sourcedId")), schoolID: schoolID, academicYearID: yearID, kind: kind,
                                         number: number[kind]!, title: title, startsOn: p.start, endsOn: p.end,
                                         gradeFrom: kind == .year ? 2 : 1, gradeTo: 11))
            }
            try await periodRows.create(on: tx)
            let scheme = periodRows.first { $0.kind != .year }?.kind ?? .quarter
            try await [
                AssessmentPolicy(schoolID: schoolID, academicYearID: yearID, gradeFrom: 1, gradeTo: 1, marksAllowed: false, periodKind: scheme,
                                 threshold5: 0, threshold4: 0, threshold3: 0, minMarks: 0, defaultScaleID: defaults.verbal),
                AssessmentPolicy(schoolID: schoolID, academicYearID: yearID, gradeFrom: 2, gradeTo: 11, marksAllowed: true, periodKind: scheme,
                                 threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3, defaultScaleID: defaults.fivePoint),
            ].create(on: tx)
            try await Program(schoolID: schoolID, kind: .primaryGeneral, title: "Основная образовательная программа").create(on: tx)
            // Work types: the package's categories replace the defaults.
            try await WorkType.query(on: tx).filter(\.$schoolID == schoolID).delete()
            var workTypes: [String: (UUID, Double)] = [:]
            for (i, r) in categories.values.sorted(by: { $0.line < $1.line }).enumerated() where Self.v(r, "sourcedId") != OneRosterExport.periodCategory {
                let w = WorkType(schoolID: schoolID, code: "c\(i + 1)", title: Self.v(r, "title"), weight: Double(Self.v(r, "weight")) ?? 1, sort: i)
                w.id = Self.uuid(Self.v(r, "sourcedId"))
                try await w.create(on: tx)
                workTypes[Self.v(r, "sourcedId")] = (w.id!, w.weight)
            }
            var subjects: [UUID: Subject] = [:]
            for (i, r) in courses.values.sorted(by: { $0.line < $1.line }).enumerated() where !homeroomCourses.contains(Self.v(r, "sourcedId")) {
                let code = Self.v(r, "courseCode").isEmpty ? "s\(i + 1)" : Self.v(r, "courseCode")
                let s = Subject(id: Self.uuid(Self.v(r, "sourcedId")), schoolID: schoolID, code: code, name: Self.v(r, "title"),
                                shortName: String(Self.v(r, "title").prefix(20)), sort: i)
                try await s.create(on: tx)
                subjects[s.id!] = s
            }
            box.report.subjects = subjects.count
            try await Array(staffL).create(on: tx)
            try await Array(pupilsL).create(on: tx)
            // Class teachers: a teacher enrolled in a homeroom class.
            for (code, c) in classGroupsL {
                if let h = homeroomsL[code], let t = teacherOfL[Self.v(h, "sourcedId")] { c.$classTeacher.id = userIDBySourced[t] }
            }
            try await Array(classGroupsL.values).create(on: tx)
            box.report.classes = classGroupsL.count
            var scales = try await MarkScale.query(on: tx).filter(\.$schoolID == schoolID).all()
            var itemRows: [CurriculumItem] = []
            var scaleOfItem: [UUID: MarkScale] = [:]
            for item in itemsL.values {
                let c = classGroupsL[item.classCode]!
                let wanted = scaleOfL[item.sourcedId]
                let defaultScale = c.grade == 1 ? defaults.verbal : defaults.fivePoint
                var scale = scales.first { $0.id == defaultScale }!
                if let wanted {
                    if let found = scales.first(where: { $0.kind == wanted.kind && $0.allowedValues == wanted.values }) { scale = found }
                    else {
                        let s = MarkScale(schoolID: schoolID, code: "imported\(scales.count + 1)", title: wanted.title.isEmpty ? wanted.values.joined(separator: "/") : wanted.title,
                                          kind: wanted.kind, allowedValues: wanted.values, inAverage: wanted.kind == .numeric)
                        try await s.create(on: tx)
                        scales.append(s)
                        scale = s
                    }
                }
                guard subjects[item.subject] != nil else { continue }
                itemRows.append(CurriculumItem(id: item.id, schoolID: schoolID, classGroupID: c.id!, subjectID: item.subject,
                                               teacherID: item.teacher.flatMap { userIDBySourced[$0] }, markScaleID: scale.id!, hoursPerWeek: 1))
                scaleOfItem[item.id] = scale
            }
            try await itemRows.create(on: tx)
            try await enrolmentsL.create(on: tx)
            box.report.pupils = pupilsL.count
            // Roles: leaders school-wide; teachers by what they teach; parents per child.
            var assignments: [RoleAssignment] = []
            for u in staffL {
                let sid = sourcedOf[u.id!]!
                let roles = roleOfL[sid] ?? []
                if roles.contains("principal") { assignments.append(RoleAssignment(schoolID: schoolID, userID: u.id!, role: .head, scope: .school)) }
                if roles.contains("siteAdministrator") { assignments.append(RoleAssignment(schoolID: schoolID, userID: u.id!, role: .deputyHead, scope: .school)) }
                if roles.contains("systemAdministrator") { assignments.append(RoleAssignment(schoolID: schoolID, userID: u.id!, role: .admin, scope: .school)) }
                if roles.contains("teacher") {
                    for c in classGroupsL.values where c.$classTeacher.id == u.id {
                        assignments.append(RoleAssignment(schoolID: schoolID, userID: u.id!, role: .classTeacher, scope: .classGroup(c.id!)))
                    }
                    for item in itemsL.values where item.teachers.contains(sid) {
                        let c = classGroupsL[item.classCode]!
                        if c.$classTeacher.id == u.id { continue }
                        assignments.append(RoleAssignment(schoolID: schoolID, userID: u.id!, role: .subjectTeacher,
                                                          scope: .classSubject(classGroup: c.id!, subject: item.subject)))
                    }
                }
                if roles.contains("parent") || roles.contains("guardian") { box.report.parents += 1 } else { box.report.staff += 1 }
            }
            var guardianLinks: [GuardianLink] = []
            for (sid, r) in users where roleOfL[sid]?.contains("student") == true {
                for a in OneRoster.list(Self.v(r, "agentSourcedIds")) {
                    guard let parent = staffL.first(where: { $0.id == Self.uuid(a) }) else { continue }
                    let guardianRole = roleOfL[a]?.contains("guardian") == true && roleOfL[a]?.contains("parent") != true
                    let male = parent.middleName.hasSuffix("ич") || parent.middleName.hasSuffix("оглы")
                    guardianLinks.append(GuardianLink(schoolID: schoolID, pupilID: Self.uuid(sid), userID: parent.id!,
                                                      relation: guardianRole ? .guardian : (male ? .father : .mother)))
                    assignments.append(RoleAssignment(schoolID: schoolID, userID: parent.id!, role: .parent, scope: .pupil(Self.uuid(sid))))
                }
            }
            try await guardianLinks.create(on: tx)
            try await assignments.create(on: tx)
            // Lessons and marks; period marks.
            let periodByID = Dictionary(uniqueKeysWithValues: periodRows.map { ($0.id!, $0) })
            var lessons: [Lesson] = []
            var lessonOf: [String: Lesson] = [:]
            var periodItem: [String: (item: UUID, period: UUID)] = [:]
            for r in lineItems.values.sorted(by: { $0.line < $1.line }) {
                guard let item = itemsL[Self.v(r, "classSourcedId")], let day = LocalDate(String(Self.v(r, "assignDate").prefix(10))) else { continue }
                if Self.v(r, "categorySourcedId") == OneRosterExport.periodCategory {
                    let period = Self.uuid(Self.v(r, "academicSessionSourcedId"))
                    if periodByID[period] != nil { periodItem[Self.v(r, "sourcedId")] = (item.id, period) }
                    continue
                }
                let l = Lesson(id: Self.uuid(Self.v(r, "sourcedId")), schoolID: schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                               date: day, topic: Self.v(r, "title"), workTypeID: workTypes[Self.v(r, "categorySourcedId")]?.0, createdBy: author.id)
                lessons.append(l)
                lessonOf[Self.v(r, "sourcedId")] = l
            }
            try await lessons.create(on: tx)
            box.report.lessons = lessons.count
            var marks: [MarkEvent] = []
            var periodMarks: [PeriodMark] = []
            let now = Date()
            for r in resultRows {
                let text = Self.v(r, "textScore").isEmpty ? Self.v(r, "score") : Self.v(r, "textScore")
                let pupil = Self.uuid(Self.v(r, "studentSourcedId"))
                if let l = lessonOf[Self.v(r, "lineItemSourcedId")], let item = l.$curriculumItem.id, let scale = scaleOfItem[item] {
                    let verbal = scale.kind == .verbal
                    let weight = MarkRules.weight(isMark: !verbal, workTypeWeight: l.$workType.id.flatMap { id in workTypes.values.first { $0.0 == id }?.1 },
                                                  scale: ScaleRule(kind: scale.kind, allowed: scale.allowedValues, inAverage: scale.inAverage))
                    marks.append(MarkEvent(schoolID: schoolID, lessonID: l.id!, pupilID: pupil, curriculumItemID: item, date: l.date,
                                           value: verbal ? nil : text, verbal: verbal ? text : nil, markScaleID: scale.id, weight: verbal ? 0 : weight,
                                           workTypeID: l.$workType.id, authorID: author.id!, recordedAt: now, reason: "Загрузка OneRoster"))
                } else if let p = periodItem[Self.v(r, "lineItemSourcedId")] {
                    let m = PeriodMark()
                    m.id = Self.uuid(Self.v(r, "sourcedId")); m.schoolID = schoolID; m.$pupil.id = pupil; m.$curriculumItem.id = p.item
                    m.$period.id = p.period; m.finalValue = text; m.reason = Self.v(r, "comment").isEmpty ? nil : Self.v(r, "comment")
                    m.status = .posted; m.decidedBy = author.id; m.decidedAt = now
                    periodMarks.append(m)
                }
            }
            for chunk in stride(from: 0, to: marks.count, by: 1000) { try await Array(marks[chunk..<min(chunk + 1000, marks.count)]).create(on: tx) }
            try await periodMarks.create(on: tx)
            box.report.marks = marks.count
            box.report.periodMarks = periodMarks.count
            try await AuditLog.append(AuditContext(schoolID: schoolID, actorID: nil, role: "command", address: "import"), on: tx,
                                      action: "import", objectKind: "oneroster", objectID: nil, pupilID: nil,
                                      details: "классов \(box.report.classes), учеников \(box.report.pupils), отметок \(box.report.marks)")
        }
        return box.report
    }
}
