import Domain
import Fluent
import Foundation

/// What the setup form asks for, checked field by field (every problem named in Russian), then applied in one
/// transaction: nothing half-made if anything fails.
struct SetupPlan: Sendable {
    struct Invalid: Error { let messages: [String] }
    struct SubjectPlan: Sendable { let name: String; let code: String; let hours: [Double]; let passFail: Bool }

    let name, shortName, address, inn, ogrn: String
    let headName: PersonName
    let adminLogin: String
    let adminName: PersonName
    let password: String
    let yearStart, yearEnd: LocalDate
    let scheme: PeriodKind
    let periods: [(title: String, start: LocalDate, end: LocalDate)]
    let letters: [Int: [String]]
    let subjects: [SubjectPlan]

    static func parse(_ f: [String: String], expectedToken: String?, t: (String) -> String) throws -> SetupPlan {
        var errors: [String] = []
        func text(_ k: String) -> String { (f[k] ?? "").trimmingCharacters(in: .whitespaces) }
        if let expected = expectedToken, !CSRF.equal(text("token"), expected) { errors.append(t("setup.error.token")) }
        let name = text("name"), shortName = text("short_name")
        if name.isEmpty { errors.append(t("setup.error.name")) }
        if shortName.isEmpty { errors.append(t("setup.error.short_name")) }
        let inn = text("inn"), ogrn = text("ogrn")
        if !inn.isEmpty && !FOPNOO.validINN(inn) { errors.append(t("setup.error.inn")) }
        if !ogrn.isEmpty && !FOPNOO.validOGRN(ogrn) { errors.append(t("setup.error.ogrn")) }
        let head = PersonName(parsing: text("head_name"))
        if head == nil { errors.append(t("setup.error.head")) }
        let login = text("login").lowercased()
        if !Roster.validLogin(login) { errors.append(t("users.error.login")) }
        let admin = PersonName(parsing: text("admin_name"))
        if admin == nil { errors.append(t("setup.error.admin_name")) }
        let password = f["password"] ?? ""
        if let p = PasswordRules.problem(password, login: login) { errors.append(t(p)) }
        if password != (f["password_repeat"] ?? "") { errors.append(t("password.error.repeat")) }
        let start = LocalDate(text("year_start")), end = LocalDate(text("year_end"))
        if start == nil || end == nil || start! >= end! { errors.append(t("setup.error.year")) }
        let scheme: PeriodKind = text("scheme") == "trimester" ? .trimester : .quarter
        var periods: [(String, LocalDate, LocalDate)] = []
        let count = scheme == .quarter ? 4 : 3
        for i in 1...count {
            guard let ps = LocalDate(text("p\(i)_start")), let pe = LocalDate(text("p\(i)_end")), ps <= pe else {
                errors.append(t("setup.error.period").replacingOccurrences(of: "{0}", with: "\(i)")); continue
            }
            if let start, let end, ps < start || pe > end { errors.append(t("setup.error.period_year").replacingOccurrences(of: "{0}", with: "\(i)")) }
            if let last = periods.last, ps <= last.2 { errors.append(t("setup.error.period_order").replacingOccurrences(of: "{0}", with: "\(i)")) }
            periods.append(("\(i) \(scheme == .quarter ? "четверть" : "триместр")", ps, pe))
        }
        var letters: [Int: [String]] = [:]
        for g in 1...4 {
            let list = text("letters_\(g)").split(whereSeparator: { $0 == "," || $0 == " " }).map { String($0).uppercased() }.filter { !$0.isEmpty }
            if list.contains(where: { $0.count > 2 }) || Set(list).count != list.count {
                errors.append(t("setup.error.letters").replacingOccurrences(of: "{0}", with: "\(g)"))
            }
            if !list.isEmpty { letters[g] = list }
        }
        if letters.isEmpty { errors.append(t("setup.error.no_classes")) }
        var subjects: [SubjectPlan] = []
        for i in 0..<12 {
            let sname = text("subject_\(i)_name")
            if sname.isEmpty { continue }
            var hours: [Double] = []
            for g in 1...4 {
                let h = text("subject_\(i)_h\(g)").replacingOccurrences(of: ",", with: ".")
                if h.isEmpty { hours.append(0); continue }
                guard let v = Double(h), v >= 0, v <= 10 else {
                    errors.append(t("setup.error.hours").replacingOccurrences(of: "{0}", with: sname)); hours.append(0); continue
                }
                hours.append(v)
            }
            let known = FOPNOO.subjects.first { $0.name == sname }
            subjects.append(SubjectPlan(name: sname, code: known?.code ?? "s\(i)", hours: hours, passFail: known?.passFail ?? false))
        }
        if subjects.isEmpty { errors.append(t("setup.error.no_subjects")) }
        guard errors.isEmpty, let head, let admin, let start, let end else { throw Invalid(messages: errors) }
        return SetupPlan(name: name, shortName: shortName, address: text("address"), inn: inn, ogrn: ogrn, headName: head,
                         adminLogin: login, adminName: admin, password: password, yearStart: start, yearEnd: end, scheme: scheme,
                         periods: periods, letters: letters, subjects: subjects)
    }

