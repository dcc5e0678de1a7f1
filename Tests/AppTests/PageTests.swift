@testable import App
import Fluent
import Testing
import Vapor

@Suite struct PageTests {
    @Test func healthReportsDatabaseAndMigrations() async throws {
        try await withKopilka { app in
            let client = try await TestClient.start(app)
            let res = try await client.get("/health")
            #expect(res.status == .ok)
            struct Health: Decodable { let status: String; let database: String; let migrations: String }
            let h = try res.content.decode(Health.self)
            #expect(h.status == "ok")
            #expect(h.database == TestBackend.kind.rawValue)
            #expect(h.migrations == "current")
        }
    }

    @Test func healthSaysPendingBeforeMigrations() async throws {
        try await withKopilka(migrated: false) { app in
            let client = try await TestClient.start(app)
            let res = try await client.get("/health")
            #expect(res.status == .serviceUnavailable)
            #expect(client.body(res).contains("\"migrations\":\"pending\""))
        }
    }

    @Test(arguments: [
        ("admin", "school-summary"), ("director", "school-summary"), ("zavuch", "school-summary"),
        ("teacher", "teaching"), ("parent", "children"), ("dop", "teaching"), ("english", "teaching"),
    ])
    func everyDemoUserSignsInAndSeesTheirHome(login: String, section: String) async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            let signIn = try await client.signIn(login)
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers.first(name: .location) == "/")
            let home = try await client.get("/")
            #expect(home.status == .ok)
            let html = client.body(home)
            #expect(html.contains("id=\"\(section)\""))
            #expect(html.contains("Выйти"))
            #expect(html.contains("МБОУ НШДС №16"))
        }
    }

    @Test func wrongPasswordAndUnknownLoginGetTheSameRussianMessage() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            _ = try await client.get("/login")
            let wrong = try await client.post("/login", form: ["login": "teacher", "password": "nope"])
            let unknown = try await client.post("/login", form: ["login": "nobody", "password": "nope"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(client.body(wrong).contains("Неверный логин или пароль"))
            #expect(client.body(unknown).contains("Неверный логин или пароль"))
            #expect(try await client.get("/").status == .seeOther)
        }
    }

    @Test func signedOutVisitorIsSentToSignIn() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            let res = try await client.get("/classes")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location)?.hasPrefix("/login?next=/classes") == true)
            #expect(try await client.get("/login").status == .ok)
        }
    }

    @Test func classTeacherSeesOwnClassAndItsPupilsOnly() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("teacher")
            let list = client.body(try await client.get("/classes"))
            #expect(list.contains(">2А<"))
            #expect(!list.contains(">3Б<"))
            let classes = try await ClassGroup.query(on: app.db).all()
            let own = classes.first { $0.title == "2А" }!, other = classes.first { $0.title == "3Б" }!
            let page = try await client.get(RouteTable.classGroup.path(own.id!))
            #expect(page.status == .ok)
            #expect(client.body(page).contains("Ковалёва Наталья Петровна"))
            #expect(try await client.get(RouteTable.classGroup.path(other.id!)).status == .notFound)
            let ownPupil = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == own.id!).first()!
            let otherPupil = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == other.id!).first()!
            let card = try await client.get(RouteTable.pupil.path(ownPupil.$pupil.id))
            #expect(card.status == .ok)
            #expect(client.body(card).contains("id=\"guardians\""))
            #expect(try await client.get(RouteTable.pupil.path(otherPupil.$pupil.id)).status == .notFound)
        }
    }

    @Test func deputyHeadSeesEveryClass() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("zavuch")
            let list = client.body(try await client.get("/classes"))
            for title in ["1А", "1Б", "2А", "2Б", "3А", "3Б", "4А", "4Б"] { #expect(list.contains(">\(title)<")) }
            let gradeOne = try await ClassGroup.query(on: app.db).filter(\.$grade == 1).first()!
            let page = client.body(try await client.get(RouteTable.classGroup.path(gradeOne.id!)))
            #expect(page.contains("отметки не ставятся"))
        }
    }

    @Test func parentSeesOwnChildrenAndNobodyElse() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("parent")
            let parent = try await User.query(on: app.db).filter(\.$login == "parent").first()!
            let own = Set(try await GuardianLink.query(on: app.db).filter(\.$user.$id == parent.id!).all().map { $0.$pupil.id })
            let home = client.body(try await client.get("/"))
            for id in own {
                #expect(home.contains(RouteTable.pupil.path(id)))
                #expect(try await client.get(RouteTable.pupil.path(id)).status == .ok)
            }
            let others = try await Pupil.query(on: app.db).limit(40).all().filter { !own.contains($0.id!) }
            for p in others { #expect(try await client.get(RouteTable.pupil.path(p.id!)).status == .notFound) }
            #expect(try await client.get("/classes").status == .forbidden)
            #expect(!home.contains("href=\"/classes\""))
        }
    }

    @Test func malformedForeignAndUnknownIdsAreNotFoundPages() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("director")
            for path in ["/pupils/not-a-uuid", "/pupils/\(UUID())", "/classes/123", "/classes/\(UUID())", "/no/such/page"] {
                let res = try await client.get(path)
                #expect(res.status == .notFound, "\(path)")
                let html = client.body(res)
                #expect(html.contains("Страница не найдена"))
                #expect(!html.contains("Fluent") && !html.contains("Abort") && !html.contains(".swift"))
            }
        }
    }

    @Test func interfaceSwitchesToEnglish() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("teacher")
            #expect(try await client.get("/lang/en").status == .seeOther)
            let home = client.body(try await client.get("/"))
            #expect(home.contains("Sign out"))
            #expect(home.contains("lang=\"en\""))
        }
    }

    @Test func securityHeadersForbidThirdPartyContent() async throws {
        try await withKopilka { app in
            let client = try await TestClient.start(app)
            let res = try await client.get("/login")
            #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
        }
    }

    @Test func internalErrorsShowNoInternals() async throws {
        struct Secret: Error, CustomStringConvertible { var description: String { "secret-internal-detail at Database.swift:42" } }
        try await withKopilka { app in
            app.get("test-boom") { _ -> String in throw Secret() }
            let client = try await TestClient.start(app)
            let res = try await client.get("/test-boom")
            #expect(res.status == .internalServerError)
            let html = client.body(res)
            #expect(html.contains("Внутренняя ошибка"))
            #expect(!html.contains("secret-internal-detail"))
            #expect(!html.contains(".swift"))
        }
    }

    @Test func aMalformedFormNamesTheFieldInRussian() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("teacher")
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            let math = items.first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            let lesson = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == math.id!).first()!
            _ = try await client.get("/journals")
            // «pupil» must be a UUID.
            let res = try await client.post("/journals/lessons/\(lesson.id!.uuidString)/cells", form: ["pupil": "не-ученик", "value": "5"])
            #expect(res.status == .badRequest)
            let html = client.body(res)
            #expect(html.contains("Поле «pupil»"))
            #expect(!html.contains("Value of type"))
        }
    }
}
