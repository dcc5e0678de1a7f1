@testable import App
import Domain
import Fluent
import SQLKit
import Testing
import Vapor

@Suite struct DemoTests {
    @Test func demoSchoolHasEightClassesOfAboutTwentyFivePupils() async throws {
        try await withKopilka(demo: true) { app in
            let classes = try await ClassGroup.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all()
            #expect(classes.map(\.title).sorted() == ["1А", "1Б", "2А", "2Б", "3А", "3Б", "4А", "4Б"])
            for c in classes {
                let n = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).count()
                #expect((23...28).contains(n), "\(c.title) has \(n) pupils")
                #expect(c.$classTeacher.id != nil)
            }
            let pupils = try await Pupil.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).count()
            #expect((190...215).contains(pupils))
            #expect(try await Pupil.query(on: app.db).filter(\.$homeSchooled == true).count() == 1)
            let groups = try await ProgramGroup.query(on: app.db).all()
            #expect(groups.filter { $0.kind == .club }.count == 2)
            #expect(groups.filter { $0.kind == .section }.count == 1)
            #expect(try await Period.query(on: app.db).filter(\.$kind == .quarter).count() == 4)
        }
    }

    @Test func gradeOneHasNoNumericMarksAndOthersDo() async throws {
        try await withKopilka(demo: true) { app in
            let items = try await CurriculumItem.query(on: app.db).with(\.$classGroup).all()
            let gradeOne = Set(items.filter { $0.classGroup.grade == 1 }.map { $0.id! })
            let marks = try await MarkEvent.query(on: app.db).all()
            let first = marks.filter { gradeOne.contains($0.curriculumItemID!) }
            #expect(!first.isEmpty, "grade 1 has verbal assessments")
            #expect(first.allSatisfy { $0.value == nil && $0.verbal?.isEmpty == false })
            let others = marks.filter { !gradeOne.contains($0.curriculumItemID!) }
            #expect(others.count > 3000)
            #expect(others.allSatisfy { ["5", "4", "3", "2", "зачёт", "незачёт"].contains($0.value ?? "") })
            // «н» is attendance, never a mark.
            #expect(!marks.contains { $0.value == "н" })
            #expect(try await Attendance.query(on: app.db).count() > 0)
        }
    }

    @Test func namesAndBirthDatesFitTheirPupils() async throws {
        try await withKopilka(demo: true) { app in
            let enrolments = try await Enrolment.query(on: app.db).filter(\.$endsOn == nil).with(\.$pupil).with(\.$classGroup).all()
            let september = LocalDate(year: TestBackend.demoToday.year, month: 9, day: 1)!
            for e in enrolments {
                let p = e.pupil
                let age = p.birthDate.age(on: september)
                #expect((e.classGroup.grade + 5...e.classGroup.grade + 7).contains(age), "\(p.name.full), \(e.classGroup.title): \(age)")
                #expect(p.middleName.hasSuffix(p.sex == .male ? "ич" : "на"), "\(p.name.full)")
            }
        }
    }

    @Test func everyParentReachesOnlyTheirOwnChildren() async throws {
        try await withKopilka(demo: true) { app in
            let today = TestBackend.demoToday
            let pupils = try await Pupil.query(on: app.db).all()
            var facts: [PupilFacts] = []
            for p in pupils {
                facts.append(try await PupilQueries.facts(on: app.db, schoolID: DemoSchool.schoolID, pupilID: p.id!, today: today))
            }
            let links = try await GuardianLink.query(on: app.db).all()
            let childrenOf = Dictionary(grouping: links, by: { $0.$user.id }).mapValues { Set($0.map { $0.$pupil.id }) }
            let assignments = try await RoleAssignment.query(on: app.db).filter(\.$role == .parent).all()
            let byUser = Dictionary(grouping: assignments, by: { $0.$user.id })
            #expect(byUser.count == childrenOf.count)
            for (user, rows) in byUser {
                let a = rows.compactMap(\.assignment)
                let reachable = Set(facts.filter { AccessPolicy.decide(a, .read(.personalFile), .pupil($0), on: today).allowed }.map(\.pupilID))
                #expect(reachable == childrenOf[user], "parent \(user) reaches \(reachable.count) pupils")
            }
            let parent = try await User.query(on: app.db).filter(\.$login == "parent").first()!
            let own = try await Pupil.query(on: app.db).filter(\.$id ~~ Array(childrenOf[parent.id!]!)).all()
            #expect(own.count == 2)
        }
    }

    @Test func resetRecreatesTheDemoWithoutLeftovers() async throws {
        try await withKopilka(demo: true) { app in
            let before = try await Pupil.query(on: app.db).count()
            try await DemoSchool.remove(on: app.db)
            for table in Migrations.tables where table != School.schema {
                let sql = app.db as! any SQLDatabase
                struct N: Decodable { let n: Int }
                let n = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: N.self)!.n
                #expect(n == 0, "\(table) keeps \(n) rows")
            }
            #expect(try await DemoSchool.exists(on: app.db) == false)
            _ = try await DemoSchool.create(on: app.db, today: TestBackend.demoToday, passwordHash: try await app.password.async.hash("demo"), blobs: app.blobs)
            #expect(try await Pupil.query(on: app.db).count() == before)
        }
    }
}
