import Documents
import Domain
import Fluent
import Vapor

/// What the benchmark harness needs from the app, without reaching into its internals.
public enum BenchFixtures {
    public static func seedDemo(_ app: Application) async throws {
        let hash = try await app.password.async.hash(DemoSchool.password)
        _ = try await DemoSchool.create(on: app.db, today: app.clock.today(in: SchoolTime.defaultZone), passwordHash: hash, blobs: app.blobs)
    }

    public static func pupilCardPath(_ app: Application, classTitle: String) async throws -> String {
        let classes = try await ClassGroup.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all()
        guard let c = classes.first(where: { $0.title == classTitle }),
              let e = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c.id!).first() else {
            throw Abort(.notFound, reason: "bench: no pupil in \(classTitle)")
        }
        return RouteTable.pupil.path(e.$pupil.id)
    }

    public struct Journal: Sendable {
        public let gridPath: String
        public let cellPath: String
        public let pupils: Int
        public let lessons: Int
        public let pupilIDs: [String]
    }

    /// A class journal's first-quarter grid and a fresh lesson of it to save marks into.
    public static func journal(_ app: Application, classTitle: String, subject: String) async throws -> Journal {
        let items = try await CurriculumItem.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).with(\.$classGroup).with(\.$subject).all()
        guard let item = items.first(where: { $0.classGroup.title == classTitle && $0.subject.code == subject }),
              let q1 = try await Period.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$number == 1).first()
        else { throw Abort(.notFound) }
        let lessons = try await Lesson.query(on: app.db).filter(\.$curriculumItem.$id == item.id!).count()
        let lesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item.id,
                            date: q1.endsOn, topic: "Урок для замера")
        try await lesson.create(on: app.db)
        let pupils = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == item.$classGroup.id).filter(\.$endsOn == nil).all()
        return Journal(gridPath: JournalRef.classSubject(itemID: item.id!).path + "?period=\(q1.id!.uuidString)",
                       cellPath: RouteTable.journalsLessonsCells.path(lesson.id!), pupils: pupils.count, lessons: lessons + 1,
                       pupilIDs: pupils.map { $0.$pupil.id.uuidString })
    }
}

extension BenchFixtures {
    /// Every pupil of the demo school enrolled in a class (the справка needs one).
    public static func enrolledPupilIDs(_ app: Application) async throws -> [UUID] {
        Array(Set(try await Enrolment.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$endsOn == nil).all()
            .map { $0.$pupil.id })).sorted { $0.uuidString < $1.uuidString }
    }

    /// A справка as the register would issue it (content gathered from the database, then drawn), without registering.
    public static func spravka(_ app: Application, pupilID: UUID, number: Int) async throws -> Data {
        guard let pupil = try await Pupil.find(pupilID, on: app.db) else { throw Abort(.notFound) }
        let today = app.clock.today(in: SchoolTime.defaultZone)
        let content = try await SpravkaQueries.content(on: app.db, schoolID: DemoSchool.schoolID, pupil: pupil, today: today, number: number,
                                                       signerName: "Соколова Е. В.", verificationURL: "https://kopilka.example/verify/bench\(number)")
        return SpravkaPDF.render(content)
    }

    /// The portfolio PDF of a pupil as the head would get it (sections, evidence, charts).
    public static func portfolioPDF(_ app: Application, pupilID: UUID) async throws -> Data {
        guard let pupil = try await Pupil.find(pupilID, on: app.db),
              let head = try await User.query(on: app.db).filter(\.$login == "director").first() else { throw Abort(.notFound) }
        let today = app.clock.today(in: SchoolTime.defaultZone)
        let assignments = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == head.id!).all().compactMap(\.assignment)
        let actor = CurrentActor(userID: head.id!, name: head.name, login: head.login, schoolID: DemoSchool.schoolID, schoolName: "",
                                 assignments: assignments, today: today, timeZone: SchoolTime.defaultZone, schools: [])
        let facts = try await PupilQueries.facts(on: app.db, schoolID: DemoSchool.schoolID, pupilID: pupilID, today: today)
        let p = try await PortfolioQueries.load(on: app.db, schoolID: DemoSchool.schoolID, pupilID: pupilID, audience: .school,
                                                includeResults: false, language: "ru", t: { $0 })
        let sections = p.achievements.map { s in
            PortfolioDocument.Section(title: s.title, items: s.rows.map { .init(title: $0.title, detail: $0.result, evidence: $0.files.map(\.name)) })
        } + [PortfolioDocument.Section(title: "Поощрения", items: p.awards.map { .init(title: $0.title, detail: $0.basis) })]
        var charts: [(title: String, chart: Chart)] = []
        if let year = try await SchoolQueries.currentYear(on: app.db, schoolID: DemoSchool.schoolID, today: today) {
            let periods = try await Period.query(on: app.db).filter(\.$academicYear.$id == year.id!).all()
            charts = try await ResultsQueries.charts(on: app.db, actor: actor, facts: facts, pupilID: pupilID, year: year, periods: periods)
                .sorted { $0.key < $1.key }.map { (title: $0.key, chart: $0.value.0) }
        }
        return PortfolioPDF.render(PortfolioDocument(school: "МБОУ НШДС №16", pupilName: pupil.name.full, className: "", birthDate: pupil.birthDate,
                                                     printedOn: today, sections: sections, charts: charts))
    }

    /// The cheapest document Cairo makes: one page, one line — the floor the documents are measured against.
    public static func floorPDF(_ n: Int) -> Data {
        PDFCanvas.document(width: 595, height: 842) { pdf in
            pdf.text("Копилка \(n)", x: 56, y: 56, width: 400, font: "Liberation Serif 12")
        }
    }
}
