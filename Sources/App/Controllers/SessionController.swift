import Domain
import Fluent
import Vapor

/// Sign-in, sign-out, the interface language and the school switch.
struct SessionController: RouteCollection {
    let throttle = SignInThrottle()

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.login, use: form)
        routes.post(.login, use: signIn)
        routes.post(.logout, use: signOut)
        routes.get(.language, use: language)
    }

    struct LoginForm: Content {
        var login: String?
        var password: String?
        var next: String?
    }

    struct LoginPage: Encodable {
        let page: PageMeta
        let login: String
        let next: String
        let error: String?
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.auth.has(User.self) { throw Abort.redirect(to: RouteTable.home.path()) }
        let next = (try? req.query.get(String.self, at: "next")) ?? ""
        let res = try await req.view.render("auth/login", LoginPage(page: req.publicPage(req.t("login.title")),
                                                                    login: "", next: Self.safeNext(next), error: nil)).encodeResponse(for: req)
        // The browser's device cookie: once it has signed in as a login, that login's failures do not hold it back.
        SignInDevice.ensure(req, res)
        return res
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let login = String((form.login ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(100))
        let password = form.password ?? ""
        let address = req.clientAddress
        func refuse(_ message: String, _ status: HTTPResponseStatus) async throws -> Response {
            let page = LoginPage(page: req.publicPage(req.t("login.title")), login: form.login ?? "",
                                 next: Self.safeNext(form.next ?? ""), error: message)
            return try await req.view.render("auth/login", page).encodeResponse(status: status, for: req)
        }
        guard !login.isEmpty, !password.isEmpty else {
            return try await refuse(req.t("login.error.empty"), .badRequest)
        }
        // No login is that long: answered as any wrong login, without a row or a query.
        guard login.count <= 64, password.count <= 1024 else {
            return try await refuse(req.t("login.error.invalid"), .unauthorized)
        }
        let user = try await User.query(on: req.db).filter(\.$login == login).first()
        let device = req.signInDevice
        let admission = try await throttle.admit(login: login, address: address, device: device, schoolID: user?.schoolID,
                                                 exists: user?.active == true, changed: user?.credentialsChangedAt, on: req.db)
        if case .wait(let seconds) = admission {
            let wait = seconds < 60 ? req.count(seconds, "unit.second") : req.count((seconds + 59) / 60, "unit.minute")
            return try await refuse(req.t("login.error.throttled", wait), .tooManyRequests)
        }
        // Same answer for an unknown login, a wrong password and a deactivated account: no account enumeration.
        var ok = false
        if let user, user.active {
            ok = try await req.password.async.verify(password, created: user.passwordHash)
        } else {
            _ = try? await req.password.async.hash(password)  // spend the same time as a real check
        }
        if ok, case .admitted(let attempt) = admission { try await throttle.succeeded(attempt, on: req.db) }
        guard ok, let user else {
            return try await refuse(req.t("login.error.invalid"), .unauthorized)
        }
        try await SessionClock.signIn(req, user)
        let audit = req.application.audit(schoolID: user.schoolID, actorID: user.id, role: "—", address: req.clientAddress)
        try await req.db.writeTransaction { tx in
            // Only the time of sign-in is written: saving the whole row read before the password check could carry a
            // stale password hash back over a change made meanwhile.
            try await User.query(on: tx).filter(\.$id == user.id!).set(\.$lastSignInAt, to: Date()).update()
            try await AuditLog.append(audit, on: tx, action: "sign_in", objectKind: "user", objectID: user.id, pupilID: nil)
        }
        let next = Self.safeNext(form.next ?? "")
        return req.redirect(to: user.mustChangePassword ? RouteTable.accountPassword.path() : (next.isEmpty ? RouteTable.home.path() : next))
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: RouteTable.login.path())
    }

    @Sendable func language(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? "ru"
        guard code == "ru" || code == "en" else { throw Abort(.notFound) }
        let back = req.headers.first(name: .referer).flatMap { URL(string: $0)?.path } ?? RouteTable.home.path()
        let response = req.redirect(to: Self.safeNext(back).isEmpty ? RouteTable.home.path() : Self.safeNext(back))
        response.cookies["kopilka_lang"] = HTTPCookies.Value(string: code, maxAge: 365 * 24 * 3600, path: "/",
                                                             isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Only a path of this site: printable ASCII starting with one «/», and still no «//», «\\», space or control
    /// character once percent-decoded — a browser drops tabs and newlines and reads «\\» as «/», so
    /// «/\t/evil.example», «/\\evil.example» and «/%2F%2Fevil.example» would all leave the site.
    static func safeNext(_ next: String) -> String {
        guard next.hasPrefix("/"), next.utf8.count <= 2048,
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
              let decoded = next.removingPercentEncoding,
              !decoded.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control })
        else { return "" }
        for path in [next, decoded] {
            let second = path.dropFirst().first
            guard second != "/", second != "\\", !path.contains("\\") else { return "" }
        }
        return next
    }
}
