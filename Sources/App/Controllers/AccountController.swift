import Domain
import Fluent
import Vapor

/// The signed-in user's own account: password change, school switch.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.accountPassword, use: passwordForm)
        routes.post(.accountPassword, use: changePassword)
        routes.post(.accountSchool, use: switchSchool)
    }

    struct PasswordPage: Encodable {
        let page: PageMeta
        let forced: Bool
        let errors: [String: String]
        let done: Bool
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var repeat_: String?
        enum CodingKeys: String, CodingKey { case current, new, repeat_ = "repeat" }
    }

    @Sendable func passwordForm(req: Request) async throws -> View {
        let user = try req.auth.require(User.self)
        return try await req.view.render("account/password", PasswordPage(
            page: req.page(req.t("password.title"), section: "account"), forced: user.mustChangePassword, errors: [:],
            done: (try? req.query.get(Bool.self, at: "done")) == true))
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let user = try req.auth.require(User.self)
        let form = try req.content.decode(PasswordForm.self)
        var errors: [String: String] = [:]
        let current = form.current ?? "", new = form.new ?? "", again = form.repeat_ ?? ""
        if !(try await req.password.async.verify(current, created: user.passwordHash)) {
            errors["current"] = req.t("password.error.current")
        }
        if let problem = PasswordRules.problem(new, login: user.login) {
            errors["new"] = req.t(problem)
        } else if new == current {
            errors["new"] = req.t("password.error.same")
        }
        if again != new { errors["repeat"] = req.t("password.error.repeat") }
        guard errors.isEmpty else {
            return try await req.view.render("account/password", PasswordPage(
                page: req.page(req.t("password.title"), section: "account"), forced: user.mustChangePassword,
                errors: errors, done: false)).encodeResponse(status: .unprocessableEntity, for: req)
        }
        user.passwordHash = try await req.password.async.hash(new)
        user.mustChangePassword = false
        try await req.db.writeTransaction { tx in
            try await user.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "change_password", objectKind: "user", objectID: user.id, pupilID: nil)
        }
        // Every other session and API token of this user ended with the save (`CredentialsMiddleware`); this session
        // goes on under a new id, begun now.
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        SessionClock.start(req)
        SessionClock.keep(req, user)
        return req.redirect(to: RouteTable.accountPassword.path() + "?done=true")
    }

    struct SchoolForm: Content { var school: UUID? }

    /// Switches to another school where the user holds an assignment; any other id is ignored.
    @Sendable func switchSchool(req: Request) async throws -> Response {
        let actor = try req.actor
        let form = try req.content.decode(SchoolForm.self)
        guard let id = form.school, actor.schools.contains(where: { $0.id == id }) else { throw Abort(.notFound) }
        req.session.data["school"] = id.uuidString
        return req.redirect(to: RouteTable.home.path())
    }
}
