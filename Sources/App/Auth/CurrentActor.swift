import Domain
import Fluent
import Vapor

extension User: ModelSessionAuthenticatable {}

/// The signed-in user with their role assignments in the current school: what the policy reads.
struct CurrentActor: Sendable {
    let userID: UUID
    let name: PersonName
    let login: String
    let schoolID: UUID
    let schoolName: String
    let assignments: [Assignment]
    let today: LocalDate
    /// The school's own time zone: its calendar decides "today" and "an earlier day".
    let timeZone: TimeZone
    /// Schools where the user holds an assignment (a switch appears when there are several).
    let schools: [(id: UUID, name: String)]

    /// The roles held today, for display only (the role named in the header, the home page's list):
    /// whether the actor may do something is the policy's answer, never a role's name.
    var rolesToday: [Role] {
        let held = Set(assignments.filter { $0.isValid(on: today) }.map(\.role))
        return Role.allCases.filter { held.contains($0) }
    }

    /// The role named first in the interface.
    var primaryRole: Role { rolesToday.first ?? assignments.first?.role ?? .pupil }

    func decide(_ action: Action, _ target: Target) -> Decision {
        AccessPolicy.decide(assignments, action, target, on: today)
    }

    /// The policy's answer for an action over the actor's whole school.
    func may(_ action: Action) -> Bool { decide(action, .school(schoolID)).allowed }

    /// The policy's answer for an action over a target.
    func may(_ action: Action, _ target: Target) -> Bool { decide(action, target).allowed }

    /// Acting as this child's family (a legal representative or the pupil), rather than as staff.
    func isFamily(of facts: PupilFacts) -> Bool { may(.representFamily, .pupil(facts)) }

    /// A class's records as a whole (its УУД levels, assessments, a subject's marks): no particular pupil.
    func classRecords(_ id: UUID, grade: Int, subject: UUID? = nil) -> Target {
        .journal(JournalFacts(schoolID: schoolID, classGroup: (id: id, grade: grade), subjectID: subject, programGroupID: nil, pupilID: nil))
    }

    /// A target for a class of the actor's school.
    func classTarget(_ id: UUID, grade: Int) -> Target { .classGroup(schoolID: schoolID, classGroupID: id, grade: grade) }
}

extension Request {
    /// The signed-in actor, if the policy allows `action` over their whole school; 403 otherwise.
    func require(_ action: Action) throws -> CurrentActor {
        let actor = try self.actor
        guard actor.may(action) else { throw Abort(.forbidden) }
        return actor
    }

    /// The signed-in school admin (accounts, the roster, slips); 403 for anyone else.
    func requireAdmin() throws -> CurrentActor { try require(.manageUsers) }

    /// The accounts pages: the admin (accounts and roles but leadership) or the head (leadership roles).
    func requireAccountsPage() throws -> CurrentActor {
        let actor = try self.actor
        guard actor.may(.manageUsers) || actor.may(.grantLeadership) else { throw Abort(.forbidden) }
        return actor
    }

    /// Giving or taking `role` (403 with the reason when it is a leadership role and the actor not the head).
    func requireGrant(_ role: Role) throws {
        guard try actor.may(role.grantedBy) else {
            throw Abort(.forbidden, reason: t(role.isLeadership ? "users.error.leadership" : "users.error.role_admin"))
        }
    }
}

extension CurrentActor {
    /// The user's assignments in `wanted` (if they hold one there) or their home school: what the policy reads.
    static func load(_ request: Request, user: User, wanted: UUID?) async throws -> CurrentActor {
        let userID = user.id!
        let all = try await RoleAssignment.query(on: request.db).filter(\.$user.$id == userID).all()
        let schoolIDs = Array(Set(all.map(\.schoolID) + [user.schoolID]))
        let chosen = wanted.flatMap { schoolIDs.contains($0) ? $0 : nil } ?? user.schoolID
        let schools = try await School.query(on: request.db).filter(\.$id ~~ schoolIDs).all()
        guard let school = schools.first(where: { $0.id == chosen }) else {
            throw Abort(.forbidden, reason: request.t("error.no_school"))
        }
        let zone = school.zone
        return CurrentActor(
            userID: userID, name: user.name, login: user.login, schoolID: chosen, schoolName: school.shortName,
            assignments: all.filter { $0.schoolID == chosen }.compactMap(\.assignment), today: request.application.clock.today(in: zone), timeZone: zone,
            schools: schools.sorted { $0.shortName < $1.shortName }.map { ($0.id!, $0.shortName) })
    }
}

extension Request {
    /// The signed-in actor; routes behind `ActorMiddleware` always have one.
    var actor: CurrentActor {
        get throws {
            guard let a = storage[CurrentActorKey.self] else { throw Abort(.unauthorized) }
            return a
        }
    }
}
