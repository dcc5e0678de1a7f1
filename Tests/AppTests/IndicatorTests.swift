@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct IndicatorTests {
    @Test func levelsArePerPupilPersonalResultsOnlyPerClassAndParentsSeeThem() async throws {
        try await withKopilka(demo: true) { app in
            let c2A = try await ClassGroup.query(on: app.db).filter(\.$grade == 2).filter(\.$letter == "А").first()!
            let q1 = try await Period.query(on: app.db).filter(\.$number == 1).first()!
            let regulative = try await Indicator.query(on: app.db).filter(\.$group == .regulative).first()!
            let personal = try await Indicator.query(on: app.db).filter(\.$group == .personal).first()!
            let pupilUser = try await User.query(on: app.db).filter(\.$login == "pupil").first()!
            let child = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == pupilUser.id!).first()!.pupilID!
            let path = "/classes/\(c2A.id!.uuidString)/indicators"
            let teacher = try await TestClient.start(app)
            try await teacher.signIn("teacher")
            _ = try await teacher.get(path)
            let before = try await IndicatorLevel.query(on: app.db).count()
            // A personal quality of one child is never scored.
            let perChild = try await teacher.post(path, form: ["period": q1.id!.uuidString,
                                                               "level_\(child.uuidString.lowercased())_\(personal.id!.uuidString.lowercased())": "basic"])
            #expect(perChild.status == .unprocessableEntity)
            #expect(teacher.body(perChild).contains("не оцениваются по каждому ученику"))
            #expect(try await IndicatorLevel.query(on: app.db).count() == before)
            _ = try await teacher.get(path)
            #expect(try await teacher.post(path, form: ["period": q1.id!.uuidString,
                                                        "level_\(child.uuidString.lowercased())_\(regulative.id!.uuidString.lowercased())": "advanced"]).status == .seeOther)
            #expect(try await IndicatorLevel.query(on: app.db).filter(\.$pupil.$id == child).filter(\.$indicator.$id == regulative.id!)
                .filter(\.$period.$id == q1.id!).first()?.level == .advanced)
            _ = try await teacher.get(path)
            let tooMany = try await teacher.post(path + "/personal", form: ["period": q1.id!.uuidString,
                                                                            "count_\(personal.id!.uuidString.lowercased())_basic": "40"])
            #expect(teacher.body(tooMany).contains("больше числа учеников класса"))
            _ = try await teacher.get(path)
            #expect(try await teacher.post(path + "/personal", form: ["period": q1.id!.uuidString,
                                                                      "count_\(personal.id!.uuidString.lowercased())_basic": "18",
                                                                      "count_\(personal.id!.uuidString.lowercased())_advanced": "6"]).status == .seeOther)
            let aggregates = try await PersonalResultAggregate.query(on: app.db).all()
            #expect(aggregates.count == 2)
            #expect(Set(aggregates.map(\.pupilCount)) == [18, 6])

            let parent = try await TestClient.start(app)
            try await parent.signIn("parent")
            let results = parent.body(try await parent.get("/pupils/\(child.uuidString)/results?period=\(q1.id!.uuidString)"))
            #expect(results.contains("id=\"results-indicators\""))
            #expect(results.contains(regulative.title))
            #expect(results.contains("повышенный"))
        }
    }
}
