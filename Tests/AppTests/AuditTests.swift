@testable import App
import Credentials
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

    @Test func chainVerifiesAndEveryAlteredOrMissingRowIsReported() async throws {
        try await withKopilka(demo: true) { app in
            for i in 0..<12 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "127.0.0.\(i)"), on: app.db,
                                         objectKind: "personal_file", objectID: UUID(), pupilID: nil)
            }
            let clean = try await AuditLog.verify(on: app.db)
            #expect(clean.intact && clean.events >= 12)
            let sql = app.db as! any SQLDatabase
            let top = try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).max(\.$seq)!
            // Two events changed and one deleted: all three are reported, not just the first.
            try await sql.raw("UPDATE audit_events SET address = '10.0.0.1' WHERE seq = \(bind: top - 8) AND school_id = \(bind: DemoSchool.schoolID)").run()
            try await sql.raw("UPDATE audit_events SET actor_role = 'teacher' WHERE seq = \(bind: top - 2) AND school_id = \(bind: DemoSchool.schoolID)").run()
            try await sql.raw("DELETE FROM audit_events WHERE seq = \(bind: top - 5) AND school_id = \(bind: DemoSchool.schoolID)").run()
            let report = try await AuditLog.verify(on: app.db)
            #expect(report.breaks.map(\.seq) == [top - 8, top - 4, top - 2], "\(report.breaks)")
            #expect(report.breaks[0].reason.contains("изменено") && report.breaks[1].reason.contains("нет события № \(top - 5)")
                    && report.breaks[2].reason.contains("изменено"))
        }
    }

    @Test func aNULInWhatAParentSendsNeverBreaksTheChain() async throws {
        try await withKopilka(demo: true) { app in
            // Through any way in but the web (where it is refused): kept as «␀», hashed as read back.
            try await app.db.writeTransaction { tx in
                try await AuditLog.append(app.audit(schoolID: DemoSchool.schoolID), on: tx, action: "create", objectKind: "information_request",
                                          objectID: UUID(), pupilID: nil, details: "тема\u{0}после нуля")
            }
            let stored = try #require(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "information_request").first())
            #expect(stored.details == "тема\u{2400}после нуля" && stored.hashVersion == 2)
            for i in 0..<3 {
                try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "a\(i)"), on: app.db,
                                         objectKind: "personal_file", objectID: nil, pupilID: nil)
            }
            #expect(try await AuditLog.verify(on: app.db).intact)
            // The web refuses it up front, in a form, a query and a JSON body, with the reason in Russian; nothing is written.
            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            _ = try await parent.get("/account/password")
            let pupil = try await AchievementTests.ownPupil(app)
            let teacher = try await AchievementTests.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            let before = try await AuditEvent.query(on: app.db).filter(\.$action != "read").count()
            let form = try await parent.post("/account/password", form: ["current": "x\u{0}y", "password": "a", "confirm": "a"])
            #expect(form.status == .badRequest && parent.body(form).contains("нулевой символ"))
            #expect(try await parent.get("/help?q=%00").status == .badRequest)
            // A streamed upload's text field, refused as it is read: no work is stored.
            let upload = try await teacher.multipart("/pupils/\(pupil.id!)/works", fields: [("section", "my_creativity"), ("title", "Нулевой рисунок\u{0}")],
                                                    files: [("file", "рисунок.png", AchievementTests.png)])
            #expect(upload.status == .badRequest && teacher.body(upload).contains("Поле «title» содержит нулевой символ"))
            #expect(try await PortfolioArtefact.query(on: app.db).filter(\.$title ~~ "Нулевой").count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action != "read").count() == before)
            typealias M = RequestShapeMiddleware
            #expect(M.carriesNUL("{\"a\":\"\\u0000\"}".utf8, .json) && M.carriesNUL("{\"a\":\"\\U0000\"}".utf8, [.percent, .json])
                    && M.carriesNUL("a%00"[...]) && M.carriesNUL("a\u{0}b".utf8, .json))
            // «%00» inside JSON is text, and «\u0000» in a form is text too: each encoding is read as itself.
            #expect(!M.carriesNUL("{\"reason\":\"скидка 100%00\"}".utf8, .json) && !M.carriesNUL("a=%5Cu0000".utf8, .percent)
                    && !M.carriesNUL("100%"[...]) && !M.carriesNUL("\\u00001"[...].dropLast(1).dropFirst()))
        }
    }

    /// Events for a chain to be checked, and a signed checkpoint of it beside the data.
    private static func chainWithCheckpoint(_ app: Application) async throws -> [AuditCheckpoint] {
        for i in 0..<10 {
            try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "deputy", address: "10.1.0.\(i)"), on: app.db,
                                     objectKind: "personal_file", objectID: UUID(), pupilID: nil)
        }
        try await AuditCheckpoints.make(app: app)
        let file = AuditCheckpoints.read(AuditCheckpoints.path(app.kopilkaConfig)).checkpoints
        let verified = try await AuditLog.verify(on: app.db, checkpoints: file)
        #expect(verified.intact && verified.checkpoints >= 1, "\(verified.breaks)")
        return file
    }

    /// Renumbers the school's chain 1, 2, … and recomputes every link and hash: what someone with the database does
    /// to hide a deletion or a rewrite. The chain alone then verifies.
    private static func recompute(_ app: Application) async throws {
        var prev = AuditLog.genesis
        let events = try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).sort(\.$seq).all()
        for (i, e) in events.enumerated() {
            e.seq = i + 1; e.prevHash = prev; e.hashVersion = 2; e.hash = AuditLog.hash(of: e)
            try await e.update(on: app.db)
            prev = e.hash
        }
        #expect(try await AuditLog.verify(on: app.db).intact)
    }

    @Test func truncationIsFoundAgainstTheSignedCheckpoint() async throws {
        try await withKopilka(demo: true) { app in
            let checkpoints = try await Self.chainWithCheckpoint(app)
            let top = try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).max(\.$seq)!
            try await (app.db as! any SQLDatabase).raw("DELETE FROM audit_events WHERE seq > \(bind: top - 3) AND school_id = \(bind: DemoSchool.schoolID)").run()
            #expect(try await AuditLog.verify(on: app.db).intact)  // the chain alone cannot tell
            let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints)
            #expect(report.breaks.count == 1 && report.breaks[0].reason.contains("журнал обрезан: последнее событие № \(top - 3)"), "\(report.breaks)")
        }
    }

    @Test func deletedEventsWithARecomputedChainAreFound() async throws {
        try await withKopilka(demo: true) { app in
            let checkpoints = try await Self.chainWithCheckpoint(app)
            // One child's read events deleted, the chain renumbered and recomputed.
            try await (app.db as! any SQLDatabase).raw("DELETE FROM audit_events WHERE address = '10.1.0.4'").run()
            try await Self.recompute(app)
            let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints)
            #expect(report.breaks.contains { $0.reason.contains("пересчитана") } || report.breaks.contains { $0.reason.contains("обрезан") },
                    "\(report.breaks)")
            #expect(!report.intact)
        }
    }

    @Test func reattributedEventsWithARecomputedChainAreFound() async throws {
        try await withKopilka(demo: true) { app in
            let checkpoints = try await Self.chainWithCheckpoint(app)
            try await (app.db as! any SQLDatabase).raw("UPDATE audit_events SET actor_role = 'teacher' WHERE address = '10.1.0.2'").run()
            try await Self.recompute(app)
            let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints)
            #expect(report.breaks.count == 1 && report.breaks[0].reason.contains("пересчитана"), "\(report.breaks)")
        }
    }

    /// A rewritten chain is never signed again, and a second valid checkpoint that disagrees with the first is a break.
    @Test func aRewrittenChainIsNotSignedAgainAndTwoDisagreeingCheckpointsAreFound() async throws {
        try await withKopilka(demo: true) { app in
            let checkpoints = try await Self.chainWithCheckpoint(app)
            let file = AuditCheckpoints.path(app.kopilkaConfig)
            try await (app.db as! any SQLDatabase).raw("UPDATE audit_events SET actor_role = 'teacher' WHERE address = '10.1.0.3'").run()
            try await Self.recompute(app)
            try await AuditLog.logRead(AuditContext(schoolID: DemoSchool.schoolID, actorID: nil, role: "head", address: "later"), on: app.db,
                                     objectKind: "personal_file", objectID: nil, pupilID: nil)
            #expect(try await AuditCheckpoints.make(app: app).isEmpty)
            #expect(AuditCheckpoints.read(file).checkpoints == checkpoints)
            // Signed with the school's key after a rewrite (someone holding the key): the two disagree, and that is told.
            let key = try await SigningKey.of(DemoSchool.schoolID, on: app.db)
            let cp = checkpoints.last!
            let now = try #require(try await AuditEvent.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$seq == cp.seq).first())
            var resigned = AuditCheckpoint(format: cp.format, school: cp.school, seq: cp.seq, hash: now.hash, at: cp.at + "x", key: key.id!, signature: "")
            resigned.signature = try DetachedSignature.sign(resigned.signedBytes, privateKeyPEM: key.privatePEM)
            let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints + [resigned])
            #expect(report.breaks.contains { $0.reason.contains("расходятся") }, "\(report.breaks)")
        }
    }

    @Test func anEmptiedTableAndAForgedCheckpointAreFound() async throws {
        try await withKopilka(demo: true) { app in
            let checkpoints = try await Self.chainWithCheckpoint(app)
            // A checkpoint rewritten to say less: its signature no longer holds, and it is not trusted.
            var forged = checkpoints.last!
            forged.seq -= 5
            let withForged = try await AuditLog.verify(on: app.db, checkpoints: [forged])
            #expect(withForged.breaks.count == 1 && withForged.breaks[0].reason.contains("подпись контрольной точки"), "\(withForged.breaks)")
            try await (app.db as! any SQLDatabase).raw("DELETE FROM audit_events").run()
            #expect(try await AuditLog.verify(on: app.db).intact)  // nothing left to contradict itself
            let report = try await AuditLog.verify(on: app.db, checkpoints: checkpoints)
            #expect(report.breaks.contains { $0.reason.contains("журнал пуст") }, "\(report.breaks)")
        }
    }

    /// A class read with the class reaches each child's own log: the journal grid and the period marks, one event
    /// per child on the page, in one unbroken chain.
    @Test func aJournalPageReachesEachChildsAccessLog() async throws {
        try await withKopilka(demo: true) { app in
            let item = try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
                .first { $0.classGroup.title == "2А" && $0.subject.code == "math" }!
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("teacher")
            let before = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "journal").count()
            #expect(try await teacher.get("/journals/class/\(item.id!)").status == .ok)
            let logged = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "journal").filter(\.$objectID == item.id!).all()
            let enrolled = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).all(\.$pupil.$id)
            #expect(logged.count - before == Set(enrolled).count && Set(logged.compactMap(\.pupilID)) == Set(enrolled))
            #expect(try await AuditLog.verify(on: app.db).intact)
            let pupil = try await AchievementTests.ownPupil(app)
            #expect(enrolled.contains(pupil.id!))
            let director = try await TestClient.start(app)
            try await director.signIn("director")
            #expect(director.body(try await director.get("/pupils/\(pupil.id!)")).contains("просмотр журнала"))
            // The class page and the journal's spreadsheet alike: one event per child.
            #expect(try await teacher.get(RouteTable.classGroup.path(item.$classGroup.id)).status == .ok)
            #expect(Set(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "class_roster").all().compactMap(\.pupilID)).isSuperset(of: Set(enrolled).subtracting(
                try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn != nil).all(\.$pupil.$id))))
            #expect(try await teacher.get("/journals/class/\(item.id!)/export").status == .ok)
            let exported = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "journal").filter(\.$action == "export").all()
            #expect(!exported.isEmpty && exported.allSatisfy { $0.pupilID != nil && Set(enrolled).contains($0.pupilID!) })
            #expect(try await AuditLog.verify(on: app.db).intact)
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
            let report = try await AuditLog.verify(on: app.db)
            #expect(report.intact && report.events == n)
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
        let signed = try cli.output(["audit-checkpoint"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(signed.code == 0 && signed.stdout.contains("контрольная точка"), "\(signed.stderr)")
        let checked = try cli.output(["audit-verify"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(checked.code == 0 && checked.stdout.contains("1 контрольная точка"), "\(checked.stdout)")

        let app2 = try await Application.make(.testing)
        do {
            try await configure(app2, config: AppConfig.forTests(dataDirectory: dir))
            try await (app2.db as! any SQLDatabase).raw("UPDATE audit_events SET action = 'nothing' WHERE seq = 2").run()
        } catch { try? await app2.asyncShutdown(); throw error }
        try await app2.asyncShutdown()
        let broken = try cli.run(["audit-verify"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(broken.code == 1)
        #expect(broken.stderr.contains("№ 2"))

        // The table emptied: the checkpoint beside the data says how many events there were.
        let app3 = try await Application.make(.testing)
        do {
            try await configure(app3, config: AppConfig.forTests(dataDirectory: dir))
            try await (app3.db as! any SQLDatabase).raw("DELETE FROM audit_events").run()
        } catch { try? await app3.asyncShutdown(); throw error }
        try await app3.asyncShutdown()
        let emptied = try cli.run(["audit-verify"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(emptied.code == 1 && emptied.stderr.contains("журнал пуст"), "\(emptied.stderr)")
    }
}
