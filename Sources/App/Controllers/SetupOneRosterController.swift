import Domain
import Fluent
import Vapor

/// The other way to start an empty installation: a OneRoster 1.2 package from another system (or from another
/// Kopilka) instead of the wizard. The same one-time token; every error of the package listed with its file, line and
/// column; one transaction; then the admin's own account, signed in.
struct SetupOneRosterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.setupOneroster, use: form)
        routes.upload(.setupOneroster, maxBytes: 100 << 20, beforeSetup: true, use: load)
    }

    struct Page: Encodable {
        let page: PageMeta
        let token: String
        let login: String
        let adminName: String
        let errors: [String]
        let more: Int
    }

    private func render(_ req: Request, token: String, login: String = "", adminName: String = "", errors: [String] = [],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.view.render("setup/oneroster", Page(page: req.publicPage(req.t("setup.oneroster.title")), token: token, login: login,
                                                          adminName: adminName, errors: Array(errors.prefix(200)), more: max(0, errors.count - 200)))
            .encodeResponse(status: status, for: req)
    }

    @Sendable func form(req: Request) async throws -> Response {
        guard try await SchoolQueries.noSchool(req.db) else { throw Abort(.notFound) }
        return try await render(req, token: req.query[String.self, at: "token"] ?? "")
    }

    struct Upload: Content {
        var token: String?
        var login: String?
        var admin_name: String?
        var password: String?
        var password_repeat: String?
    }

    @Sendable func load(req: Request) async throws -> Response {
        guard try await SchoolQueries.noSchool(req.db) else { throw Abort(.notFound) }
        let sent = try await req.uploadForm
        let f = try sent.decode(Upload.self)
        let token = (f.token ?? "").trimmingCharacters(in: .whitespaces)
        let login = (f.login ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let nameText = (f.admin_name ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String] = []
        if let expected = req.application.setupToken, !CSRF.equal(token, expected) { errors.append(req.t("setup.error.token")) }
        if !Roster.validLogin(login) { errors.append(req.t("users.error.login")) }
        let name = PersonName(parsing: nameText)
        if name == nil { errors.append(req.t("setup.error.admin_name")) }
        let password = f.password ?? ""
        if let p = PasswordRules.problem(password, login: login) { errors.append(req.t(p)) }
        if password != (f.password_repeat ?? "") { errors.append(req.t("password.error.repeat")) }
        guard let file = sent.file("file"), file.size > 0 else {
            return try await render(req, token: token, login: login, adminName: nameText, errors: errors + [req.t("setup.oneroster.error.file")],
                                    status: .unprocessableEntity)
        }
        guard errors.isEmpty, let name else {
            return try await render(req, token: token, login: login, adminName: nameText, errors: errors, status: .unprocessableEntity)
        }
        let report: OneRosterImport.Report
        do {
            var importer = try OneRosterImport(file: URL(fileURLWithPath: file.path))
            let placeholder = try await req.password.async.hash(CSRF.randomToken())
            report = try await importer.apply(on: req.db, passwordHash: placeholder)
        } catch let e as OneRosterError {
            return try await render(req, token: token, login: login, adminName: nameText, errors: e.messages, status: .unprocessableEntity)
        }
        // The admin's own account in the new school (a login the package already uses gets a number added).
        var chosen = login, n = 2
        while try await User.query(on: req.db).filter(\.$login == chosen).count() > 0 { chosen = "\(login)\(n)"; n += 1 }
        let admin = User(id: UUID(), schoolID: report.schoolID, login: chosen, passwordHash: try await req.password.async.hash(password), name: name)
        try await req.db.writeTransaction { tx in
            try await admin.create(on: tx)
            try await RoleAssignment(schoolID: report.schoolID, userID: admin.id!, role: .admin, scope: .school).create(on: tx)
            try await AuditLog.append(AuditContext(schoolID: report.schoolID, actorID: admin.id, role: "admin", address: req.clientAddress),
                                      on: tx, action: "create", objectKind: "school", objectID: report.schoolID, pupilID: nil,
                                      details: "setup: OneRoster")
        }
        req.application.storage[SetupTokenKey.self] = nil
        try await SessionClock.signIn(req, admin)  // on a fresh session
        return req.redirect(to: RouteTable.adminSlips.path() + "?imported=\(report.pupils)")
    }
}
