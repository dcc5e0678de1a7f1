@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Parents' requests (6.3): filed by the family, registered by the school, answered with a справка, extended once.
@Suite struct RequestTests {
    typealias A = AchievementTests

    @Test func aParentAsksTheDeputyAnswersWithASpravkaAndTheParentSeesIt() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let parent = try await A.signedIn(app, "parent")
            _ = try await parent.get("/pupils/\(pupil.id!)/documents")
            let res = try await parent.post("/pupils/\(pupil.id!)/requests", form: ["subject": "Справка с отметками для спортивной школы"])
            #expect(res.status == .seeOther)
            let r = try await InformationRequest.query(on: app.db).filter(\.$pupil.$id == pupil.id!).first()!
            #expect(r.channel == .electronic && r.status == .open && r.receivedOn == A.today())
            #expect(r.dueOn == WorkingDays.add(10, to: A.today()))
            #expect(r.requesterName == (try await User.query(on: app.db).filter(\.$login == "parent").first()!.name.full))
            #expect(try await parent.post("/pupils/\(pupil.id!)/requests", form: ["subject": " "]).status == .unprocessableEntity)

            let deputy = try await A.signedIn(app, "zavuch")
            #expect(deputy.body(try await deputy.get("/requests")).contains("Справка с отметками для спортивной школы"))
            _ = try await deputy.get("/pupils/\(pupil.id!)/documents")
            #expect(try await deputy.post("/pupils/\(pupil.id!)/spravka", form: ["request": r.id!.uuidString]).status == .seeOther)
            let answered = try await InformationRequest.find(r.id, on: app.db)!
            #expect(answered.status == .answered && answered.answeredOn == A.today())
            let doc = try await IssuedDocument.query(on: app.db).filter(\.$request.$id == r.id!).first()
            #expect(doc != nil)
            let page = parent.body(try await parent.get("/pupils/\(pupil.id!)/documents"))
            #expect(page.contains("ответ дан") && page.contains("/documents/\(doc!.id!.uuidString.lowercased())"))
            // Another pupil's request cannot be answered with this pupil's справка.
            #expect(try await deputy.post("/pupils/\(pupil.id!)/spravka", form: ["request": UUID().uuidString]).status == .notFound)
        }
    }

    @Test func theSchoolRegistersAnOralRequestExtendsItOnceAndTheHeadSeesWhatIsOverdue() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get("/pupils/\(pupil.id!)/documents")
            let received = A.today().adding(days: -30)
            #expect(try await deputy.post("/pupils/\(pupil.id!)/requests", form: ["subject": "Сведения о посещаемости", "requester": "Иванов Пётр Сергеевич",
                                                                               "channel": "oral", "received_on": received.iso]).status == .seeOther)
            let r = try await InformationRequest.query(on: app.db).filter(\.$pupil.$id == pupil.id!).first()!
            #expect(r.channel == .oral && r.receivedOn == received && r.dueOn == WorkingDays.add(10, to: received))
            // Overdue: highlighted on the register and on the head's home page.
            let head = try await A.signedIn(app, "director")
            #expect(head.body(try await head.get("/")).contains("Просроченных запросов родителей: 1"))
            _ = try await deputy.get("/requests")
            #expect(try await deputy.post("/requests/\(r.id!)/extend", form: ["reason": ""]).status == .unprocessableEntity)
            #expect(try await deputy.post("/requests/\(r.id!)/extend", form: ["reason": "Нужны сведения из архива"]).status == .seeOther)
            let extended = try await InformationRequest.find(r.id, on: app.db)!
            #expect(extended.status == .extended && extended.extendedUntil == WorkingDays.add(5, to: r.dueOn))
            #expect(try await deputy.post("/requests/\(r.id!)/extend", form: ["reason": "Ещё раз"]).status == .unprocessableEntity)
            #expect(try await deputy.post("/requests/\(r.id!)/answer", form: ["note": "Сообщено устно"]).status == .seeOther)
            #expect(!head.body(try await head.get("/")).contains("Просроченных запросов"))
            // Teachers do not keep this register; a parent cannot answer.
            #expect(try await A.signedIn(app, "teacher").get("/requests").status == .forbidden)
            #expect(try await A.signedIn(app, "parent").post("/requests/\(r.id!)/answer", form: [:]).status == .forbidden)
        }
    }
}
