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

    var roles: Set<Role> { Set(assignments.map(\.role)) }
    func has(_ role: Role) -> Bool { assignments.contains { $0.role == role } }

    /// The role named first in the interface.
    var primaryRole: Role {
        Role.allCases.first { has($0) } ?? .pupil
    }

    func decide(_ action: Action, _ target: Target) -> Decision {
        AccessPolicy.decide(assignments, action, target, on: today)
    }
}

struct CurrentActorKey: StorageKey { typealias Value = CurrentActor }

extension Request {
    /// The signed-in actor; routes behind `ActorMiddleware` always have one.
    var actor: CurrentActor {
        get throws {
            guard let a = storage[CurrentActorKey.self] else { throw Abort(.unauthorized) }
            return a
        }
    }
}

/// Requires a signed-in, active user and loads their assignments once per request.
struct ActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(User.self), user.active, let userID = user.id else {
            request.auth.logout(User.self)
            if request.method == .GET {
                let next = request.url.path == Paths.home ? "" : "?next=" + (request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "")
                return request.redirect(to: Paths.login + next)
            }
            throw Abort(.unauthorized)
        }
        guard let school = try await School.find(user.schoolID, on: request.db) else {
            throw Abort(.forbidden, reason: "Школа пользователя не найдена")
        }
        let rows = try await RoleAssignment.query(on: request.db)
            .filter(\.$user.$id == userID)
            .filter(\.$schoolID == user.schoolID)
            .all()
        let zone = TimeZone(identifier: school.timeZone) ?? TimeZone(identifier: "Europe/Moscow")!
        request.storage[CurrentActorKey.self] = CurrentActor(
            userID: userID, name: user.name, login: user.login, schoolID: user.schoolID, schoolName: school.shortName,
            assignments: rows.compactMap(\.assignment), today: LocalDate.today(in: zone))
        return try await next.respond(to: request)
    }
}
