@testable import App
import Fluent
import Testing
import Vapor

@Suite struct SignInTests {
    @Test func tamperedOrMissingCSRFTokenIsRefusedAndNothingIsWritten() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("admin")
            let form = ["login": "csrf.victim", "last_name": "Петров", "first_name": "Пётр", "role": "admin"]
            let tampered = try await client.post("/admin/users", form: form, csrf: "forged-token")
            #expect(tampered.status == .forbidden)
            #expect(client.body(tampered).contains("Ничего не сохранено"))
            let missing = try await client.post("/admin/users", form: form, csrf: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$login == "csrf.victim").count() == 0)
            // With the page's own token the same form goes through.
            _ = try await client.get("/admin/users/new")
            #expect(try await client.post("/admin/users", form: form).status == .seeOther)
            #expect(try await User.query(on: app.db).filter(\.$login == "csrf.victim").count() == 1)
        }
    }

    @Test func postWithoutASessionSaysTheSessionExpired() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            let res = try await client.post("/account/password", form: ["current": "demo", "new": "x"], csrf: .some(nil))
            #expect(res.status == .unauthorized)
            #expect(client.body(res).contains("Сеанс истёк"))
        }
    }

    @Test func sessionIdChangesAtSignIn() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            let page = try await client.get("/login")
            let before = page.headers[.setCookie].first { $0.hasPrefix("kopilka_session=") }
            let signIn = try await client.post("/login", form: ["login": "teacher", "password": "demo"])
            let after = signIn.headers[.setCookie].first { $0.hasPrefix("kopilka_session=") }
            #expect(before != nil && after != nil)
            #expect(before?.split(separator: ";").first != after?.split(separator: ";").first)
            #expect(after?.contains("HttpOnly") == true)
            #expect(after?.lowercased().contains("samesite=strict") == true)
        }
    }

    /// Moves every recorded attempt back in time, as if `seconds` had passed.
    static func age(_ app: Application, by seconds: TimeInterval) async throws {
        for a in try await SignInAttempt.query(on: app.db).all() {
            a.at = a.at.addingTimeInterval(-seconds)
            try await a.save(on: app.db)
        }
    }

    @Test func fiveFailuresAreFreeThenEachAttemptWaitsButNeverForGood() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            _ = try await client.get("/login")
            for _ in 0..<5 {
                #expect(try await client.post("/login", form: ["login": "zavuch", "password": "wrong"]).status == .unauthorized)
            }
            let held = try await client.post("/login", form: ["login": "zavuch", "password": "demo"])
            #expect(held.status == .tooManyRequests)
            #expect(client.body(held).contains("Слишком много неудачных попыток"))
            // At most the first wait of 30 s (less when the machine is slow between the attempts).
            let wait = client.body(held).range(of: "Подождите [0-9]+ секунд", options: .regularExpression).map { String(client.body(held)[$0]) }
            #expect(wait.flatMap { Int($0.split(separator: " ")[1]) }.map { (1...30).contains($0) } == true, "\(wait ?? "no wait shown")")
            // Another login from the same browser and address is not held back by these failures.
            let other = try await TestClient.start(app)
            #expect(try await other.signIn("director").status == .seeOther)
            try await Self.age(app, by: 31)
            #expect(try await client.post("/login", form: ["login": "zavuch", "password": "demo"]).status == .seeOther)
        }
    }

    @Test func elevenWrongPasswordsSlowAStrangerButNotTheTeachersOwnBrowser() async throws {
        try await withKopilka(demo: true) { app in
            // The teacher's own browser has signed in before (its device cookie is remembered with the success).
            let own = try await TestClient.start(app)
            #expect(try await own.signIn("english").status == .seeOther)
            _ = try await own.post("/logout", form: [:])
            // Someone else has tried eleven wrong passwords for the login over the last minutes.
            for i in 0..<11 {
                try await SignInAttempt(schoolID: nil, login: "english", address: "203.0.113.9",
                                        at: Date().addingTimeInterval(Double(i - 11) * 60), succeeded: false).create(on: app.db)
            }
            // The next attempt from a stranger's browser waits (minutes, not for good)…
            let fresh = try await TestClient.start(app)
            _ = try await fresh.get("/login")
            let slowed = try await fresh.post("/login", form: ["login": "english", "password": "demo"])
            #expect(slowed.status == .tooManyRequests)
            #expect(fresh.body(slowed).range(of: "Подождите 1[0-5] минут", options: .regularExpression) != nil)
            // …while the teacher's own browser signs in with the right password at once.
            _ = try await own.get("/login")
            #expect(try await own.post("/login", form: ["login": "english", "password": "demo"]).status == .seeOther)
            // And the wait ends: a quarter of an hour later the right password works from anywhere.
            try await Self.age(app, by: 15 * 60 + 1)
            #expect(try await fresh.post("/login", form: ["login": "english", "password": "demo"]).status == .seeOther)
        }
    }

    @Test func aKnownBrowserIsAStrangerAfterTenFailuresOrAPasswordChange() async throws {
        try await withKopilka(demo: true) { app in
            let shared = try await TestClient.start(app)
            #expect(try await shared.signIn("english").status == .seeOther)
            _ = try await shared.post("/logout", form: [:])
            _ = try await shared.get("/login")
            // A pupil at the teacher's computer guesses: the first guesses are free, then the browser waits like any other.
            var statuses: [HTTPStatus] = []
            for i in 0..<12 { statuses.append(try await shared.post("/login", form: ["login": "english", "password": "guess\(i)"]).status) }
            #expect(statuses.prefix(10).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // A login no account could have: refused like any wrong one, and not even counted.
            let before = try await SignInAttempt.query(on: app.db).count()
            let long = try await shared.post("/login", form: ["login": String(repeating: "a", count: 5000), "password": "x"])
            #expect(long.status == .unauthorized)
            #expect(try await SignInAttempt.query(on: app.db).count() == before)
        }
    }

    @Test func fiftyRandomLoginsFromTheSchoolsAddressDoNotStopTheDirector() async throws {
        try await withKopilka(demo: true) { app in
            let guesser = try await TestClient.start(app)
            _ = try await guesser.get("/login")
            for i in 0..<50 {
                #expect(try await guesser.post("/login", form: ["login": "nobody\(i)", "password": "x"]).status == .unauthorized)
            }
            // The same address: unknown logins are held back now…
            #expect(try await guesser.post("/login", form: ["login": "nobody-else", "password": "x"]).status == .tooManyRequests)
            // …but the director, from a browser that never signed in here, goes through.
            let director = try await TestClient.start(app)
            #expect(try await director.signIn("director").status == .seeOther)
        }
    }

    @Test func theClientAddressComesFromXForwardedForOnlyBehindATrustedProxy() async throws {
        for trusted in [false, true] {
            try await withKopilka(demo: true, adjust: { if trusted { $0.trustedProxies = ["127.0.0.1"] } }) { app in
                let c = try await TestClient.start(app)
                _ = try await c.get("/login")
                let res = try await c.raw("/login", contentType: "application/x-www-form-urlencoded",
                                          body: Data("login=nobody&password=x&_csrf=\(c.csrf ?? "")".utf8), headers: [("X-Forwarded-For", "198.51.100.7, 127.0.0.1")])
                #expect(res.status == .unauthorized)
                let attempt = try #require(try await SignInAttempt.query(on: app.db).filter(\.$login == "nobody").first())
                #expect(attempt.address == (trusted ? "198.51.100.7" : "127.0.0.1"))
                // What is not an address is no client's: behind the proxy, the proxy's own address stands.
                _ = try await c.raw("/login", contentType: "application/x-www-form-urlencoded",
                                    body: Data("login=nobody2&password=x&_csrf=\(c.csrf ?? "")".utf8), headers: [("X-Forwarded-For", "not-an-ip, ::FFFF:127.0.0.1")])
                let second = try #require(try await SignInAttempt.query(on: app.db).filter(\.$login == "nobody2").first())
                #expect(second.address == "127.0.0.1")
            }
        }
    }

    @Test func deactivatedAccountGetsTheSameMessageAsAWrongPassword() async throws {
        try await withKopilka(demo: true) { app in
            let user = try await User.query(on: app.db).filter(\.$login == "music").first()!
            user.active = false
            try await user.save(on: app.db)
            let client = try await TestClient.start(app)
            let res = try await client.signIn("music")
            #expect(res.status == .unauthorized)
            #expect(client.body(res).contains("Неверный логин или пароль"))
        }
    }

    @Test func passwordChangeChecksEachFieldInRussian() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("teacher")
            _ = try await client.get("/account/password")
            let bad = try await client.post("/account/password", form: ["current": "nope", "new": "short", "repeat": "other"])
            #expect(bad.status == .unprocessableEntity)
            let html = client.body(bad)
            #expect(html.contains("Текущий пароль: неверен."))
            #expect(html.contains("Новый пароль: нужно не меньше 8 символов."))
            #expect(html.contains("Повтор пароля: не совпадает"))
            let good = try await client.post("/account/password", form: ["current": "demo", "new": "Лето-2026!", "repeat": "Лето-2026!"])
            #expect(good.status == .seeOther)
            let again = try await TestClient.start(app)
            #expect(try await again.signIn("teacher", "demo").status == .unauthorized)
            #expect(try await again.signIn("teacher", "Лето-2026!").status == .seeOther)
        }
    }

    @Test func signedOutAfterLogout() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("parent")
            #expect(try await client.post("/logout", form: [:]).status == .seeOther)
            #expect(try await client.get("/").status == .seeOther)
        }
    }
}

