@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// The JSON API (issue 8, first part): tokens, the same access policy, pagination, problem details, no drift from the
/// OpenAPI document.
@Suite struct APITests {
    typealias A = AchievementTests

    /// Issues a token through the account page and returns it.
    static func token(_ app: Application, _ login: String, write: Bool = false) async throws -> String {
        let c = try await A.signedIn(app, login)
        _ = try await c.get("/account/tokens")
        _ = try await c.post("/account/tokens", form: write ? ["name": "Интеграция", "write": "on"] : ["name": "Интеграция"])
        let page = c.body(try await c.get("/account/tokens"))
        let r = try #require(page.range(of: "kpk_[A-Za-z0-9_-]+", options: .regularExpression))
        return String(page[r])
    }

    static func get(_ app: Application, _ path: String, token: String?) async throws -> ClientResponse {
        let c = try await TestClient.start(app)
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.add(name: .accept, value: "application/json")
        return try await app.client.send(.GET, headers: headers, to: URI(string: c.base + path))
    }

    @Test func aTokenActsAsItsUserUnderTheSamePolicy() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parentToken = try await Self.token(app, "parent")
            #expect(try await APIToken.query(on: app.db).first()!.tokenHash == TokenHash.of(parentToken))
            // The parent's token sees their own children only.
            let list = try await Self.get(app, "/api/v1/pupils", token: parentToken)
            #expect(list.status == .ok)
            struct PupilPage: Decodable { struct Item: Decodable { let id: UUID; let lastName: String }; let items: [Item]; let total: Int }
            let page = try list.content.decode(PupilPage.self)
            #expect(page.total == 2 && page.items.contains { $0.id == pupil.id })
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/achievements", token: parentToken).status == .ok)
            let stranger = try await PortfolioTests.classPupils(app, "1А").first!
            let notFound = try await Self.get(app, "/api/v1/pupils/\(stranger.id!)", token: parentToken)
            #expect(notFound.status == .notFound)
            #expect(notFound.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            struct Problem: Decodable { let type, title, detail, instance: String; let status: Int }
            let problem = try notFound.content.decode(Problem.self, using: JSONDecoder())
            #expect(problem.status == 404 && problem.instance == "/api/v1/pupils/\(stranger.id!)")
            // The deputy's token: the whole school, paginated.
            let deputy = try await Self.token(app, "zavuch")
            let first = try await Self.get(app, "/api/v1/pupils?limit=50&offset=0", token: deputy).content.decode(PupilPage.self)
            let second = try await Self.get(app, "/api/v1/pupils?limit=50&offset=50", token: deputy).content.decode(PupilPage.self)
            #expect(first.items.count == 50 && second.items.count == 50 && first.total > 200)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
            #expect(try await Self.get(app, "/api/v1/pupils?limit=500", token: deputy).status == .badRequest)
            #expect(try await Self.get(app, "/api/v1/classes", token: deputy).status == .ok)
        }
    }

    @Test func noTokenARevokedTokenAndAReadOnlyTokenAreRefused() async throws {
        try await withKopilka(demo: true) { app in
            #expect(try await Self.get(app, "/api/v1/pupils", token: nil).status == .unauthorized)
            #expect(try await Self.get(app, "/api/v1/pupils", token: "kpk_not-a-real-token-0000000000").status == .unauthorized)
            let token = try await Self.token(app, "teacher")
            #expect(try await Self.get(app, "/api/v1/pupils", token: token).status == .ok)
            let c = try await A.signedIn(app, "teacher")
            _ = try await c.get("/account/tokens")
            let t = try await APIToken.query(on: app.db).first()!
            #expect(try await c.post("/account/tokens/\(t.id!)/revoke", form: [:]).status == .seeOther)
            #expect(try await Self.get(app, "/api/v1/pupils", token: token).status == .unauthorized)
            // Another user cannot revoke someone else's token.
            let other = try await A.signedIn(app, "english")
            _ = try await other.get("/account/tokens")
            #expect(try await other.post("/account/tokens/\(t.id!)/revoke", form: [:]).status == .notFound)
            // The cookie session of the web UI does not open the API.
            #expect(try await c.get("/api/v1/pupils").status == .unauthorized)
        }
    }

    /// The contract: every `/api/v1` route is in openapi.yaml, with its method, and every documented operation is served.
    @Test func theRoutesAndTheOpenAPIDocumentDoNotDrift() async throws {
        try await withKopilka { app in
            let root = CommandLineTests.root.appendingPathComponent("Resources/OpenAPI/openapi.yaml")
            let yaml = try String(contentsOf: root, encoding: .utf8)
            var documented = Set<String>()
            var path: String?
            var inPaths = false
            for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("paths:") { inPaths = true; continue }
                if inPaths, !line.hasPrefix(" "), !line.isEmpty { inPaths = false }
                guard inPaths else { continue }
                if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
                for m in ["get", "post", "put", "patch", "delete"] where line == "    \(m):" {
                    documented.insert("\(m.uppercased()) \(path!)")
                }
            }
            let served = Set(app.routes.all.filter { $0.path.first?.description == "api" }.map { r in
                "\(r.method.rawValue) /" + r.path.map { c -> String in
                    let s = c.description
                    return s.hasPrefix(":") ? "{\(s.dropFirst())}" : s
                }.joined(separator: "/")
            })
            #expect(!served.isEmpty)
            #expect(served == documented, "served but not documented: \(served.subtracting(documented)); documented but not served: \(documented.subtracting(served))")
            let c = try await TestClient.start(app)
            let spec = try await c.get("/api/v1/openapi.yaml")
            #expect(spec.status == .ok && c.body(spec).hasPrefix("openapi: 3.1"))
        }
    }
}

