@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Retention (issue 7): after the year closes, the graduates' records fall due; the head approves; an act is kept.
@Suite struct RetentionTests {
    typealias A = AchievementTests

    @Test func aRetentionRunDepersonalisesWhatIsDueAndKeepsAnActWithTheLogExtract() async throws {
        try await withKopilka(demo: true) { app in
            let year = try await AcademicYear.query(on: app.db).filter(\.$status == .open).first()!
            let head = try await User.query(on: app.db).filter(\.$login == "director").first()!
            let graduate = try await PortfolioTests.classPupils(app, "4Б").first!
            let teacher4B = try await A.signedIn(app, "director")
            _ = try await teacher4B.get("/pupils/\(graduate.id!)")   // an access-log line to carry into the act
            // A withdrawn paper consent with its scan, and a record that still points at it (resting on another consent).
            let guardian = try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == graduate.id!).first()!.$user.id
            let scan = Attachment()
            scan.schoolID = DemoSchool.schoolID; scan.sha256 = try app.blobs.put(Data("%PDF-1.4 consent scan".utf8)); scan.mime = "application/pdf"
            scan.size = 21; scan.originalName = "согласие.pdf"; scan.uploadedBy = head.id!
            try await scan.create(on: app.db)
            let consent = Consent()
            consent.schoolID = DemoSchool.schoolID; consent.$pupil.id = graduate.id!; consent.$guardian.id = guardian; consent.purpose = "publish_site"
            consent.givenOn = year.startsOn; consent.withdrawnOn = year.endsOn; consent.recordedBy = head.id!; consent.$scan.id = scan.id
            try await consent.create(on: app.db)
            let resting = try await Achievement.query(on: app.db).filter(\.$pupil.$id != graduate.id!).first()!
            resting.consentID = consent.id
            try await resting.save(on: app.db)
            _ = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id, address: "test"), year: year, reason: "Проверка сроков", lockedBy: head.id!, today: year.endsOn.adding(days: 1))
            // Nothing is due the day after the year ends.
            #expect(try await Retention.plan(on: app.db, schoolID: DemoSchool.schoolID, today: year.endsOn.adding(days: 1)).isEmpty)
            // Four years later: the graduates' personal files (3 years) and portfolios (1 year).
            let later = Retention.add(years: 4, to: year.endsOn)
            let due = try await Retention.plan(on: app.db, schoolID: DemoSchool.schoolID, today: later)
            let graduates = try await Pupil.query(on: app.db).filter(\.$status == .graduated).count()
            #expect(due.filter { $0.kind == "personal_file" }.count == graduates)
            #expect(due.contains { $0.kind == "portfolio" && $0.pupilID == graduate.id })
            #expect(due.allSatisfy { !$0.subject.contains(graduate.lastName) })   // initials only
            // Through the command line, as the IT admin runs it with the head's approval.
            var env = ["KOPILKA_DATA_DIR": app.kopilkaConfig.dataDirectory, "KOPILKA_BCRYPT_COST": "4"]
            if let url = app.kopilkaConfig.databaseURL { env["DATABASE_URL"] = url }
            let noApproval = try CommandLineTests().run(["retention", "--apply", "--today", later.iso], env: env)
            #expect(noApproval.code == 1 && noApproval.stderr.contains("--approved-by"))
            // Terms the school has not confirmed destroy nothing; the command says why.
            let unconfirmed = try CommandLineTests().output(["retention", "--apply", "--approved-by", "director", "--today", later.iso], env: env)
            #expect(unconfirmed.code == 0 && unconfirmed.stdout.contains("не подтвердила"))
            #expect(try await Pupil.find(graduate.id, on: app.db)?.lastName == graduate.lastName)
            #expect(try await DestructionAct.query(on: app.db).count() == 0)
            try await Retention.approveRules(on: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id), by: head.id!, today: later)
            let run = try CommandLineTests().run(["retention", "--apply", "--approved-by", "director", "--today", later.iso], env: env)
            #expect(run.code == 0, "\(run.stderr)")
            let p = try await Pupil.find(graduate.id, on: app.db)!
            #expect(p.lastName == "Обезличен" && p.middleName.isEmpty && p.birthDate.month == 1 && p.birthDate.day == 1)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() == 0)
            #expect(try await Achievement.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() == 0)
            // Marks stay for the archive's statistics, without the person.
            #expect(try await MarkEvent.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() > 0)
            let act = try #require(try await DestructionAct.query(on: app.db).first())
            #expect(act.number == "1/\(later.year)" && act.subjects.contains(Spravka.initials(graduate.name)))
            #expect(act.dataCategories.contains("личное дело") && act.logExtract.contains("read personal_file"))
            #expect(try await Retention.plan(on: app.db, schoolID: DemoSchool.schoolID, today: later).filter { $0.pupilID == graduate.id }.isEmpty)
            // The consent past its term is gone with its scan; the record that pointed at it stays, pointing nowhere.
            #expect(try await Consent.find(consent.id, on: app.db) == nil)
            #expect(try await Attachment.find(scan.id, on: app.db) == nil && !app.blobs.exists(scan.sha256))
            #expect(try await Achievement.find(resting.id, on: app.db)?.consentID == nil)
            #expect(try await AuditLog.verify(on: app.db).intact)
        }
    }
}

