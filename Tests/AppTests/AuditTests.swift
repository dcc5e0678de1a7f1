@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@Suite struct AuditTests {
    @Test func readingAPersonalFileIsLoggedAndTheParentSeesWhoLooked() async throws {
        try await withKopilka(demo: true) { app in
            let parentUser = try await User.query(on: app.db).filter(\.$login == "parent").first()!
            let child = try await GuardianLink.query(on: app.db).filter(\.$user.$id == parentUser.id!).with(\.$pupil).all()
                .first { link in true }!.pupil
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("director")
            #expect(try await teacher.get(RouteTable.pupil.path(child.id!)).status == .ok)
            let events = try await AuditEvent.query(on: app.db).filter(\.$pupilID == child.id!).all()
            #expect(events.contains { $0.action == "read" && $0.objectKind == "personal_file" && $0.actorRole == "head" })

            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            let html = parent.body(try await parent.get(RouteTable.pupil.path(child.id!)))
            #expect(html.contains("id=\"access-log\""))
            #expect(html.contains("Соколова Е. В."))
            #expect(html.contains("директор"))
            #expect(html.contains("просмотр личного дела"))
            // Staff who may not read the log do not get it.
            let classTeacher = try await TestClient.start(app)
            try await classTeacher.signIn("teacher")
            let card = classTeacher.body(try await classTeacher.get(RouteTable.pupil.path(child.id!)))
            #expect(!card.contains("id=\"access-log\""))
        }
    }

    @Test func chainVerifiesAndAnyAlteredRowBreaksIt() async throws {
        try await withKopilka(demo: true) { app in
            for i in 0..<12 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "127.0.0.\(i)"), on: app.db,
                                         objectKind: "personal_file", objectID: UUID(), pupilID: nil)
            }
            #expect(try await AuditLog.verify(on: app.db) >= 12)
            let sql = app.db as! any SQLDatabase
            // Change one field of one event: verification names that event.
            try await sql.raw("UPDATE audit_events SET address = '10.0.0.1' WHERE seq = 5 AND school_id = \(bind: DemoSchool.schoolID)").run()
            do {
                _ = try await AuditLog.verify(on: app.db)
                Issue.record("an altered row must break the chain")
            } catch let broken as AuditLog.Break {
                #expect(broken.seq == 5)
            }
            // Delete an event instead: the gap is found.
            try await sql.raw("UPDATE audit_events SET address = '127.0.0.4' WHERE seq = 5 AND school_id = \(bind: DemoSchool.schoolID)").run()
            #expect(try await AuditLog.verify(on: app.db) >= 12)
            try await sql.raw("DELETE FROM audit_events WHERE seq = 7 AND school_id = \(bind: DemoSchool.schoolID)").run()
            await #expect(throws: AuditLog.Break.self) { try await AuditLog.verify(on: app.db) }
        }
    }

    @Test func concurrentWritersKeepOneUnbrokenChain() async throws {
        try await withKopilka(demo: true) { app in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "w\(i)"), on: app.db,
                                         objectKind: "personal_file", objectID: nil, pupilID: nil)
                    }
                }
                try await group.waitForAll()
            }
            let n = try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).count()
            #expect(n >= 40)
            #expect(try await AuditLog.verify(on: app.db) == n)
        }
    }
}

/// `kopilka audit-verify` on a real data directory: exit 0 on a fresh demo, 1 after a row is altered.
@Suite struct AuditVerifyCommandTests {
    @Test func commandPassesOnAFreshDemoAndFailsAfterTampering() async throws {
        guard TestBackend.kind == .sqlite else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-audit-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cli = CommandLineTests()
        let demo = try cli.run(["demo"], env: ["KOPILKA_DATA_DIR": dir, "KOPILKA_BCRYPT_COST": "4"])
        #expect(demo.code == 0)
        // Some activity to verify: a sign-in and a read through the real app on that directory.
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: AppConfig.forTests(dataDirectory: dir))
            for i in 0..<5 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "a\(i)"), on: app.db,
                                         objectKind: "personal_file", objectID: nil, pupilID: nil)
            }
        } catch { try? await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
        let ok = try cli.run(["audit-verify"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(ok.code == 0)

        let app2 = try await Application.make(.testing)
        do {
            try await configure(app2, config: AppConfig.forTests(dataDirectory: dir))
            try await (app2.db as! any SQLDatabase).raw("UPDATE audit_events SET action = 'nothing' WHERE seq = 2").run()
        } catch { try? await app2.asyncShutdown(); throw error }
        try await app2.asyncShutdown()
        let broken = try cli.run(["audit-verify"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(broken.code == 1)
        #expect(broken.stderr.contains("№ 2"))
    }
}
