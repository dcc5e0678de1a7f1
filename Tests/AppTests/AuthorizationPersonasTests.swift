@testable import App
import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 15: personas whose rights are narrower than a demo role's, over every route of the authorization matrix.
/// A head whose assignment has expired, a deputy head scoped to grades 1–2 and a user with two roles (the class teacher
/// of 2А who is also the parent of a 2А pupil) are refused wherever the policy refuses them — and a refused POST writes
/// nothing. The subject teacher (`english`) and the club teacher (`dop`) are personas of the matrix itself.
@Suite struct AuthorizationPersonasTests {
    typealias M = AuthorizationMatrixTests

    enum Persona: String, CaseIterable {
        case expiredHead = "director.old"
        case deputy12 = "zavuch.12"
        case teacherParent = "teacher.parent"

        /// Whose paths (own/foreign targets) the persona is tried on.
        var pathsOf: M.Who {
            switch self {
            case .expiredHead: return .director
            case .deputy12: return .zavuch
            case .teacherParent: return .teacher
            }
        }
    }

    static func refused(_ s: HTTPStatus) -> Bool { [401, 403, 404].contains(s.code) }

    /// Routes with a target every signed-in user may call for themselves (their account, their tokens, the language).
    static let ownAccount: Set<String> = ["POST /account/tokens/:tokenID/revoke", "GET /lang/:code", "POST /account/school"]

    /// What the policy refuses `p` on `route` for variant `v`, read from the matrix's expectations for the demo roles.
    static func mustRefuse(_ p: Persona, _ route: String, _ spec: M.Spec, _ v: M.Variant) -> Bool {
        let anonymous = spec.expect(.anonymous, v)
        // Public pages and the session's own routes are not the policy's.
        if !refused(anonymous) && anonymous != M.signedInGet { return false }
        if ["GET /login", "POST /login", "POST /logout"].contains(route) { return false }
        switch p {
        case .expiredHead:
            // No valid assignment: only what every signed-in user may do for themselves, on no one's record.
            let everyone = [M.Who.admin, .parent, .pupil, .dop].allSatisfy { !refused(spec.expect($0, v)) }
            let targetless = !route.contains(":") || ownAccount.contains(route)
            return !(everyone && targetless)
        case .deputy12:
            // Never more than the school-wide deputy head; and nothing that needs a school-wide assignment.
            if refused(spec.expect(.zavuch, v)) { return true }
            return schoolWide.contains(route)
        case .teacherParent:
            // The union of the two roles: refused where both are refused.
            return refused(spec.expect(.teacher, v)) && refused(spec.expect(.parent, v))
        }
    }

    /// Routes of the whole school's registers, plans and settings: a deputy head scoped to some grades does not reach them.
    static let schoolWide: Set<String> = [
        "GET /documents", "GET /requests", "GET /year", "POST /year/close", "GET /retention", "POST /retention/apply",
        "GET /settings", "GET /settings/vocabularies", "POST /settings/vocabularies", "POST /settings/periods",
        "GET /journals/import", "POST /journals/import",
    ]

    func addPersonas(_ app: Application, _ f: M.Fixtures) async throws {
        let db = app.db
        let director = try await User.query(on: db).filter(\.$login == "director").first()!
        let teacher = try await User.query(on: db).filter(\.$login == "teacher").first()!
        func user(_ login: String, _ last: String) async throws -> User {
            let u = User(schoolID: DemoSchool.schoolID, login: login, passwordHash: director.passwordHash,
                         name: PersonName(lastName: last, firstName: "Персона", middleName: ""))
            try await u.create(on: db)
            return u
        }
        let today = LocalDate.today(in: SchoolTime.defaultZone)
        let old = try await user(Persona.expiredHead.rawValue, "Прежний")
        try await RoleAssignment(schoolID: DemoSchool.schoolID, userID: old.id!, role: .head, scope: .school,
                                 validTo: today.adding(days: -1)).create(on: db)
        let deputy = try await user(Persona.deputy12.rawValue, "Младшаязавуч")
        try await RoleAssignment(schoolID: DemoSchool.schoolID, userID: deputy.id!, role: .deputyHead, scope: .grades(1...2)).create(on: db)
        let both = try await user(Persona.teacherParent.rawValue, "Двойная")
        for a in try await RoleAssignment.query(on: db).filter(\.$user.$id == teacher.id!).all() {
            guard let assignment = a.assignment else { continue }
            try await RoleAssignment(schoolID: assignment.schoolID, userID: both.id!, role: assignment.role, scope: assignment.scope,
                                     validFrom: assignment.validFrom, validTo: assignment.validTo).create(on: db)
        }
        try await RoleAssignment(schoolID: DemoSchool.schoolID, userID: both.id!, role: .parent, scope: .pupil(f.ownPupil)).create(on: db)
    }

