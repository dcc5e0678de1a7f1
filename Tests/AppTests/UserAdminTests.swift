@testable import App
import Domain
import Fluent
import Testing
import Vapor

@Suite struct UserAdminTests {
    func temporaryPassword(_ html: String) -> String? {
        guard let r = html.range(of: "<p class=\"code-box\"><strong>") else { return nil }
        let rest = html[r.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]) }
    }

    @Test func adminCreatesAParentWhoMustChangeTheTemporaryPassword() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("admin")
            let pupil = try await Pupil.query(on: app.db).sort(\.$lastName).first()!
            _ = try await client.get("/admin/users/new")
            let res = try await client.post("/admin/users", form: [
                "login": "babushka.1", "last_name": "Иванова", "first_name": "Нина", "middle_name": "Петровна",
                "role": "parent", "pupil_id": pupil.id!.uuidString, "relation": "guardian"])
            #expect(res.status == .seeOther)
            let page = client.body(try await client.get(res.headers.first(name: .location)!))
            let temporary = try #require(temporaryPassword(page))
            #expect(temporary.count == 10)
            // Shown once only.
            #expect(temporaryPassword(client.body(try await client.get(res.headers.first(name: .location)!))) == nil)
            let user = try await User.query(on: app.db).filter(\.$login == "babushka.1").first()!
            #expect(user.mustChangePassword)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$user.$id == user.id!).filter(\.$pupil.$id == pupil.id!).count() == 1)

            let grandma = try await TestClient.start(app)
            let signIn = try await grandma.signIn("babushka.1", temporary)
            #expect(signIn.headers.first(name: .location) == "/account/password")
            #expect(try await grandma.get(RouteTable.pupil.path(pupil.id!)).headers.first(name: .location) == "/account/password")
            _ = try await grandma.get("/account/password")
            #expect(try await grandma.post("/account/password", form: ["current": temporary, "new": "Бабушка-2026", "repeat": "Бабушка-2026"]).status == .seeOther)
            #expect(try await grandma.get(RouteTable.pupil.path(pupil.id!)).status == .ok)
        }
    }

    @Test func formErrorsNameTheFieldAndForeignIdsAreRefused() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("admin")
            _ = try await client.get("/admin/users/new")
            let res = try await client.post("/admin/users", form: [
                "login": "1bad login", "last_name": "", "first_name": "Иван", "role": "class_teacher", "class_id": UUID().uuidString])
            #expect(res.status == .unprocessableEntity)
            let html = client.body(res)
            #expect(html.contains("Логин: от 3 до 40 символов"))
            #expect(html.contains("Фамилия: обязательное поле."))
            #expect(html.contains("Класс: выберите класс этой школы."))
            #expect(try await User.query(on: app.db).filter(\.$firstName == "Иван").filter(\.$lastName == "").count() == 0)
            let taken = try await client.post("/admin/users", form: ["login": "teacher", "last_name": "Х", "first_name": "Y", "role": "admin"])
            #expect(client.body(taken).contains("Логин: уже занят"))
        }
    }

    @Test func resetDeactivateAndRolesChangeWhatTheUserReaches() async throws {
        try await withKopilka(demo: true) { app in
            let client = try await TestClient.start(app)
            try await client.signIn("admin")
            let music = try await User.query(on: app.db).filter(\.$login == "music").first()!
            _ = try await client.get(RouteTable.adminUser.path(music.id!))
            let reset = try await client.post(RouteTable.adminUser.path(music.id!) + "/password", form: [:])
            #expect(reset.status == .seeOther)
            let temporary = try #require(temporaryPassword(client.body(try await client.get(RouteTable.adminUser.path(music.id!)))))
            let teacher = try await TestClient.start(app)
            #expect(try await teacher.signIn("music", "demo").status == .unauthorized)
            #expect(try await teacher.signIn("music", temporary).headers.first(name: .location) == "/account/password")

            _ = try await client.get(RouteTable.adminUser.path(music.id!))
            #expect(try await client.post(RouteTable.adminUser.path(music.id!) + "/active", form: ["active": "false"]).status == .seeOther)
            let off = try await TestClient.start(app)
            #expect(try await off.signIn("music", temporary).status == .unauthorized)

            // Removing a role takes the class out of reach at once.
            let teacherUser = try await User.query(on: app.db).filter(\.$login == "teacher.3a").first()!
            let rows = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == teacherUser.id!).all()
            let t3a = try await TestClient.start(app)
            try await t3a.signIn("teacher.3a")
            let class3A = try await ClassGroup.query(on: app.db).filter(\.$grade == 3).filter(\.$letter == "А").first()!
            #expect(try await t3a.get(RouteTable.classGroup.path(class3A.id!)).status == .ok)
            for row in rows {
                _ = try await client.get(RouteTable.adminUser.path(teacherUser.id!))
                #expect(try await client.post(RouteTable.adminUser.path(teacherUser.id!) + "/assignments/\(row.id!.uuidString.lowercased())/delete", form: [:]).status == .seeOther)
            }
            #expect(try await t3a.get(RouteTable.classGroup.path(class3A.id!)).status == .notFound)
        }
    }

    @Test func onlyTheAdminManagesAccounts() async throws {
        try await withKopilka(demo: true) { app in
            for login in ["director", "zavuch", "teacher", "parent"] {
                let client = try await TestClient.start(app)
                try await client.signIn(login)
                // The head sees the accounts (to give the leadership roles); nobody but the admin makes one.
                #expect(try await client.get("/admin/users").status == (login == "director" ? .ok : .forbidden), "\(login)")
                #expect(try await client.post("/admin/users", form: ["login": "x.\(login)", "last_name": "X", "first_name": "Y", "role": "admin"]).status == .forbidden)
            }
            #expect(try await User.query(on: app.db).filter(\.$login ~~ "x.").count() == 0)
        }
    }
}