    /// Creates the school with everything the plan names, and its admin; one transaction.
    /// The school, its rules, year, classes and admin, and the audit event of its creation, in one transaction.
    func apply(on db: any Database, passwordHash: String, address: String = "cli") async throws -> (School, User) {
        try await db.writeTransaction { tx in
            let school = School(id: UUID(), name: name, shortName: shortName, address: address, inn: inn, ogrn: ogrn, headName: headName.full)
            try await school.create(on: tx)
            let sid = school.id!
            let scales = try await SchoolDefaults.install(schoolID: sid, on: tx)
            let year = AcademicYear(id: UUID(), schoolID: sid, title: "\(yearStart.year)/\(yearStart.year + 1)", startsOn: yearStart, endsOn: yearEnd)
            try await year.create(on: tx)
            for (i, p) in periods.enumerated() {
                try await Period(schoolID: sid, academicYearID: year.id!, kind: scheme, number: i + 1, title: p.title,
                                 startsOn: p.start, endsOn: p.end, gradeFrom: 1, gradeTo: 4).create(on: tx)
            }
            try await Period(schoolID: sid, academicYearID: year.id!, kind: .year, number: periods.count + 1, title: "Год",
                             startsOn: yearStart, endsOn: yearEnd, gradeFrom: 2, gradeTo: 4).create(on: tx)
            try await [
                AssessmentPolicy(schoolID: sid, academicYearID: year.id!, gradeFrom: 1, gradeTo: 1, marksAllowed: false, periodKind: scheme,
                                 threshold5: 0, threshold4: 0, threshold3: 0, minMarks: 0, defaultScaleID: scales.verbal),
                AssessmentPolicy(schoolID: sid, academicYearID: year.id!, gradeFrom: 2, gradeTo: 4, marksAllowed: true, periodKind: scheme,
                                 threshold5: 4.65, threshold4: 3.65, threshold3: 2.65, minMarks: 3, defaultScaleID: scales.fivePoint),
            ].create(on: tx)
            let subjectRows = subjects.enumerated().map { i, s in
                Subject(id: UUID(), schoolID: sid, code: s.code, name: s.name, shortName: String(s.name.prefix(20)), sort: i)
            }
            try await subjectRows.create(on: tx)
            for (grade, list) in letters.sorted(by: { $0.key < $1.key }) {
                for letter in list {
                    let c = ClassGroup(id: UUID(), schoolID: sid, academicYearID: year.id!, grade: grade, letter: letter, classTeacherID: nil)
                    try await c.create(on: tx)
                    for (i, s) in subjects.enumerated() where s.hours[grade - 1] > 0 {
                        let scale = grade == 1 ? scales.verbal : (s.passFail ? scales.passFail : scales.fivePoint)
                        try await CurriculumItem(schoolID: sid, classGroupID: c.id!, subjectID: subjectRows[i].id!, teacherID: nil,
                                                 markScaleID: scale, hoursPerWeek: s.hours[grade - 1]).create(on: tx)
                    }
                }
            }
            try await Program(schoolID: sid, kind: .primaryGeneral, title: "Основная образовательная программа НОО").create(on: tx)
            let admin = User(id: UUID(), schoolID: sid, login: adminLogin, passwordHash: passwordHash, name: adminName)
            try await admin.create(on: tx)
            try await RoleAssignment(schoolID: sid, userID: admin.id!, role: .admin, scope: .school).create(on: tx)
            try await AuditLog.append(AuditContext(schoolID: sid, actorID: admin.id, role: "admin", address: address), on: tx,
                                      action: "create", objectKind: "school", objectID: sid, pupilID: nil, details: "setup")
            return (school, admin)
        }
    }
}
