import Domain
import Fluent
import Vapor

/// The school's accounts: the admin creates users with a role and scope, resets a password, deactivates, adds or removes
/// roles — all but the leadership roles, which the head alone gives and takes (`Action.grantLeadership`).
struct UserAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.adminUsers, use: index)
        routes.get(.adminUsersNew, use: newForm)
        routes.post(.adminUsers, use: create)
        routes.get(.adminUser, use: show)
        routes.post(.adminUsersPassword, use: resetPassword)
        routes.post(.adminUsersActive, use: setActive)
        routes.post(.adminUsersAssignments, use: addAssignment)
        routes.post(.adminUsersAssignmentsDelete, use: removeAssignment)
    }


    /// The managed user named in the path, or 404 (malformed, unknown or of another school alike).
    private func target(_ req: Request, _ actor: CurrentActor) async throws -> User {
        guard let id = req.parameters.get("userID", as: UUID.self),
              let user = try await UserQueries.managed(on: req.db, schoolID: actor.schoolID, userID: id) else { throw Abort(.notFound) }
        return user
    }

    struct IndexPage: Encodable {
        let page: PageMeta
        let q: String
        let users: [UserQueries.Row]
    }

    @Sendable func index(req: Request) async throws -> View {
        let actor = try req.requireAccountsPage()
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let rows = try await UserQueries.list(on: req.db, schoolID: actor.schoolID, q: q, t: { req.t($0) })
        return try await req.view.render("admin/users", IndexPage(page: req.page(req.t("users.title"), section: "users"), q: q, users: rows))
    }

    struct UserForm: Content {
        var login: String?
        var last_name: String?
        var first_name: String?
        var middle_name: String?
        var email: String?
        var phone: String?
    }

    struct NewPage: Encodable {
        let page: PageMeta
        let form: [String: String]
        let errors: [String: String]
        let options: UserQueries.ScopeOptions
    }

    @Sendable func newForm(req: Request) async throws -> View {
        let actor = try req.requireAdmin()
        return try await req.view.render("admin/user-new", NewPage(
            page: req.page(req.t("users.new"), section: "users"), form: [:], errors: [:],
            options: try await UserQueries.scopeOptions(on: req.db, actor: actor, t: { req.t($0) })))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.requireAdmin()
        let form = try req.content.decode(UserForm.self)
        let scopeForm = try req.content.decode(AssignmentForm.self)
        // The role first: no form errors are worth showing for an account with a role this actor may not give.
        if let role = scopeForm.role.flatMap(Role.init(rawValue:)) { try req.requireGrant(role) }
        var errors: [String: String] = [:]
        let login = (form.login ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !Roster.validLogin(login) {
            errors["login"] = req.t("users.error.login")
        } else if try await User.query(on: req.db).filter(\.$login == login).count() > 0 {
            errors["login"] = req.t("users.error.login_taken")
        }
        let last = (form.last_name ?? "").trimmingCharacters(in: .whitespaces)
        let first = (form.first_name ?? "").trimmingCharacters(in: .whitespaces)
        if last.isEmpty { errors["last_name"] = req.t("users.error.last_name") }
        if first.isEmpty { errors["first_name"] = req.t("users.error.first_name") }
        var assignment: ResolvedAssignment?
        do {
            assignment = try await scopeForm.resolve(on: req.db, schoolID: actor.schoolID, t: { req.t($0) })
        } catch let e as AssignmentForm.Invalid {
            errors[e.field] = e.message
        }
        guard errors.isEmpty, let assignment else {
            var values = req.content.decodeFormValues()
            values.removeValue(forKey: CSRF.field)
            values.removeValue(forKey: OneTime.field)
            return try await req.view.render("admin/user-new", NewPage(
                page: req.page(req.t("users.new"), section: "users"), form: values, errors: errors,
                options: try await UserQueries.scopeOptions(on: req.db, actor: actor, t: { req.t($0) })))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let temporary = PasswordRules.temporary()
        let hash = try await req.password.async.hash(temporary)
        let name = PersonName(lastName: last, firstName: first, middleName: (form.middle_name ?? "").trimmingCharacters(in: .whitespaces))
        let user = User(id: UUID(), schoolID: actor.schoolID, login: login, passwordHash: hash, name: name,
                        email: form.email.flatMap { $0.isEmpty ? nil : $0 }, phone: form.phone.flatMap { $0.isEmpty ? nil : $0 },
                        mustChangePassword: true)
        let audit = try req.audit
        struct LoginTaken: Error {}
        do {
            let (location, first) = try await OneTime.outcome(req, command: "user.create") { tx in
                // Logins are unique across schools: two admins taking the same login at once get one account and one refusal.
                try await tx.lock("login:" + login.lowercased())
                guard try await User.query(on: tx).filter(\.$login == login).count() == 0 else { throw LoginTaken() }
                try await user.create(on: tx)
                try await assignment.save(userID: user.id!, schoolID: actor.schoolID, on: tx)
                try await AuditLog.append(audit, on: tx, action: "create_user", objectKind: "user", objectID: user.id, pupilID: assignment.pupilID,
                                          details: "\(login) \(assignment.role.rawValue)")
                return RouteTable.adminUser.path(user.id!)
            }
            // The temporary password is shown once, by the submit that made the account.
            if first { req.session.data["temporary_password"] = temporary }
            return req.redirect(to: location)
        } catch is LoginTaken {
            var values = req.content.decodeFormValues()
            values.removeValue(forKey: CSRF.field)
            values.removeValue(forKey: OneTime.field)
            return try await req.view.render("admin/user-new", NewPage(
                page: req.page(req.t("users.new"), section: "users"), form: values, errors: ["login": req.t("users.error.login_taken")],
                options: try await UserQueries.scopeOptions(on: req.db, actor: actor, t: { req.t($0) })))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let id: String
        let login: String
        let name: String
        let email: String
        let phone: String
        let active: Bool
        let mustChange: Bool
        let temporaryPassword: String?
        let assignments: [UserQueries.AssignmentRow]
        let options: UserQueries.ScopeOptions
        let errors: [String: String]
        let form: [String: String]
    }

    private func showPage(_ req: Request, _ actor: CurrentActor, _ user: User, errors: [String: String] = [:]) async throws -> View {
        let temporary = req.session.data["temporary_password"]
        req.session.data["temporary_password"] = nil  // shown once
        return try await req.view.render("admin/user", ShowPage(
            page: req.page(user.name.full, section: "users"), id: user.id!.uuidString.lowercased(), login: user.login,
            name: user.name.full, email: user.email ?? "", phone: user.phone ?? "", active: user.active,
            mustChange: user.mustChangePassword, temporaryPassword: temporary,
            assignments: try await UserQueries.assignments(on: req.db, schoolID: actor.schoolID, userID: user.id!, t: { req.t($0) }),
            options: try await UserQueries.scopeOptions(on: req.db, actor: actor, t: { req.t($0) }), errors: errors, form: [:]))
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.requireAccountsPage()
        return try await showPage(req, actor, try await target(req, actor))
    }

    /// A temporary password, shown once, that must be changed at the next sign-in.
    /// What managing `user`'s account asks: the head's say for whoever holds a leadership role (a reset password
    /// would hand the head's account to the admin).
    /// A leader of another school is that school's head's (or the console's) to manage, never this one's.
    /// `rolesOnly`: giving or taking a role (whose own check is `requireGrant`) — then only a leader's account asks more.
    private func requireAccount(_ req: Request, _ actor: CurrentActor, _ user: User, rolesOnly: Bool = false) async throws {
        let rows = try await RoleAssignment.query(on: req.db).filter(\.$user.$id == user.id!).all()
        let leadsElsewhere = rows.contains { $0.role.isLeadership && $0.schoolID != actor.schoolID }
        let needed = Role.accountAction(rows.map(\.role))
        guard !leadsElsewhere, (rolesOnly && needed == .manageUsers) || actor.may(needed) else {
            throw Abort(.forbidden, reason: req.t("users.error.leadership_account"))
        }
    }

    @Sendable func resetPassword(req: Request) async throws -> Response {
        let actor = try req.requireAccountsPage()
        let user = try await target(req, actor)
        try await requireAccount(req, actor, user)
        // One's own password is changed knowing the current one: a reset would end this very session before the
        // temporary password is shown.
        if user.id == actor.userID { return req.redirect(to: RouteTable.accountPassword.path()) }
        let temporary = PasswordRules.temporary()
        user.passwordHash = try await req.password.async.hash(temporary)
        user.mustChangePassword = true
        try await req.db.writeTransaction { tx in
            try await tx.lock("user:\(user.id!)")   // a leadership grant to this account waits (addAssignment)
            try await user.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "reset_password", objectKind: "user", objectID: user.id, pupilID: nil)
        }
        req.session.data["temporary_password"] = temporary
        return req.redirect(to: RouteTable.adminUser.path(user.id!))
    }

    struct ActiveForm: Content { var active: String? }

    @Sendable func setActive(req: Request) async throws -> Response {
        let actor = try req.requireAccountsPage()
        let user = try await target(req, actor)
        try await requireAccount(req, actor, user)
        let active = (try req.content.decode(ActiveForm.self)).active == "true"
        guard user.id != actor.userID || active else {
            throw Abort(.unprocessableEntity, reason: req.t("users.error.self_deactivate"))
        }
        user.active = active
        try await req.db.writeTransaction { tx in
            try await user.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: active ? "activate_user" : "deactivate_user", objectKind: "user", objectID: user.id, pupilID: nil)
        }
        return req.redirect(to: RouteTable.adminUser.path(user.id!))
    }

    @Sendable func addAssignment(req: Request) async throws -> Response {
        let actor = try req.requireAccountsPage()
        let user = try await target(req, actor)
        let form = try req.content.decode(AssignmentForm.self)
        if let role = form.role.flatMap(Role.init(rawValue:)) { try req.requireGrant(role) }
        // Any role of a leader's account (a parent's included) is the head's to give: the admin's would open a way in.
        try await requireAccount(req, actor, user, rolesOnly: true)
        let resolved: ResolvedAssignment
        do {
            resolved = try await form.resolve(on: req.db, schoolID: actor.schoolID, t: { req.t($0) })
        } catch let e as AssignmentForm.Invalid {
            return try await showPage(req, actor, user, errors: [e.field: e.message]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A temporary password is known to whoever set it (the admin, a printed slip): the account becomes a leader's
        // only after its owner has signed in and chosen their own — decided on the committed row, under the account's
        // lock (a reset at the same moment waits or comes after).
        struct TemporaryPassword: Error {}
        do {
            try await req.db.writeTransaction { tx in
                try await tx.lock("user:\(user.id!)")
                if resolved.role.isLeadership, try await User.find(user.id, on: tx)?.mustChangePassword != false { throw TemporaryPassword() }
                try await resolved.save(userID: user.id!, schoolID: actor.schoolID, on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "add_assignment", objectKind: "user", objectID: user.id,
                                          pupilID: resolved.pupilID, details: "\(user.login) \(resolved.role.rawValue)")
            }
        } catch is TemporaryPassword {
            return try await showPage(req, actor, user, errors: ["role": req.t("users.error.leadership_temporary")])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: RouteTable.adminUser.path(user.id!))
    }

    @Sendable func removeAssignment(req: Request) async throws -> Response {
        let actor = try req.requireAccountsPage()
        let user = try await target(req, actor)
        guard let aid = req.parameters.get("assignmentID", as: UUID.self),
              let row = try await RoleAssignment.query(on: req.db).filter(\.$id == aid).filter(\.$user.$id == user.id!)
                .filter(\.$schoolID == actor.schoolID).first() else { throw Abort(.notFound) }
        try req.requireGrant(row.role)
        try await requireAccount(req, actor, user, rolesOnly: true)
        if user.id == actor.userID && row.role == .admin {
            throw Abort(.unprocessableEntity, reason: req.t("users.error.self_admin"))
        }
        try await req.db.writeTransaction { tx in
            try await row.delete(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "remove_assignment", objectKind: "role_assignment", objectID: aid,
                                      pupilID: row.pupilID, details: "\(user.login) \(row.role.rawValue)")
        }
        return req.redirect(to: RouteTable.adminUser.path(user.id!))
    }

}

extension ContentContainer {
    /// The submitted form as plain strings (to put a rejected form back on the page).
    func decodeFormValues() -> [String: String] {
        (try? decode([String: String].self)) ?? [:]
    }
}