@Suite struct SessionAndSchoolTests {
    @Test func idleSessionEndsAndSignInReturnsToThePage() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("director")
            #expect(try await client.get("/classes").status == .ok)
            // Two hours and more without a request: the session is over.
            for record in try await SessionRecord.query(on: app.db).all() {
                if record.data["seen"] != nil {
                    record.data["seen"] = String(Int(Date().timeIntervalSince1970) - 3 * 3600)
                    try await record.save(on: app.db)
                }
            }
            let res = try await client.get("/classes")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/login?next=/classes")
            _ = try await client.get("/login?next=/classes")
            let back = try await client.post("/login", form: ["login": "director", "password": "demo", "next": "/classes"])
            #expect(back.headers.first(name: .location) == "/classes")
            // Never to another site.
            _ = try await client.get("/login")
            let other = try await TestClient.start(app)
            _ = try await other.get("/login")
            let evil = try await other.post("/login", form: ["login": "zavuch", "password": "demo", "next": "//evil.example/x"])
            #expect(evil.headers.first(name: .location) == "/")
        }
    }

    @Test func userWithRolesInTwoSchoolsSwitchesAndForgedSchoolsAreIgnored() async throws {
        try await withKopilka(demo: true) { app in
            let demoHash = try await User.query(on: app.db).filter(\.$login == "zavuch").first()!.passwordHash
            let other = try await OtherSchool.create(on: app.db, passwordHash: demoHash)
            let zavuch = try await User.query(on: app.db).filter(\.$login == "zavuch").first()!
            try await RoleAssignment(schoolID: other.schoolID, userID: zavuch.id!, role: .head, scope: .school).create(on: app.db)
            let client = try await TestClient.start(app)
            try await client.signIn("zavuch")
            let home = client.body(try await client.get("/"))
            #expect(home.contains("МБОУ СШ №2"))  // the switch offers the second school
            #expect(try await client.get(RouteTable.pupil.path(other.pupilID)).status == .notFound)
            #expect(try await client.post("/account/school", form: ["school": other.schoolID.uuidString]).status == .seeOther)
            #expect(try await client.get(RouteTable.pupil.path(other.pupilID)).status == .ok)
            let demoPupil = try await Pupil.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).first()!
            #expect(try await client.get(RouteTable.pupil.path(demoPupil.id!)).status == .notFound)
            // A school where the user holds nothing cannot be chosen.
            let stranger = School(id: UUID(), name: "Чужая", shortName: "Чужая")
            try await stranger.create(on: app.db)
            _ = try await client.get("/")
            #expect(try await client.post("/account/school", form: ["school": stranger.id!.uuidString]).status == .notFound)
            #expect(try await client.get(RouteTable.pupil.path(other.pupilID)).status == .ok)
        }
    }
}

