import Domain
import Fluent
import Vapor

/// Sign-in, sign-out and the interface language.
struct SessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: form)
        routes.post("login", use: signIn)
        routes.post("logout", use: signOut)
        routes.get("lang", ":code", use: language)
    }

    struct LoginForm: Content {
        var login: String
        var password: String
        var next: String?
    }

    struct LoginPage: Encodable {
        let page: PageMeta
        let login: String
        let next: String
        let error: String?
    }

    @Sendable func form(req: Request) async throws -> View {
        if req.auth.has(User.self) { throw Abort.redirect(to: Paths.home) }
        let next = (try? req.query.get(String.self, at: "next")) ?? ""
        return try await req.view.render("auth/login", LoginPage(page: req.publicPage(req.t("login.title")),
                                                                 login: "", next: safeNext(next), error: nil))
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let login = form.login.trimmingCharacters(in: .whitespaces).lowercased()
        let user = try await User.query(on: req.db).filter(\.$login == login).first()
        // Same answer for an unknown login and a wrong password: no account enumeration.
        var ok = false
        if let user, user.active {
            ok = try await req.password.async.verify(form.password, created: user.passwordHash)
        } else {
            _ = try? await req.password.async.hash(form.password)  // spend the same time as a real check
        }
        guard ok, let user else {
            let page = LoginPage(page: req.publicPage(req.t("login.title")), login: form.login,
                                 next: safeNext(form.next ?? ""), error: req.t("login.error.invalid"))
            return try await req.view.render("auth/login", page).encodeResponse(status: .unauthorized, for: req)
        }
        // A new session id at sign-in: the old one (if any) is deleted, never reused.
        if req.hasSession, let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.auth.login(user)
        user.lastSignInAt = Date()
        try await user.save(on: req.db)
        return req.redirect(to: safeNext(form.next ?? "").isEmpty ? Paths.home : safeNext(form.next ?? ""))
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: Paths.login)
    }

    @Sendable func language(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? "ru"
        guard code == "ru" || code == "en" else { throw Abort(.notFound) }
        let back = req.headers.first(name: .referer).flatMap { URL(string: $0)?.path } ?? Paths.home
        let response = req.redirect(to: safeNext(back).isEmpty ? Paths.home : safeNext(back))
        response.cookies["kopilka_lang"] = HTTPCookies.Value(string: code, maxAge: 365 * 24 * 3600, path: "/",
                                                             isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Only local paths: never redirect to another site.
    private func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "" }
        return next
    }
}
