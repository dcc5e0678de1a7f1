import Domain
import Fluent
import Foundation

/// Applies a checked roster in one transaction: pupils matched by external id or by ФИО + birth date (never guessed
/// otherwise), enrolled in their class, parents' accounts created or found and linked. The same file twice changes
/// nothing; a corrected file updates in place.
enum RosterImport {
    struct Report: Sendable {
        var created = 0
        var updated = 0
        var unchanged = 0
        var parentsCreated = 0
        var lines: [(line: Int, text: String)] = []
    }

    static func readTable(_ data: Data) throws -> Table {
        guard !data.isEmpty else { throw TableError.empty }
        return XLSXReader.isXLSX(data) ? try XLSXReader.read(data) : try CSVReader.read(data)
    }

    /// The school's current classes by title («2А» → id).
    static func classes(on db: any Database, schoolID: UUID, today: LocalDate) async throws -> [String: ClassGroup] {
        guard let year = try await SchoolQueries.currentYear(on: db, schoolID: schoolID, today: today) else { return [:] }
        let list = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!).all()
        return Dictionary(uniqueKeysWithValues: list.map { ($0.title.uppercased(), $0) })
    }

    static func apply(_ rows: [RosterRow], on db: any Database, schoolID: UUID, today: LocalDate, actorID: UUID?,
                      passwordHash: String, dryRun: Bool = false, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Report {
        let classByTitle = try await classes(on: db, schoolID: schoolID, today: today)
        let work: @Sendable (any Database) async throws -> Report = { tx in
            var report = Report()
            // Separation of duties: a list (the admin's) never gives a role to a leader's account, a parent's included —
            // the head links their own children on the account page. Read once for the whole file.
            let leaders = Set(try await RoleAssignment.query(on: tx).filter(\.$schoolID == schoolID)
                .filter(\.$role ~~ Role.allCases.filter(\.isLeadership)).all(\.$user.$id))
            for (n, row) in rows.enumerated() {
                progress?(n + 1)
                guard let classGroup = classByTitle[row.classTitle] else { continue }
                var changed = false
                var created = false
                // Match: the external id first, then ФИО + birth date.
                var pupil: Pupil?
                if let ext = row.externalID {
                    pupil = try await Pupil.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$externalID == ext).first()
                }
                if pupil == nil {
                    pupil = try await Pupil.query(on: tx).filter(\.$schoolID == schoolID).filter(\.$lastName == row.name.lastName)
                        .filter(\.$firstName == row.name.firstName).filter(\.$middleName == row.name.middleName)
                        .filter(\.$birthDate == row.birthDate).first()
                }
                let p: Pupil
                if let existing = pupil {
                    p = existing
                    if p.name != row.name || p.birthDate != row.birthDate || p.homeSchooled != row.homeSchooled || (row.externalID != nil && p.externalID != row.externalID) {
                        p.lastName = row.name.lastName; p.firstName = row.name.firstName; p.middleName = row.name.middleName
                        p.birthDate = row.birthDate; p.homeSchooled = row.homeSchooled
                        if row.externalID != nil { p.externalID = row.externalID }
                        try await p.save(on: tx)
                        changed = true
                    }
                } else {
                    let sex: Sex = row.name.middleName.hasSuffix("на") || row.name.middleName.hasSuffix("кызы") ? .female : .male
                    p = Pupil(id: UUID(), schoolID: schoolID, name: row.name, sex: sex, birthDate: row.birthDate,
                              homeSchooled: row.homeSchooled, externalID: row.externalID)
                    try await p.create(on: tx)
                    created = true
                }
                // Enrolment: the class of the file; a move ends the old enrolment the day before.
                let current = try await Enrolment.query(on: tx).filter(\.$pupil.$id == p.id!).filter(\.$endsOn == nil).all()
                if !current.contains(where: { $0.$classGroup.id == classGroup.id }) {
                    for e in current {
                        e.endsOn = today.adding(days: -1)
                        e.reason = "Перевод в \(classGroup.title) (загрузка списка)"
                        try await e.save(on: tx)
                    }
                    let year = try await AcademicYear.find(classGroup.$academicYear.id, on: tx)!
                    try await Enrolment(schoolID: schoolID, pupilID: p.id!, classGroupID: classGroup.id!,
                                        startsOn: current.isEmpty ? max(year.startsOn, min(today, year.endsOn)) : today,
                                        reason: "Загрузка списка учеников").create(on: tx)
                    changed = true
                }
                for (i, parent) in row.parents.enumerated() {
                    let (user, isNew) = try await findOrCreateParent(parent, on: tx, schoolID: schoolID, pupilID: p.id!, passwordHash: passwordHash)
                    if isNew { report.parentsCreated += 1; changed = true }
                    guard try await GuardianLink.query(on: tx).filter(\.$pupil.$id == p.id!).filter(\.$user.$id == user.id!).count() == 0 else { continue }
                    if leaders.contains(user.id!) {
                        report.lines.append((row.line, "родитель «\(parent.name.full)» не связан с ребёнком: его учётная запись — руководителя школы,"
                            + " такую связь назначает директор на странице учётной записи"))
                        continue
                    }
                    try await GuardianLink(schoolID: schoolID, pupilID: p.id!, userID: user.id!, relation: i == 0 ? .mother : .father).create(on: tx)
                    try await RoleAssignment(schoolID: schoolID, userID: user.id!, role: .parent, scope: .pupil(p.id!)).create(on: tx)
                    changed = true
                }
                if created { report.created += 1; report.lines.append((row.line, "создан: \(row.name.full), \(classGroup.title)")) }
                else if changed { report.updated += 1; report.lines.append((row.line, "обновлён: \(row.name.full), \(classGroup.title)")) }
                else { report.unchanged += 1 }
                if created || changed {
                    try await AuditLog.append(AuditContext(schoolID: schoolID, actorID: actorID, role: "admin", address: "import"), on: tx,
                                              action: created ? "create" : "write", objectKind: "personal_file", objectID: p.id,
                                              pupilID: p.id, details: "roster line \(row.line)")
                }
            }
            if dryRun { throw DryRun(report: report) }
            return report
        }
        do {
            return try await db.writeTransaction(work)
        } catch let d as DryRun {
            return d.report
        }
    }

    /// A dry run does everything and then rolls back: the report is exactly what an apply would do.
    struct DryRun: Error { let report: Report }

    /// A parent already linked to the pupil under the same name, or a user with the same e-mail, or with the same
    /// name and phone; else a new account with a login from the name and an unusable password (slips set one).
    static func findOrCreateParent(_ p: ParentEntry, on db: any Database, schoolID: UUID, pupilID: UUID, passwordHash: String) async throws -> (User, Bool) {
        let linked = try await GuardianLink.query(on: db).filter(\.$pupil.$id == pupilID).with(\.$user).all().map(\.user)
        if let u = linked.first(where: { $0.name == p.name }) { return (u, false) }
        if let email = p.email, let u = try await User.query(on: db).filter(\.$schoolID == schoolID).filter(\.$email == email).first() {
            return (u, false)
        }
        if let phone = p.phone, let u = try await User.query(on: db).filter(\.$schoolID == schoolID).filter(\.$phone == phone)
            .filter(\.$lastName == p.name.lastName).filter(\.$firstName == p.name.firstName).first() {
            return (u, false)
        }
        let base = Roster.login(for: p.name)
        var login = base
        var n = 1
        while try await User.query(on: db).filter(\.$login == login).count() > 0 {
            n += 1
            login = "\(base)\(n)"
        }
        let u = User(id: UUID(), schoolID: schoolID, login: login, passwordHash: passwordHash, name: p.name, email: p.email,
                     phone: p.phone, mustChangePassword: true)
        try await u.create(on: db)
        return (u, true)
    }
}