extension APITests {
    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, token: String, json: String) async throws -> ClientResponse {
        let c = try await TestClient.start(app)
        var headers = HTTPHeaders()
        headers.add(name: .authorization, value: "Bearer \(token)")
        headers.add(name: .contentType, value: "application/json")
        headers.add(name: .accept, value: "application/json")
        return try await app.client.send(method, headers: headers, to: URI(string: c.base + path)) { $0.body = ByteBuffer(string: json) }
    }

    @Test func aGradebookTokenWritesByTheJournalsRulesAndAReadTokenCannot() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let math = try await ExportTests.item(app, "2А", "math")
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: math.id!,
                                date: A.today().adding(days: -1), topic: "Урок через API")
            try await lesson.create(on: app.db)
            let readOnly = try await Self.token(app, "teacher")
            let denied = try await Self.send(app, .POST, "/api/v1/lessons/\(lesson.id!)/marks", token: readOnly, json: #"{"pupil":"\#(pupil.id!)","value":"5"}"#)
            #expect(denied.status == .forbidden)
            let writer = try await Self.token(app, "teacher", write: true)
            let ok = try await Self.send(app, .POST, "/api/v1/lessons/\(lesson.id!)/marks", token: writer, json: #"{"pupil":"\#(pupil.id!)","value":"5"}"#)
            #expect(ok.status == .ok)
            let bad = try await Self.send(app, .POST, "/api/v1/lessons/\(lesson.id!)/marks", token: writer, json: #"{"pupil":"\#(pupil.id!)","value":"7"}"#)
            #expect(bad.status == .unprocessableEntity && bad.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            // The English teacher's writing token reaches no mathematics lesson.
            let english = try await Self.token(app, "english", write: true)
            let foreign = try await Self.send(app, .POST, "/api/v1/lessons/\(lesson.id!)/marks", token: english, json: #"{"pupil":"\#(pupil.id!)","value":"4"}"#)
            #expect(foreign.status == .notFound)
            // The mark is there for the parent's token, with the date and subject.
            let parent = try await Self.token(app, "parent")
            struct Marks: Decodable { struct Item: Decodable { let lessonId: UUID; let subject, value: String }; let items: [Item] }
            let marks = try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/marks?from=\(lesson.date.iso)&to=\(lesson.date.iso)", token: parent)
                .content.decode(Marks.self)
            #expect(marks.items.contains { $0.lessonId == lesson.id && $0.value == "5" && $0.subject == "Математика" })
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/period-marks", token: parent).status == .ok)
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/consents", token: parent).status == .ok)
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/documents", token: parent).status == .ok)
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/marks?from=вчера", token: parent).status == .badRequest)
        }
    }

    @Test func journalsLessonsPortfolioAndRequestsFollowThePolicy() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let math = try await ExportTests.item(app, "2А", "math")
            let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: math.id!,
                                date: A.today().adding(days: -1), topic: "Урок для API")
            try await lesson.create(on: app.db)
            let writer = try await Self.token(app, "teacher", write: true)
            #expect(try await Self.send(app, .POST, "/api/v1/lessons/\(lesson.id!)/marks", token: writer,
                                        json: #"{"pupil":"\#(pupil.id!)","value":"4"}"#).status == .ok)
            // The class teacher's journals include 2А mathematics; its lessons carry the cell just written.
            struct Journals: Decodable { struct Item: Decodable { let id: UUID; let classTitle, subject: String; let scale: [String] }; let items: [Item]; let total: Int }
            let journals = try await Self.get(app, "/api/v1/journals?limit=200", token: writer).content.decode(Journals.self)
            #expect(journals.items.contains { $0.id == math.id && $0.classTitle == "2А" && $0.scale.contains("5") })
            #expect(journals.items.allSatisfy { $0.classTitle == "2А" })
            struct Lessons: Decodable {
                struct Cell: Decodable { let pupil: UUID; let value: String }
                struct Item: Decodable { let id: UUID; let date, topic: String; let marks: [Cell] }
                let items: [Item]; let total: Int
            }
            let day = lesson.date.iso
            let lessons = try await Self.get(app, "/api/v1/journals/\(math.id!)/lessons?from=\(day)&to=\(day)", token: writer).content.decode(Lessons.self)
            let found = try #require(lessons.items.first { $0.id == lesson.id })
            #expect(found.topic == "Урок для API" && found.marks.contains { $0.pupil == pupil.id && $0.value == "4" })
            // Another class's journal is not the English teacher's of 2А, nor a parent's.
            let foreign = try await ExportTests.item(app, "1А", "math")
            let english = try await Self.token(app, "english")
            #expect(try await Self.get(app, "/api/v1/journals/\(foreign.id!)/lessons", token: english).status == .notFound)
            let parent = try await Self.token(app, "parent")
            #expect(try await Self.get(app, "/api/v1/journals/\(math.id!)/lessons", token: parent).status == .notFound)
            #expect(try await Self.get(app, "/api/v1/journals", token: parent).content.decode(Journals.self).total == 0)
            // The family reads the portfolio's works and its requests; a stranger's child stays hidden.
            let c = try await A.signedIn(app, "parent")
            _ = try await c.get(RouteTable.pupil.path(pupil.id!) + "/documents")
            _ = try await c.post(RouteTable.pupil.path(pupil.id!) + "/requests", form: ["subject": "Справка об успеваемости через API"])
            struct Requests: Decodable { struct Item: Decodable { let subject, status, channel: String }; let items: [Item] }
            let requests = try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/requests", token: parent).content.decode(Requests.self)
            #expect(requests.items.contains { $0.subject == "Справка об успеваемости через API" && $0.status == "open" && $0.channel == "electronic" })
            #expect(try await Self.get(app, "/api/v1/pupils/\(pupil.id!)/portfolio", token: parent).status == .ok)
            let stranger = try await PortfolioTests.classPupils(app, "1А").first!
            #expect(try await Self.get(app, "/api/v1/pupils/\(stranger.id!)/portfolio", token: parent).status == .notFound)
            #expect(try await Self.get(app, "/api/v1/pupils/\(stranger.id!)/requests", token: parent).status == .notFound)
        }
    }

    @Test func theConsoleIssuesATokenThatActsAsItsUser() async throws {
        guard TestBackend.kind == .sqlite else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-token-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cli = CommandLineTests()
        let env = ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"]
        #expect(try cli.run(["demo"], env: env).code == 0)
        let issued = try cli.output(["token", "--login", "parent", "--name", "Дневник"], env: env)
        #expect(issued.code == 0)
        let token = try #require(issued.stdout.split(separator: "\n").last.map(String.init))
        #expect(token.hasPrefix("kpk_") && token.count > 30)
        let unknown = try cli.output(["token", "--login", "nobody"], env: env)
        #expect(unknown.code != 0 && unknown.stderr.contains("активного пользователя «nobody» нет"))
        try await withKopilka(migrated: false, adjust: { $0 = AppConfig.forTests(dataDirectory: dir) }) { app in
            let stored = try #require(try await APIToken.query(on: app.db).filter(\.$tokenHash == TokenHash.of(token)).with(\.$user).first())
            #expect(stored.user.login == "parent" && stored.scopes == "read" && stored.name == "Дневник")
            struct PupilPage: Decodable { let total: Int }
            let list = try await Self.get(app, "/api/v1/pupils", token: token)
            let page = try list.content.decode(PupilPage.self)
            #expect(list.status == .ok && page.total == 2)
        }
    }
}