@Suite struct LargeFormTests {
    /// A form bigger than one network chunk is streamed: the CSRF check must still find its token.
    @Test func aLargeFormKeepsItsCSRFToken() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("teacher")
            _ = try await client.get("/account/password")
            let padding = String(repeating: "я", count: 6000)  // ~100 KB once percent-encoded
            let res = try await client.post("/account/password", form: ["current": "wrong", "new": "x", "repeat": "y", "padding": padding])
            #expect(res.status == .unprocessableEntity)
            #expect(client.body(res).contains("Текущий пароль: неверен."))
        }
    }
}

extension SignInTests {
    /// Twenty wrong passwords sent at once are counted as they arrive, not after each one's password check: five are
    /// checked (the free failures), the rest wait — and the right password from the owner's browser still goes in.
    @Test func aBurstOfParallelGuessesGetsOnlyTheFreeFailures() async throws {
        try await withKopilka(demo: true) { app in
            let owner = try await TestClient.start(app)
            try await owner.signIn("english")
            _ = try await owner.post("/logout", form: [:])
            let guesser = try await TestClient.start(app)
            _ = try await guesser.get("/login")
            let answers = try await guesser.postConcurrently("/login", pairs: [("login", "english"), ("password", "guess")], times: 20)
            // Five at once; any further one only after the wait since the failure before it (a slow machine may take
            // that long to answer twenty): never a sixth guess inside the wait.
            let failures = try await SignInAttempt.query(on: app.db).filter(\.$login == "english").filter(\.$succeeded == false)
                .sort(\.$at).all(\.$at)
            #expect(failures.count >= 5 && answers.filter { $0.0 == .unauthorized }.count == failures.count, "\(answers.map(\.0.code))")
            #expect(answers.filter { $0.0 == .tooManyRequests }.count == 20 - failures.count, "\(answers.map(\.0.code))")
            for i in failures.indices.dropFirst(5) {
                #expect(failures[i].timeIntervalSince(failures[i - 1]) >= 29, "guess \(i + 1) came inside the wait")
            }
            _ = try await owner.get("/login")
            #expect(try await owner.post("/login", form: ["login": "english", "password": "demo"]).status == .seeOther)
        }
    }
}
