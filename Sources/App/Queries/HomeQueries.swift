import Domain
import Fluent
import Vapor

/// What each role's home page shows.
enum HomeQueries {
    struct SchoolSummary: Encodable {
        let year: String
        let classes: Int
        let pupils: Int
        let staff: Int
        let parents: Int
    }

    static func schoolSummary(on db: any Database, actor: CurrentActor) async throws -> SchoolSummary {
        let year = try await SchoolQueries.currentYear(on: db, schoolID: actor.schoolID, today: actor.today)
        let classes = try await ClassGroup.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == (year?.id ?? UUID())).count()
        let pupils = try await Pupil.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$status == .active).count()
        let parentRoles = [Role.parent.rawValue, Role.pupil.rawValue]
        let staff = try await RoleAssignment.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$role !~ parentRoles.compactMap(Role.init(rawValue:)))
            .unique().all(\.$user.$id)
        let parents = try await GuardianLink.query(on: db).filter(\.$schoolID == actor.schoolID).unique().all(\.$user.$id)
        return SchoolSummary(year: year?.title ?? "—", classes: classes, pupils: pupils,
                             staff: Set(staff).count, parents: Set(parents).count)
    }

    struct TeachingRow: Encodable {
        let classTitle: String
        let subject: String
        let href: String
    }

    struct GroupRow: Encodable {
        let title: String
        let kind: String
        let members: Int
    }

    /// The classes and subjects a teacher teaches, and the groups they lead.
    static func teaching(on db: any Database, actor: CurrentActor, t: (String) -> String) async throws -> (homeroom: [ClassQueries.Row], lessons: [TeachingRow], groups: [GroupRow]) {
        let all = try await ClassQueries.list(on: db, actor: actor)
        let homeroomIDs = AccessPolicy.homeClasses(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        let items = try await CurriculumItem.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$teacher.$id == actor.userID)
            .with(\.$subject).with(\.$classGroup)
            .all()
            .sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.subject.sort) < ($1.classGroup.grade, $1.classGroup.letter, $1.subject.sort) }
        let groups = try await ProgramGroup.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$teacher.$id == actor.userID)
            .all()
        // Members of all the teacher's groups in one query, not one per group.
        let members = groups.isEmpty ? [] : try await GroupMembership.query(on: db)
            .filter(\.$programGroup.$id ~~ groups.compactMap(\.id)).filter(\.$endsOn == nil).all()
        let count = Dictionary(grouping: members, by: { $0.$programGroup.id }).mapValues(\.count)
        let groupRows = groups.map { g in
            GroupRow(title: g.title, kind: t("group.kind.\(g.kind.rawValue)"), members: count[g.id!] ?? 0)
        }
        return (all.filter { homeroomIDs.contains($0.id) },
                items.map { TeachingRow(classTitle: $0.classGroup.title, subject: $0.subject.name, href: RouteTable.classGroup.path($0.classGroup.id!)) },
                groupRows)
    }

    struct ChildRow: Encodable {
        let name: String
        let classTitle: String
        let birthDate: String
        let href: String
        let resultsHref: String
        let portfolioHref: String
    }

    /// A parent's own children (and a pupil's own record): the only pupils such an account reaches.
    static func children(on db: any Database, actor: CurrentActor) async throws -> [ChildRow] {
        let ids = AccessPolicy.ownPupils(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        guard !ids.isEmpty else { return [] }
        let pupils = try await Pupil.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$id ~~ Array(ids))
            .sort(\.$birthDate)
            .all()
        let enrolments = try await Enrolment.query(on: db)
            .filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ Array(ids))
            .filter(\.$endsOn == nil)
            .with(\.$classGroup)
            .all()
        let classOf = Dictionary(enrolments.map { ($0.$pupil.id, $0.classGroup.title) }, uniquingKeysWith: { a, _ in a })
        return pupils.map { p in
            ChildRow(name: p.name.full, classTitle: classOf[p.id!] ?? "—", birthDate: p.birthDate.russian, href: RouteTable.pupil.path(p.id!),
                     resultsHref: RouteTable.pupilsResults.path(p.id!), portfolioHref: RouteTable.pupilsPortfolio.path(p.id!))
        }
    }
}

extension HomeQueries {
    struct RoleChange: Encodable {
        let when: String
        let who: String
        let what: String
        let account: String
        let role: String
    }

    /// Accounts made and roles given or taken in the school over the last 30 days, newest first (at most 100): what the
    /// head checks so that no one gives themselves more than they should have.
    static func roleChanges(on db: any Database, actor: CurrentActor, t: (String) -> String, now: Date = Date()) async throws -> [RoleChange] {
        let events = try await AuditEvent.query(on: db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$action ~~ ["create_user", "add_assignment", "remove_assignment", "reset_password", "activate_user", "deactivate_user"]).filter(\.$at >= now.addingTimeInterval(-30 * 86_400))
            .sort(\.$at, .descending).limit(100).all()
        let ids = Array(Set(events.compactMap(\.actorUserID)))
        let names = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name.short) })
        return events.map { e in
            // «login role» (earlier events: the role alone).
            let parts = e.details.split(separator: " ").map(String.init)
            let granted = parts.last.flatMap(Role.init(rawValue:))
            let role = granted.map { t("role.\($0.rawValue)") } ?? ""
            return RoleChange(when: SchoolTime.dateTime(e.at, in: actor.timeZone),
                              who: AuditQueries.who(e, names: names, t: t),
                              what: AuditQueries.label(action: e.action, kind: e.objectKind, t: t), account: granted != nil && parts.count > 1 ? parts[0] : "", role: role)
        }
    }
}
