@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Awards by order, the portfolio and its shared links, the deputy head's control, gifted pupils, the individual
/// route and the editable lists (regulation 2.1, 2.2, 3.3, 4.9, 5.2, 6.1).
@Suite struct PortfolioTests {
    typealias A = AchievementTests

    static func classPupils(_ app: Application, _ title: String) async throws -> [Pupil] {
        let c = try await ClassGroup.query(on: app.db).all().first { $0.title == title }!
        return try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).with(\.$pupil).all()
            .map(\.pupil).sorted { $0.lastName < $1.lastName }
    }

    static func awardFields(kind: String = "certificate", order: String = "45-о") -> [(String, String)] {
        let today = A.today()
        return [("kind", kind), ("ground", "study"), ("title", "За успехи в учёбе по итогам четверти"), ("date", today.iso),
                ("order_number", order), ("order_date", today.adding(days: -1).iso), ("awarded_by", "Директор Н. В. Смирнова")]
    }

    @Test func theDeputyAwardsAListOfPupilsByOneOrderAllOrNothing() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let c2 = try await ClassGroup.query(on: app.db).all().first { $0.title == "2А" }!
            #expect(try await deputy.get("/awards?class=\(c2.id!)").status == .ok)
            let second = try await Self.classPupils(app, "2А").prefix(3)
            let first = try await Self.classPupils(app, "1А").first!
            let before = try await Award.query(on: app.db).count()
            // «Похвальный лист» is not for grade 1: a batch with a first-grader writes nothing at all.
            let mixed = try await deputy.post("/awards", pairs: Self.awardFields(kind: "commendation_sheet")
                + (second.map { ("pupils[]", $0.id!.uuidString) }) + [("pupils[]", first.id!.uuidString)])
            #expect(mixed.status == .unprocessableEntity)
            #expect(deputy.body(mixed).contains("со 2 класса"))
            #expect(try await Award.query(on: app.db).count() == before)
            let ok = try await deputy.post("/awards", pairs: Self.awardFields(kind: "commendation_sheet") + second.map { ("pupils[]", $0.id!.uuidString) })
            #expect(ok.status == .seeOther)
            let awards = try await Award.query(on: app.db).filter(\.$orderNumber == "45-о").all()
            #expect(awards.count == 3)
            #expect(Set(awards.map { $0.$pupil.id }) == Set(second.map { $0.id! }))
            #expect(awards.allSatisfy { $0.orderNumber == "45-о" && $0.basisDocument.hasPrefix("Приказ № 45-о от ") && $0.kind == "commendation_sheet" })
            // A teacher does not award.
            let teacher = try await A.signedIn(app, "teacher")
            #expect(try await teacher.post("/awards", pairs: Self.awardFields() + [("pupils[]", second.first!.id!.uuidString)]).status == .forbidden)
            #expect(try await teacher.get("/awards").status == .forbidden)
            // Another school's pupil in the list: 404 and nothing written.
            let other = try await OtherSchool.create(on: app.db, passwordHash: try await User.query(on: app.db).first()!.passwordHash)
            let swapped = try await deputy.post("/awards", pairs: Self.awardFields(order: "46") + [("pupils[]", other.pupilID.uuidString)])
            #expect(swapped.status == .notFound)
            #expect(try await Award.query(on: app.db).count() == before + 3)
        }
    }

    @Test func aPupilsAwardCitesTheirVerifiedAchievements() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await deputy.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Олимпиада по математике"))
            let a = try await Achievement.query(on: app.db).filter(\.$title == "Олимпиада по математике").first()!
            #expect(try await deputy.get("/pupils/\(pupil.id!)/awards/new").status == .ok)
            let res = try await deputy.post("/pupils/\(pupil.id!)/awards", pairs: Self.awardFields() + [("achievements[]", a.id!.uuidString)])
            #expect(res.status == .seeOther)
            let award = try await Award.query(on: app.db).filter(\.$orderNumber == "45-о").first()!
            #expect(try await AwardAchievement.query(on: app.db).filter(\.$award.$id == award.id!).first()?.$achievement.id == a.id)
            let parent = try await A.signedIn(app, "parent")
            let page = parent.body(try await parent.get("/pupils/\(pupil.id!)/portfolio"))
            #expect(page.contains("За успехи в учёбе по итогам четверти") && page.contains("«Олимпиада по математике»"))
            // An order dated after the award, a missing number: refused with the field named.
            var bad = Self.awardFields()
            bad[4] = ("order_number", "")
            let refused = try await deputy.post("/pupils/\(pupil.id!)/awards", pairs: bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(deputy.body(refused).contains("Номер приказа"))
        }
    }

    @Test func aSharedLinkShowsOnlyChosenVerifiedItemsAndStopsWhenRevoked() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Открытое первенство по плаванию", consent: true),
                                           files: [("evidence", "диплом.png", A.png)])
            _ = try await parent.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Конкурс скрытый"),
                                           files: [("evidence", "скан.pdf", A.pdf)])
            let shown = try await Achievement.query(on: app.db).filter(\.$title == "Открытое первенство по плаванию").first()!
            let hidden = try await Achievement.query(on: app.db).filter(\.$title == "Конкурс скрытый").first()!
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get("/control")
            _ = try await deputy.post("/achievements/\(shown.id!)/verify", form: [:])
            _ = try await deputy.post("/achievements/\(hidden.id!)/verify", form: [:])
            // The family ticks one item and creates a link.
            _ = try await parent.get("/pupils/\(pupil.id!)/portfolio")
            #expect(try await parent.post("/pupils/\(pupil.id!)/portfolio/visibility", pairs: [("shared[]", "a:" + shown.id!.uuidString.lowercased())]).status == .seeOther)
            #expect(try await Achievement.find(shown.id, on: app.db)!.shared)
            #expect(try await !Achievement.find(hidden.id, on: app.db)!.shared)
            let created = try await parent.post("/pupils/\(pupil.id!)/shares", form: ["expires_on": A.today().adding(days: 14).iso])
            #expect(created.status == .seeOther)
            let portfolio = parent.body(try await parent.get("/pupils/\(pupil.id!)/portfolio"))
            let link = try #require(portfolio.range(of: "/share/[A-Za-z0-9_-]+", options: .regularExpression).map { String(portfolio[$0]) })
            #expect(try await ShareLink.query(on: app.db).first()!.tokenHash == TokenHash.of(String(link.dropFirst(7))))
            // Anyone with the link: the chosen item with its file, not the other, no surname, no statuses.
            let visitor = try await TestClient.start(app)
            let res = try await visitor.get(link)
            #expect(res.status == .ok)
            let page = visitor.body(res)
            #expect(page.contains("Открытое первенство по плаванию"))
            #expect(!page.contains("Конкурс скрытый"))
            #expect(!page.contains(pupil.lastName))
            #expect(page.contains(pupil.firstName))
            let evidence = try await AchievementEvidence.query(on: app.db).filter(\.$achievement.$id == shown.id!).first()!
            #expect(try await visitor.get(link + "/files/\(evidence.$attachment.id)").status == .ok)
            let other = try await AchievementEvidence.query(on: app.db).filter(\.$achievement.$id == hidden.id!).first()!
            #expect(try await visitor.get(link + "/files/\(other.$attachment.id)").status == .notFound)
            // A school page stays closed to the visitor.
            #expect(try await visitor.get("/files/\(evidence.$attachment.id)").status == .seeOther)
            // Revoked: the link stops working.
            let share = try await ShareLink.query(on: app.db).first()!
            #expect(try await parent.post("/pupils/\(pupil.id!)/shares/\(share.id!)/revoke", form: [:]).status == .seeOther)
            let gone = try await visitor.get(link)
            #expect(gone.status == .notFound)
            #expect(visitor.body(gone).contains("Ссылка недействительна"))
            #expect(try await visitor.get(link + "/files/\(evidence.$attachment.id)").status == .notFound)
            #expect(try await visitor.get("/share/no-such-token-at-all-0000000").status == .notFound)
            // The views by link are in the child's access log.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$actorRole == "share_link").count() >= 2)
            // Staff do not decide what the family shares.
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            #expect(try await teacher.post("/pupils/\(pupil.id!)/shares", form: ["expires_on": A.today().iso]).status == .forbidden)
        }
    }

    @Test func anExpiredLinkShowsNothing() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/portfolio")
            _ = try await parent.post("/pupils/\(pupil.id!)/shares", form: ["expires_on": A.today().iso])
            let portfolio = parent.body(try await parent.get("/pupils/\(pupil.id!)/portfolio"))
            let link = String(portfolio[portfolio.range(of: "/share/[A-Za-z0-9_-]+", options: .regularExpression)!])
            let visitor = try await TestClient.start(app)
            #expect(try await visitor.get(link).status == .ok)
            let share = try await ShareLink.query(on: app.db).first()!
            share.expiresOn = A.today().adding(days: -1)
            try await share.save(on: app.db)
            #expect(try await visitor.get(link).status == .notFound)
            // A date beyond a year ahead is refused.
            let far = try await parent.post("/pupils/\(pupil.id!)/shares", form: ["expires_on": A.today().adding(days: 400).iso])
            #expect(far.status == .unprocessableEntity)
        }
    }

    @Test func theControlPageListsPendingGapsAndPupilsWithoutAchievementsAndTheGiftedListCountsOnlyVouchedRecords() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let english = try await A.signedIn(app, "english")
            _ = try await english.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await english.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Региональный конкурс эссе", level: "regional"))
            let deputy = try await A.signedIn(app, "zavuch")
            let before = deputy.body(try await deputy.get("/control"))
            #expect(before.contains("Региональный конкурс эссе"))
            let total = try await Enrolment.query(on: app.db).filter(\.$endsOn == nil).count()
            let year = try await AcademicYear.query(on: app.db).first()!
            let with = Set(try await Achievement.query(on: app.db).filter(\.$status != .rejected).filter(\.$startsOn >= year.startsOn).all()
                .map { $0.$pupil.id })
            #expect(with.count > 1 && with.count < total)
            #expect(before.contains("Без достижений в этом году: \(total - with.count) из \(total)"))
            // Not yet verified: not on the gifted list.
            #expect(!deputy.body(try await deputy.get("/control/gifted")).contains("Региональный конкурс эссе"))
            let a = try await Achievement.query(on: app.db).filter(\.$title == "Региональный конкурс эссе").first()!
            _ = try await deputy.post("/achievements/\(a.id!)/verify?back=control", form: [:])
            let gifted = deputy.body(try await deputy.get("/control/gifted"))
            #expect(gifted.contains(pupil.name.full) && gifted.contains("Региональный конкурс эссе"))
            let after = deputy.body(try await deputy.get("/control"))
            #expect(!after.contains("Региональный конкурс эссе"))
            // The head sees the control page; teachers and parents do not.
            #expect(try await A.signedIn(app, "director").get("/control").status == .ok)
            #expect(try await english.get("/control").status == .forbidden)
            #expect(try await A.signedIn(app, "parent").get("/control/gifted").status == .forbidden)
        }
    }

    @Test func theClassTeacherKeepsAnIndividualRouteWithStepsAndTheSpecialConditionsFlagOnly() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let teacher = try await A.signedIn(app, "teacher")
            let path = "/pupils/\(pupil.id!)/route"
            #expect(try await teacher.get(path).status == .ok)
            #expect(try await teacher.post(path, form: ["goals": "Техника чтения 60 слов в минуту", "notes": "", "special_conditions": "on"]).status == .seeOther)
            #expect(try await Pupil.find(pupil.id, on: app.db)!.specialConditions)
            #expect(try await teacher.post(path + "/steps", form: ["title": "Занятия с логопедом", "responsible": "Учитель-логопед",
                                                                   "starts_on": A.today().iso, "due_on": A.today().adding(days: 30).iso]).status == .seeOther)
            let bad = try await teacher.post(path + "/steps", form: ["title": "Шаг", "responsible": "Я", "starts_on": A.today().iso,
                                                                     "due_on": A.today().adding(days: -3).iso])
            #expect(bad.status == .unprocessableEntity)
            let step = try await RouteStep.query(on: app.db).first()!
            #expect(try await teacher.post(path + "/steps/\(step.id!)", form: ["done_on": A.today().iso, "outcome": "Читает 62 слова"]).status == .seeOther)
            #expect(try await RouteStep.find(step.id, on: app.db)!.outcome == "Читает 62 слова")
            // The parent reads the route; a subject teacher does not see it; only the flag leaves no health details behind.
            let parent = try await A.signedIn(app, "parent")
            let page = parent.body(try await parent.get(path))
            #expect(page.contains("Техника чтения 60 слов в минуту") && page.contains("Занятия с логопедом"))
            #expect(try await parent.post(path, form: ["goals": "x"]).status == .forbidden)
            #expect(try await A.signedIn(app, "english").get(path).status == .notFound)
        }
    }

    @Test func theSchoolEditsItsListsAndNewEntriesAreOffered() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            #expect(try await deputy.get("/settings/vocabularies").status == .ok)
            #expect(try await deputy.post("/settings/vocabularies", form: ["vocabulary": "award_kind", "title_ru": "Памятный знак", "title_en": "Badge"]).status == .seeOther)
            let dup = try await deputy.post("/settings/vocabularies", form: ["vocabulary": "award_kind", "title_ru": "памятный знак"])
            #expect(dup.status == .unprocessableEntity)
            let entry = try await VocabularyEntry.query(on: app.db).filter(\.$titleRu == "Памятный знак").first()!
            #expect(entry.code.hasPrefix("custom_") && entry.active)
            let pupil = try await A.ownPupil(app)
            #expect(deputy.body(try await deputy.get("/pupils/\(pupil.id!)/awards/new")).contains("Памятный знак"))
            // Switched off: no longer offered, and a form naming it is refused.
            #expect(try await deputy.post("/settings/vocabularies/\(entry.id!)", form: ["title_ru": "Памятный знак", "title_en": "Badge"]).status == .seeOther)
            #expect(!deputy.body(try await deputy.get("/pupils/\(pupil.id!)/awards/new")).contains("Памятный знак"))
            let refused = try await deputy.post("/pupils/\(pupil.id!)/awards", pairs: [("kind", entry.code)] + Array(Self.awardFields().dropFirst()))
            #expect(refused.status == .unprocessableEntity)
            #expect(try await A.signedIn(app, "teacher").get("/settings/vocabularies").status == .forbidden)
        }
    }
}
