import Domain
import Fluent
import Vapor

/// The home page: what each role the user holds needs first.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
    }

    struct HomePage: Encodable {
        let page: PageMeta
        let greeting: String
        let roles: [String]
        let isLeadership: Bool
        let isAdmin: Bool
        let isTeacher: Bool
        let isParent: Bool
        let summary: HomeQueries.SchoolSummary?
        let homeroom: [ClassQueries.Row]
        let lessons: [HomeQueries.TeachingRow]
        let groups: [HomeQueries.GroupRow]
        let children: [HomeQueries.ChildRow]
        let childrenTitle: String
        let welcome: Bool
        /// Requests of parents past their legal term (6.3): shown to the head and deputy head first.
        let overdueRequests: Int
        /// The head's: who gave or took which role in the last 30 days (nil for anyone else).
        let roleChanges: [HomeQueries.RoleChange]?
    }

    @Sendable func home(req: Request) async throws -> View {
        let actor = try req.actor
        let leadership = actor.may(.control)
        let admin = actor.may(.manageUsers)
        let teacher = actor.may(.viewJournals)
        let parent = !AccessPolicy.ownPupils(actor.assignments, schoolID: actor.schoolID, on: actor.today).isEmpty
        let summary = leadership || admin ? try await HomeQueries.schoolSummary(on: req.db, actor: actor) : nil
        var teaching: (homeroom: [ClassQueries.Row], lessons: [HomeQueries.TeachingRow], groups: [HomeQueries.GroupRow]) = ([], [], [])
        if teacher { teaching = try await HomeQueries.teaching(on: req.db, actor: actor, t: { req.t($0) }) }
        let children = parent ? try await HomeQueries.children(on: req.db, actor: actor) : []
        let roles = actor.rolesToday.map { req.t("role.\($0.rawValue)") }
        var overdue = 0
        if actor.may(.overseeSchool) {
            overdue = try await InformationRequest.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$status != .answered).all()
                .filter { ($0.extendedUntil ?? $0.dueOn) < actor.today }.count
        }
        return try await req.view.render("home/index", HomePage(
            page: req.page(req.t("home.title"), section: "home"),
            greeting: req.t("home.greeting", [actor.name.firstName, actor.name.middleName].filter { !$0.isEmpty }.joined(separator: " ")),
            roles: roles, isLeadership: leadership, isAdmin: admin, isTeacher: teacher, isParent: parent,
            summary: summary, homeroom: teaching.homeroom, lessons: teaching.lessons, groups: teaching.groups,
            children: children, childrenTitle: req.t(actor.primaryRole == .pupil ? "home.me" : "home.children"),
            welcome: (try? req.query.get(Int.self, at: "welcome")) == 1, overdueRequests: overdue,
            roleChanges: actor.may(.grantLeadership) ? try await HomeQueries.roleChanges(on: req.db, actor: actor, t: { req.t($0) }) : nil))
    }
}