/// Issue 16: separation of duties — the head alone gives the leadership roles; the admin makes no head (themselves
/// included), takes no leader's account, and exports no child's marks.
@Suite struct SeparationOfDutiesTests {
    @Test func theAdminCannotMakeAnyoneTheHeadNorTakeALeadersAccount() async throws {
        try await withKopilka(demo: true) { app in
            let adminUser = try await User.query(on: app.db).filter(\.$login == "admin").first()!
            let director = try await User.query(on: app.db).filter(\.$login == "director").first()!
            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            let form = admin.body(try await admin.get("/admin/users/\(adminUser.id!)"))
            #expect(!form.contains("value=\"head\"") && !form.contains("value=\"deputy_head\"") && form.contains("value=\"subject_teacher\""))
            let before = try await RoleAssignment.query(on: app.db).count()
            for (user, role) in [(adminUser, "head"), (adminUser, "deputy_head"), (director, "deputy_head")] {
                let res = try await admin.post("/admin/users/\(user.id!)/assignments", form: ["role": role])
                #expect(res.status == .forbidden && admin.body(res).contains("назначает и снимает только директор"), "\(role)")
            }
            let created = try await admin.post("/admin/users", form: ["login": "new.head", "last_name": "Новый", "first_name": "Директор", "role": "head"])
            #expect(created.status == .forbidden)
            #expect(try await User.query(on: app.db).filter(\.$login == "new.head").count() == 0)
            #expect(try await RoleAssignment.query(on: app.db).count() == before)
            // The head's account is not the admin's to reset or switch off.
            let hash = director.passwordHash
            #expect(try await admin.post("/admin/users/\(director.id!)/password", form: [:]).status == .forbidden)
            #expect(try await admin.post("/admin/users/\(director.id!)/active", form: ["active": "false"]).status == .forbidden)
            let after = try await User.find(director.id, on: app.db)!
            #expect(after.passwordHash == hash && after.active)
        }
    }