    @Test func personasAreRefusedWhereverThePolicyRefusesThem() async throws {
        try await withKopilka(demo: true) { app in
            let matrix = M()
            let f = try await matrix.fixtures(app)
            try await addPersonas(app, f)
            var clients: [Persona: TestClient] = [:]
            for p in Persona.allCases {
                let c = try await TestClient.start(app)
                #expect(try await c.signIn(p.rawValue).status == .seeOther, "sign-in \(p)")
                clients[p] = c
            }
            var checked = 0
            for (route, spec) in M.matrix.sorted(by: { $0.key < $1.key }) where route != "POST /logout" {
                let method = String(route.split(separator: " ")[0])
                for p in Persona.allCases {
                    for v in spec.variants where Self.mustRefuse(p, route, spec, v) {
                        let path = M.path(route, who: p.pathsOf, variant: v, f)
                        let before = method == "POST" ? try await matrix.snapshot(app) : []
                        let res = method == "GET"
                            ? try await clients[p]!.get(path)
                            : try await clients[p]!.post(path, form: spec.body?(p.pathsOf, v, f) ?? [:])
                        #expect(Self.refused(res.status), "\(route) as \(p), \(v) target: \(res.status.code), the policy refuses it")
                        if method == "POST" {
                            #expect(try await matrix.snapshot(app) == before, "\(route) as \(p), \(v) target wrote something")
                        }
                        checked += 1
                    }
                }
            }
            #expect(checked > 300)
        }
    }

    @Test func theDeputyForGrades1To2DoesNotReachGrade3AndTheTwoRoleUserActsAsFamilyForTheirChild() async throws {
        try await withKopilka(demo: true) { app in
            let f = try await M().fixtures(app)
            try await addPersonas(app, f)
            let deputy = try await AchievementTests.signedIn(app, Persona.deputy12.rawValue)
            let c3 = try await ClassGroup.query(on: app.db).all().first { $0.title == "3Б" }!
            #expect(try await deputy.get(RouteTable.classGroup.path(c3.id!)).status == .notFound)
            #expect(try await deputy.get(RouteTable.pupil.path(f.homeSchooled)).status == .notFound)
            #expect(try await deputy.get(JournalRef.classSubject(itemID: f.math3B).path).status == .notFound)
            #expect(try await deputy.get(RouteTable.classGroup.path(f.class2A)).status == .ok)
            #expect(try await deputy.get(JournalRef.classSubject(itemID: f.math2A).path).status == .ok)
            // The control page lists grades 1–2 only.
            let control = try await deputy.get(RouteTable.control.path())
            #expect(control.status == .ok)
            #expect(!deputy.body(control).contains(">3Б<"))
            // The expired head sees no class and no pupil.
            let old = try await AchievementTests.signedIn(app, Persona.expiredHead.rawValue)
            #expect(try await old.get(RouteTable.classes.path()).status == .forbidden)
            #expect(try await old.get(RouteTable.pupil.path(f.ownPupil)).status == .notFound)
            #expect(!old.body(try await old.get("/")).contains("/year"))
            // Teacher and parent: the child's page is the family's (the menu's «Главная»), the class is the teacher's.
            let both = try await AchievementTests.signedIn(app, Persona.teacherParent.rawValue)
            #expect(try await both.get(RouteTable.classGroup.path(f.class2A)).status == .ok)
            let documents = try await both.get(RouteTable.pupil.path(f.ownPupil) + "/documents")
            #expect(documents.status == .ok)
        }
    }

