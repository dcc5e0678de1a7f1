import Domain
import Fluent
import Vapor

/// First run: while the database has no school, an admin sets one up — details, the school year and its periods,
/// classes, subjects per grade (from ФОП НОО, editable) and their own account. A one-time token printed by
/// `kopilka serve` keeps a stranger on the network from taking the empty installation.
struct SetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.setup, use: form)
        routes.post(.setup, use: create)
    }

    struct SubjectRow: Encodable { let index: Int; let name: String; let hours: [String] }
    struct Page: Encodable {
        let page: PageMeta
        let form: [String: String]
        let subjects: [SubjectRow]
        let errors: [String]
        let quarters: Bool
    }

    private func defaults(_ req: Request) -> [String: String] {
        let today = req.application.clock.today(in: SchoolTime.defaultZone)
        let y = today.month >= 6 ? today.year : today.year - 1
        var f: [String: String] = ["year_start": "\(y)-09-01", "year_end": "\(y + 1)-05-26", "scheme": "quarter",
                                   "letters_1": "А, Б", "letters_2": "А, Б", "letters_3": "А, Б", "letters_4": "А, Б"]
        for (i, p) in FOPNOO.periods(.quarter, startYear: y).enumerated() {
            f["p\(i + 1)_start"] = p.start.iso
            f["p\(i + 1)_end"] = p.end.iso
        }
        f["token"] = (try? req.query.get(String.self, at: "token")) ?? ""
        return f
    }

    private func render(_ req: Request, form: [String: String], errors: [String]) async throws -> Response {
        let subjects: [SubjectRow]
        if form["subject_0_name"] != nil {
            subjects = (0..<12).compactMap { i in
                guard let name = form["subject_\(i)_name"] else { return nil }
                return SubjectRow(index: i, name: name, hours: (1...4).map { form["subject_\(i)_h\($0)"] ?? "" })
            }
        } else {
            subjects = FOPNOO.subjects.enumerated().map { i, s in
                SubjectRow(index: i, name: s.name, hours: s.hours.map { $0 == 0 ? "" : PeriodMarksFormat.weight($0) })
            } + [SubjectRow(index: FOPNOO.subjects.count, name: "", hours: ["", "", "", ""])]
        }
        let page = Page(page: req.publicPage(req.t("setup.title")), form: form, subjects: subjects, errors: errors,
                        quarters: (form["scheme"] ?? "quarter") == "quarter")
        return try await req.view.render("setup/index", page).encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func form(req: Request) async throws -> Response {
        guard try await SchoolQueries.noSchool(req.db) else { throw Abort(.notFound) }
        return try await render(req, form: defaults(req), errors: [])
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard try await SchoolQueries.noSchool(req.db) else { throw Abort(.notFound) }
        var form = (try? req.content.decode([String: String].self)) ?? [:]
        form.removeValue(forKey: CSRF.field)
        form.removeValue(forKey: OneTime.field)
        let plan: SetupPlan
        do {
            plan = try SetupPlan.parse(form, expectedToken: req.application.setupToken, t: { req.t($0) })
        } catch let e as SetupPlan.Invalid {
            var shown = form
            shown.removeValue(forKey: "password"); shown.removeValue(forKey: "password_repeat")
            return try await render(req, form: shown, errors: e.messages)
        }
        if try await User.query(on: req.db).filter(\.$login == plan.adminLogin).count() > 0 {
            return try await render(req, form: form, errors: [req.t("users.error.login_taken")])
        }
        let hash = try await req.password.async.hash(plan.password)
        let (_, admin) = try await plan.apply(on: req.db, passwordHash: hash, address: req.clientAddress)
        req.application.storage[SetupTokenKey.self] = nil
        try await SessionClock.signIn(req, admin)  // on a fresh session
        return req.redirect(to: RouteTable.home.path() + "?welcome=1")
    }
}

extension Application {
    /// The one-time setup token of an empty installation (nil once a school exists).
    var setupToken: String? { storage[SetupTokenKey.self] }

    /// Makes the token when the database has no school yet, and returns it.
    func prepareSetupToken() async throws -> String? {
        guard try await SchoolQueries.noSchool(db) else { return nil }
        if let t = storage[SetupTokenKey.self] { return t }
        let t = Environment.get("KOPILKA_SETUP_TOKEN") ?? CSRF.randomToken(bytes: 9)
        storage[SetupTokenKey.self] = t
        return t
    }
}