    /// A head who is also a parent in the school (linked by an import, say): the admin gives that account no role
    /// and prints no sign-in slip for it — a new password shown to the admin would hand over the head's account.
    @Test func aLeaderWhoIsAParentGetsNoSlipAndNoRoleFromTheAdmin() async throws {
        try await withKopilka(demo: true) { app in
            let director = try await User.query(on: app.db).filter(\.$login == "director").first()!
            let pupil = try await AchievementTests.ownPupil(app)
            let c2A = try await ClassGroup.query(on: app.db).all().first { $0.title == "2А" }!
            try await GuardianLink(schoolID: DemoSchool.schoolID, pupilID: pupil.id!, userID: director.id!, relation: .father).create(on: app.db)
            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            let role = try await admin.post("/admin/users/\(director.id!)/assignments", form: ["role": "parent", "pupil_id": pupil.id!.uuidString])
            #expect(role.status == .forbidden)
            _ = try await admin.get("/admin/slips")
            let slips = try await admin.post("/admin/slips", form: ["class_id": c2A.id!.uuidString])
            #expect(slips.status == .ok && !admin.body(slips).contains("code-box\">director<"))
            #expect(try await User.find(director.id, on: app.db)!.passwordHash == director.passwordHash)
        }
    }

    @Test func theHeadGivesALeadershipRoleAndSeesItOnTheHomePage() async throws {
        try await withKopilka(demo: true) { app in
            let english = try await User.query(on: app.db).filter(\.$login == "english").first()!
            let head = try await TestClient.start(app)
            try await head.signIn("director")
            let page = head.body(try await head.get("/admin/users/\(english.id!)"))
            #expect(page.contains("value=\"deputy_head\"") && !page.contains("value=\"subject_teacher\""))
            // While the account still has a temporary password (which the admin who reset it saw), it gets no leadership role.
            english.mustChangePassword = true
            try await english.save(on: app.db)
            let refused = try await head.post("/admin/users/\(english.id!)/assignments", form: ["role": "deputy_head", "grade_from": "5", "grade_to": "9"])
            #expect(refused.status == .unprocessableEntity && head.body(refused).contains("временный пароль"))
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == english.id!).filter(\.$role == .deputyHead).count() == 0)
            english.mustChangePassword = false
            try await english.save(on: app.db)
            let res = try await head.post("/admin/users/\(english.id!)/assignments", form: ["role": "deputy_head", "grade_from": "5", "grade_to": "9"])
            #expect(res.status == .seeOther)
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == english.id!).filter(\.$role == .deputyHead).count() == 1)
            // The head makes no accounts (the admin does) and takes no teacher's subject role.
            #expect(try await head.get("/admin/users/new").status == .forbidden)
            let subject = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == english.id!).filter(\.$role == .subjectTeacher).first()!
            #expect(try await head.post("/admin/users/\(english.id!)/assignments/\(subject.id!)/delete", form: [:]).status == .forbidden)
            #expect(try await RoleAssignment.find(subject.id, on: app.db) != nil)
            let home = head.body(try await head.get("/"))
            #expect(home.contains("id=\"role-changes\"") && home.contains("english") && home.contains("назначение роли"))
            // The admin's home has no such list.
            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            #expect(!admin.body(try await admin.get("/")).contains("id=\"role-changes\""))
        }
    }

    @Test func aYearExportReachesEachChildsAccessLogAndIsNotTheAdmins() async throws {
        try await withKopilka(demo: true) { app in
            let year = try await AcademicYear.query(on: app.db).filter(\.$status == .open).first()!
            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            #expect(try await admin.get("/admin/oneroster/export").status == .forbidden)
            let head = try await TestClient.start(app)
            try await head.signIn("director")
            #expect(try await head.get("/admin/oneroster/export").status == .ok)
            let pupils = try await SchoolQueries.pupilsOfYear(on: app.db, schoolID: DemoSchool.schoolID, yearID: year.id!)
            #expect(pupils.count > 20)
            let logged = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "oneroster").filter(\.$pupilID != nil).all()
            #expect(Set(logged.compactMap(\.pupilID)) == Set(pupils) && logged.count == pupils.count)
            #expect(try await AuditLog.verify(on: app.db).intact)
            // The parent sees it on the child's page.
            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            let parentUser = try await User.query(on: app.db).filter(\.$login == "parent").first()!
            let child = try await GuardianLink.query(on: app.db).filter(\.$user.$id == parentUser.id!).first()!.$pupil.id
            #expect(parent.body(try await parent.get("/pupils/\(child)")).contains("выгрузка учебного года (OneRoster)"))
        }
    }
}
