import Domain
import Vapor

/// The pupil card (личное дело): ФИО, birth date, class history, guardians, groups.
struct PupilController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("pupils", ":pupilID", use: show)
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let name: String
        let birthDate: String
        let age: Int
        let currentClass: String
        let homeSchooled: Bool
        let specialConditions: Bool
        let classHistory: [PupilQueries.ClassHistoryRow]
        let guardians: [PupilQueries.GuardianRow]
        let groups: [PupilQueries.GroupRow]
        let accessLog: [AuditQueries.Row]?
        let resultsHref: String
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.actor
        // 6.2: an id outside the actor's reach answers 404, exactly like an id that does not exist.
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.personalFile))
        else { throw Abort(.notFound) }
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, t: { req.t($0) })
        try await AuditLog.record(req, action: "read", objectKind: "personal_file", objectID: pupil.id, pupilID: pupil.id)
        // A parent sees who viewed or changed their child's record, and when.
        var log: [AuditQueries.Row]?
        if actor.decide(.read(.auditLog), .pupil(facts)).allowed {
            log = try await AuditQueries.forPupil(on: req.db, schoolID: actor.schoolID, pupilID: id,
                                                  timeZone: TimeZone(identifier: "Europe/Moscow")!, t: { req.t($0) })
        }
        return try await req.view.render("pupils/show", ShowPage(
            page: req.page(pupil.name.full, section: actor.has(.parent) && !actor.roles.contains(where: \.isStaff) ? "home" : "classes"),
            name: pupil.name.full, birthDate: RussianText.longDate(pupil.birthDate), age: pupil.birthDate.age(on: actor.today),
            currentClass: card.currentClass ?? "—", homeSchooled: pupil.homeSchooled, specialConditions: pupil.specialConditions,
            classHistory: card.classHistory, guardians: card.guardians, groups: card.groups, accessLog: log,
            resultsHref: Paths.pupil(id) + "/results"))
    }
}