    @Test func theAPIRefusesThePersonasAsThePagesDo() async throws {
        try await withKopilka(demo: true) { app in
            let f = try await M().fixtures(app)
            try await addPersonas(app, f)
            func token(_ p: Persona) async throws -> String {
                let user = try await User.query(on: app.db).filter(\.$login == p.rawValue).first()!
                let (t, secret) = APIToken.issue(schoolID: DemoSchool.schoolID, userID: user.id!, name: "Проверка", write: true)
                try await t.create(on: app.db)
                return secret
            }
            func get(_ path: String, _ secret: String) async throws -> HTTPStatus {
                try await APITests.get(app, path, token: secret).status
            }
            let old = try await token(.expiredHead)
            #expect(try await get("/api/v1/pupils/\(f.ownPupil)", old) == .notFound)
            #expect(try await get("/api/v1/pupils/\(f.ownPupil)/marks", old) == .notFound)
            #expect(try await get("/api/v1/journals/\(f.math2A)/lessons", old) == .notFound)
            let list = try await APITests.get(app, "/api/v1/pupils", token: old)
            #expect(list.status == .ok && !(list.body.map { String(buffer: $0) } ?? "").contains(f.ownPupil.uuidString.lowercased()))
            let deputy = try await token(.deputy12)
            #expect(try await get("/api/v1/pupils/\(f.ownPupil)", deputy) == .ok)
            #expect(try await get("/api/v1/pupils/\(f.homeSchooled)", deputy) == .notFound)
            #expect(try await get("/api/v1/journals/\(f.math3B)/lessons", deputy) == .notFound)
            // Writing a mark through the API: the expired head and the deputy head (who controls, not teaches) are refused.
            let events = try await MarkEvent.query(on: app.db).count()
            for secret in [old, deputy] {
                let c = try await TestClient.start(app)
                var headers = HTTPHeaders()
                headers.add(name: .authorization, value: "Bearer \(secret)")
                headers.add(name: .contentType, value: "application/json")
                let res = try await app.client.post(URI(string: c.base + "/api/v1/lessons/\(f.lessonMath2A)/marks"), headers: headers) {
                    try $0.content.encode(["pupil": f.ownPupil.uuidString, "value": "5"], as: .json)
                }
                #expect([403, 404].contains(res.status.code), "\(res.status)")
            }
            #expect(try await MarkEvent.query(on: app.db).count() == events)
        }
    }

    @Test func subjectAndClubTeachersDoNotSeeGuardiansOrSpecialConditions() async throws {
        try await withKopilka(demo: true) { app in
            let f = try await M().fixtures(app)
            let links = try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == f.ownPupil).with(\.$user).all()
            let guardian = try #require(links.first?.user)
            let flagged = try #require(try await Pupil.query(on: app.db).filter(\.$specialConditions == true).first())
            for (login, pupil) in [("english", f.ownPupil), ("dop", f.clubMember)] {
                let c = try await AchievementTests.signedIn(app, login)
                let card = try await c.get(RouteTable.pupil.path(pupil))
                #expect(card.status == .ok, "\(login)")
                #expect(!c.body(card).contains("id=\"guardians\""), "\(login) sees the guardians")
                if pupil == f.ownPupil { #expect(!c.body(card).contains(guardian.name.lastName), "\(login) sees the guardian's name") }
            }
            // The class roster shows «нужны специальные условия» only to those who read the route.
            let classOfFlagged = try #require(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == flagged.id!)
                .filter(\.$endsOn == nil).first()).$classGroup.id
            let english = try await AchievementTests.signedIn(app, "english")
            let roster = try await english.get(RouteTable.classGroup.path(classOfFlagged))
            if roster.status == .ok { #expect(!english.body(roster).contains("нужны специальные условия")) }
            let flaggedCard = try await english.get(RouteTable.pupil.path(flagged.id!))
            if flaggedCard.status == .ok { #expect(!english.body(flaggedCard).contains("нужны специальные условия")) }
            let zavuch = try await AchievementTests.signedIn(app, "zavuch")
            #expect(zavuch.body(try await zavuch.get(RouteTable.pupil.path(flagged.id!))).contains("id=\"guardians\""))
        }
    }
}
