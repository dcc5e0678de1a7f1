import Domain
import Fluent
import Vapor

/// Accounts of the actor's school, for the admin.
enum UserQueries {
    struct Row: Encodable {
        let login: String
        let name: String
        let roles: String
        let active: Bool
        let href: String
    }

    /// Users whose home school is this one or who hold an assignment here; `q` filters by login or surname.
    static func list(on db: any Database, schoolID: UUID, q: String, t: (String) -> String) async throws -> [Row] {
        let assigned = try await RoleAssignment.query(on: db).filter(\.$schoolID == schoolID).all()
        let byUser = Dictionary(grouping: assigned, by: { $0.$user.id })
        var query = User.query(on: db).group(.or) { or in
            or.filter(\.$schoolID == schoolID)
            if !byUser.isEmpty { or.filter(\.$id ~~ Array(byUser.keys)) }
        }
        let needle = q.trimmingCharacters(in: .whitespaces)
        if !needle.isEmpty {
            query = query.group(.or) { $0.filter(\.$login ~~ needle.lowercased()).filter(\.$lastName ~~ needle) }
        }
        let users = try await query.sort(\.$lastName).sort(\.$firstName).limit(1000).all()
        return users.map { u in
            let roles = Set((byUser[u.id!] ?? []).map(\.role)).sorted { $0.rawValue < $1.rawValue }.map { t("role.\($0.rawValue)") }
            return Row(login: u.login, name: u.name.full, roles: roles.joined(separator: ", "), active: u.active, href: RouteTable.adminUser.path(u.id!))
        }
    }

    /// A user the admin of `schoolID` may manage: home school here or an assignment here; nil otherwise (404).
    static func managed(on db: any Database, schoolID: UUID, userID: UUID) async throws -> User? {
        guard let user = try await User.find(userID, on: db) else { return nil }
        if user.schoolID == schoolID { return user }
        let here = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$schoolID == schoolID).count()
        return here > 0 ? user : nil
    }

    struct AssignmentRow: Encodable {
        let id: String
        let role: String
        let scope: String
        let dates: String
    }

    /// A user's assignments in this school, described for people.
    static func assignments(on db: any Database, schoolID: UUID, userID: UUID, t: (String) -> String) async throws -> [AssignmentRow] {
        let rows = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$schoolID == schoolID).all()
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == schoolID).all()
        let className = Dictionary(uniqueKeysWithValues: classes.map { ($0.id!, $0.title) })
        let subjects = Dictionary(uniqueKeysWithValues: try await Subject.query(on: db).filter(\.$schoolID == schoolID).all().map { ($0.id!, $0.name) })
        let groups = Dictionary(uniqueKeysWithValues: try await ProgramGroup.query(on: db).filter(\.$schoolID == schoolID).all().map { ($0.id!, $0.title) })
        let pupilIDs = rows.compactMap(\.pupilID)
        let pupils = pupilIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await Pupil.query(on: db)
            .filter(\.$schoolID == schoolID).filter(\.$id ~~ pupilIDs).all().map { ($0.id!, $0.name.full) })
        return rows.sorted { $0.role.rawValue < $1.role.rawValue }.map { r in
            let scope: String
            switch r.scopeKind {
            case "school": scope = t("scope.school")
            case "grades": scope = t("scope.grades") + " \(r.gradeFrom ?? 0)–\(r.gradeTo ?? 0)"
            case "class": scope = t("scope.class") + " " + (r.classGroupID.flatMap { className[$0] } ?? "?")
            case "class_subject": scope = (r.classGroupID.flatMap { className[$0] } ?? "?") + ", " + (r.subjectID.flatMap { subjects[$0] } ?? "?")
            case "group": scope = r.programGroupID.flatMap { groups[$0] } ?? "?"
            case "pupil": scope = r.pupilID.flatMap { pupils[$0] } ?? "?"
            default: scope = r.scopeKind
            }
            let dates = [r.validFrom.map { t("scope.from") + " " + $0.russian }, r.validTo.map { t("scope.to") + " " + $0.russian }]
                .compactMap { $0 }.joined(separator: " ")
            return AssignmentRow(id: r.id!.uuidString.lowercased(), role: t("role.\(r.role.rawValue)"), scope: scope, dates: dates)
        }
    }

    struct Option: Encodable {
        let id: String
        let title: String
    }

    struct ScopeOptions: Encodable {
        let roles: [Option]
        let classes: [Option]
        let subjects: [Option]
        let groups: [Option]
        let pupils: [Option]
    }

    /// What the assignment form offers: only this school's classes, subjects, groups and pupils.
    static func scopeOptions(on db: any Database, actor: CurrentActor, t: (String) -> String) async throws -> ScopeOptions {
        let year = try await SchoolQueries.currentYear(on: db, schoolID: actor.schoolID, today: actor.today)
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == (year?.id ?? UUID())).sort(\.$grade).sort(\.$letter).all()
        let subjects = try await Subject.query(on: db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all()
        let groups = try await ProgramGroup.query(on: db).filter(\.$schoolID == actor.schoolID).sort(\.$title).all()
        let enrolments = try await Enrolment.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$endsOn == nil)
            .with(\.$pupil).with(\.$classGroup).all()
            .sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.pupil.lastName, $0.pupil.firstName)
                < ($1.classGroup.grade, $1.classGroup.letter, $1.pupil.lastName, $1.pupil.firstName) }
        return ScopeOptions(
            // Only the roles this actor may give: an admin never sees the leadership roles, the head sees only those.
            roles: Role.allCases.filter { actor.may($0.grantedBy) }.map { Option(id: $0.rawValue, title: t("role.\($0.rawValue)")) },
            classes: classes.map { Option(id: $0.id!.uuidString.lowercased(), title: $0.title) },
            subjects: subjects.map { Option(id: $0.id!.uuidString.lowercased(), title: $0.name) },
            groups: groups.map { Option(id: $0.id!.uuidString.lowercased(), title: $0.title) },
            pupils: enrolments.map { Option(id: $0.pupil.id!.uuidString.lowercased(), title: "\($0.classGroup.title) — \($0.pupil.name.full)") })
    }
}

extension UserQueries {
    /// The active accounts of a school the access policy allows `action` over the whole school today, by login: whom a
    /// console command acts for (the head who closes the year or signs a справка, the deputy who imports marks).
    static func allowed(_ action: Action, schoolID: UUID, today: LocalDate, on db: any Database) async throws -> [User] {
        let rows = try await RoleAssignment.query(on: db).filter(\.$schoolID == schoolID).with(\.$user).all()
        return Dictionary(grouping: rows, by: { $0.$user.id }).values.compactMap { own -> User? in
            guard let user = own.first?.user, user.active,
                  AccessPolicy.decide(own.compactMap(\.assignment), action, .school(schoolID), on: today).allowed else { return nil }
            return user
        }.sorted { $0.login < $1.login }
    }
}