extension RetentionTests {
    /// Issue 17: each category from its own event and term — a year after leaving only the portfolio goes and the child
    /// is still named; three years after, the personal file is depersonalised and no name is left elsewhere: consents,
    /// the frozen copy of an issued document, the requester of a request, the family's link.
    @Test func thePortfolioGoesAfterAYearAndTheNameOnlyAfterThreeLeavingNoTraceBehind() async throws {
        try await withKopilka(demo: true) { app in
            let year = try #require(try await AcademicYear.query(on: app.db).filter(\.$status == .open).first())
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            let graduate = try #require(try await PortfolioTests.classPupils(app, "4А").first)
            let guardian = try #require(try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == graduate.id!).first()).$user.id
            // A live consent (it names the mother), an issued справка with its copy, a request she filed.
            let consent = Consent()
            consent.schoolID = DemoSchool.schoolID; consent.$pupil.id = graduate.id!; consent.$guardian.id = guardian
            consent.purpose = "publish_site"; consent.givenOn = year.startsOn; consent.recordedBy = head.id!
            try await consent.create(on: app.db)
            let copy = try app.blobs.put(Data("%PDF-1.4 справка \(graduate.lastName)".utf8))
            let doc = IssuedDocument()
            doc.schoolID = DemoSchool.schoolID; doc.$pupil.id = graduate.id!; doc.kind = .spravka; doc.year = year.startsOn.year
            doc.registerNumber = 900; doc.issuedOn = year.startsOn.adding(days: 30); doc.sha256 = copy; doc.signerName = "Соколова Е. В."
            doc.verificationToken = "RETENTIONTESTTOKEN0000000"; doc.createdBy = head.id!
            try await doc.create(on: app.db)
            let request = InformationRequest()
            request.schoolID = DemoSchool.schoolID; request.$pupil.id = graduate.id!; request.$requester.id = guardian
            request.requesterName = "Мама выпускницы"; request.channel = .written; request.receivedOn = year.startsOn.adding(days: 40)
            request.dueOn = year.startsOn.adding(days: 70); request.subject = "Копия личного дела"; request.status = .answered
            try await request.create(on: app.db)
            _ = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id), year: year,
                                          reason: "Проверка сроков", lockedBy: head.id!, today: year.endsOn.adding(days: 1))

            try await Retention.approveRules(on: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id), by: head.id!,
                                             today: year.endsOn.adding(days: 2))
            // A year and a month after leaving: the portfolio only.
            let oneYear = Retention.add(years: 1, to: year.endsOn).adding(days: 30)
            let early = try await Retention.plan(on: app.db, schoolID: DemoSchool.schoolID, today: oneYear).filter { $0.pupilID == graduate.id }
            #expect(early.map(\.kind) == ["portfolio"])
            _ = try await Retention.apply(on: app.db, blobs: app.blobs, schoolID: DemoSchool.schoolID, today: oneYear, approvedBy: head.id!, address: "test")
            let still = try #require(try await Pupil.find(graduate.id, on: app.db))
            #expect(still.lastName == graduate.lastName && still.birthDate == graduate.birthDate)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() > 0)
            #expect(try await Achievement.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() == 0)
            let firstAct = try #require(try await DestructionAct.query(on: app.db).first())
            #expect(firstAct.dataCategories.contains("портфолио (достижения") && !firstAct.dataCategories.contains("личное дело"))

            // Three years and a month after: the personal file, and every trace of the name.
            let threeYears = Retention.add(years: 3, to: year.endsOn).adding(days: 30)
            #expect(try await Retention.plan(on: app.db, schoolID: DemoSchool.schoolID, today: threeYears)
                .contains { $0.kind == "personal_file" && $0.pupilID == graduate.id })
            _ = try await Retention.apply(on: app.db, blobs: app.blobs, schoolID: DemoSchool.schoolID, today: threeYears, approvedBy: head.id!, address: "test")
            let gone = try #require(try await Pupil.find(graduate.id, on: app.db))
            #expect(gone.lastName == "Обезличен")
            #expect(try await GuardianLink.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() == 0)
            #expect(try await Consent.query(on: app.db).filter(\.$pupil.$id == graduate.id!).count() == 0)
            let register = try #require(try await IssuedDocument.find(doc.id, on: app.db))
            #expect(register.sha256.isEmpty && register.registerNumber == 900 && !app.blobs.exists(copy))
            let asked = try #require(try await InformationRequest.find(request.id, on: app.db))
            #expect(asked.requesterName == "—" && asked.$requester.id == nil && asked.subject == "Копия личного дела")
            let acts = try await DestructionAct.query(on: app.db).sort(\.$number).all()
            #expect(acts.count == 2 && acts.contains { $0.dataCategories.contains("согласия с их сканами") })
            // The register answers for the destroyed copy with the reason, not an error.
            let director = try await A.signedIn(app, "director")
            let download = try await director.get(RouteTable.document.path(doc.id!))
            #expect(download.status == .gone)
            #expect(try await AuditLog.verify(on: app.db).intact)
        }
    }
}

extension RetentionTests {
    /// Issue 17: the terms are the school's to edit and confirm — a changed term is unconfirmed again; the page shows
    /// when each record falls due.
    @Test func theHeadEditsAndConfirmsTheTermsAndThePageShowsWhenEachRecordFallsDue() async throws {
        try await withKopilka(demo: true) { app in
            let year = try #require(try await AcademicYear.query(on: app.db).filter(\.$status == .open).first())
            let head = try #require(try await User.query(on: app.db).filter(\.$login == "director").first())
            _ = try await YearClose.close(app: app, db: app.db, audit: app.audit(schoolID: DemoSchool.schoolID, actorID: head.id), year: year,
                                          reason: "Проверка сроков", lockedBy: head.id!, today: year.endsOn.adding(days: 1))
            let client = try await A.signedIn(app, "director")
            let page = client.body(try await client.get("/retention"))
            #expect(page.contains("id=\"rules-unconfirmed\"") && page.contains("id=\"upcoming\""))
            // The graduates' personal files fall due three years after they left.
            #expect(page.contains(Retention.add(years: 3, to: year.endsOn).russian))
            let portfolio = try #require(try await RetentionRule.query(on: app.db).filter(\.$recordKind == "portfolio").first())
            let key = "years_\(portfolio.id!.uuidString.lowercased())"
            #expect(try await client.post("/retention/rules", form: [key: "0"]).status == .unprocessableEntity)
            _ = try await client.get("/retention")
            #expect(try await client.post("/retention/rules", form: [key: "2", "confirm": "yes"]).status == .seeOther)
            let rules = try await RetentionRule.query(on: app.db).all()
            #expect(rules.allSatisfy { $0.approvedOn != nil && $0.approvedBy == head.id })
            // The same form again (a double click) changes and logs nothing.
            let events = try await AuditEvent.query(on: app.db).filter(\.$objectKind == "retention_rule").count()
            _ = try await client.get("/retention")
            #expect(try await client.post("/retention/rules", form: [key: "2", "confirm": "yes"]).status == .seeOther)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "retention_rule").count() == events)
            #expect(try await RetentionRule.find(portfolio.id, on: app.db)?.years == 2)
            // A changed term is unconfirmed again.
            _ = try await client.get("/retention")
            #expect(try await client.post("/retention/rules", form: [key: "3"]).status == .seeOther)
            #expect(try await RetentionRule.find(portfolio.id, on: app.db)?.approvedOn == nil)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$objectKind == "retention_rule").count() >= 3)
            #expect(try await A.signedIn(app, "zavuch").post("/retention/rules", form: [key: "1", "confirm": "yes"]).status == .forbidden)
        }
    }
}
