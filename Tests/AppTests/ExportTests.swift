@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor
import ZIPFoundation

/// Spreadsheets (issue 6): the сводная ведомость, the journal and the achievements list, read back cell by cell.
@Suite struct ExportTests {
    typealias A = AchievementTests

    static func body(_ res: ClientResponse) -> Data { res.body.map { Data(buffer: $0) } ?? Data() }

    static func item(_ app: Application, _ classTitle: String, _ subject: String) async throws -> CurriculumItem {
        try await CurriculumItem.query(on: app.db).with(\.$classGroup).with(\.$subject).all()
            .first { $0.classGroup.title == classTitle && $0.subject.code == subject }!
    }

    /// Posts a period mark for the pupil in the first quarter, as the teacher would.
    static func post(_ app: Application, pupil: UUID, item: CurriculumItem, value: String) async throws -> Period {
        let q1 = try await Period.query(on: app.db).filter(\.$number == 1).filter(\.$kind == .quarter).filter(\.$gradeTo >= 2).first()!
        let m = PeriodMark()
        m.schoolID = DemoSchool.schoolID; m.$pupil.id = pupil; m.$curriculumItem.id = item.id!; m.$period.id = q1.id!
        m.finalValue = value; m.status = .posted
        try await m.create(on: app.db)
        return q1
    }

    @Test func theClassSummaryOpensWithRussianTextPostedMarksAsNumbersAndAFrozenHeader() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let math = try await Self.item(app, "2А", "math")
            let q1 = try await Self.post(app, pupil: pupil.id!, item: math, value: "5")
            let deputy = try await A.signedIn(app, "zavuch")
            let res = try await deputy.get("/classes/\(math.$classGroup.id)/summary?period=\(q1.id!)&format=xlsx")
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.contains("spreadsheetml") == true)
            #expect(res.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
            let xlsx = Self.body(res)
            let rows = try XLSXReader.rows(xlsx)
            #expect(rows[0].first?.hasPrefix("Сводная ведомость · 2А · 1 четверть") == true)
            let header = rows.first { $0.contains("Фамилия, имя, отчество") }!
            let mathColumn = try #require(header.firstIndex(of: math.subject.shortName))
            let line = try #require(rows.first { $0.count > 1 && $0[1] == pupil.name.full })
            #expect(line[mathColumn] == "5")
            // Another pupil's unposted mark is the rule's proposal, starred.
            let others = rows.filter { $0.count > mathColumn && $0[1] != pupil.name.full && $0[1] != "Фамилия, имя, отчество" && !$0[1].isEmpty }
            #expect(others.contains { $0[mathColumn].hasSuffix("*") })
            // The header row and the names column stay frozen; the number cell is a number, not text.
            let archive = try Archive(data: xlsx, accessMode: .read)
            var sheet = Data()
            _ = try archive.extract(archive["xl/worksheets/sheet1.xml"]!) { sheet.append($0) }
            let xml = String(decoding: sheet, as: UTF8.self)
            #expect(xml.contains("ySplit=\"3\"") && xml.contains("xSplit=\"1\"") && xml.contains("state=\"frozen\""))
            #expect(xml.range(of: #"<c r="[A-Z]+\d+" s="\d+"><v>5</v></c>"#, options: .regularExpression) != nil)
            // CSV: a BOM, semicolons, the same names.
            let csv = Self.body(try await deputy.get("/classes/\(math.$classGroup.id)/summary?period=\(q1.id!)&format=csv"))
            #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
            let text = String(decoding: csv, as: UTF8.self)
            #expect(text.contains("Фамилия, имя, отчество;") && text.contains(pupil.name.full))
        }
    }

    @Test func theSchoolSummaryHasASheetPerClassAndOnlyTheLeadershipGetsIt() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let xlsx = Self.body(try await deputy.get("/summary?format=xlsx"))
            let classes = try await ClassGroup.query(on: app.db).count()
            let archive = try Archive(data: xlsx, accessMode: .read)
            #expect(archive.filter { $0.path.hasPrefix("xl/worksheets/sheet") }.count == classes)
            let first = try XLSXReader.rows(xlsx, sheet: 1)
            #expect(first[0].first?.contains("1А") == true && first[0].first?.contains("без отметок") == true)
            #expect(try await A.signedIn(app, "teacher").get("/summary?format=xlsx").status == .forbidden)
            // The class teacher gets their class; a subject teacher only sees their subject, so not the whole ведомость.
            let math = try await Self.item(app, "2А", "math")
            #expect(try await A.signedIn(app, "teacher").get("/classes/\(math.$classGroup.id)/summary").status == .ok)
            #expect(try await A.signedIn(app, "english").get("/classes/\(math.$classGroup.id)/summary").status == .forbidden)
            #expect(try await A.signedIn(app, "teacher.1a").get("/classes/\(math.$classGroup.id)/summary").status == .notFound)
            #expect(try await A.signedIn(app, "parent").get("/classes/\(math.$classGroup.id)/summary").status == .notFound)
            #expect(try await deputy.get("/summary?format=docx").status == .badRequest)
        }
    }

    @Test func theJournalExportHasTheLessonDatesAndTheMarks() async throws {
        try await withKopilka(demo: true) { app in
            let math = try await Self.item(app, "2А", "math")
            let teacher = try await A.signedIn(app, "teacher")
            let res = try await teacher.get("/journals/class/\(math.id!)/export?format=xlsx")
            #expect(res.status == .ok)
            let rows = try XLSXReader.rows(Self.body(res))
            let header = rows.first { $0.contains("Фамилия, имя, отчество") }!
            #expect(header.contains("Средний балл") && header.contains("За период"))
            #expect(header.contains { $0.range(of: #"^\d\d\.\d\d$"#, options: .regularExpression) != nil })
            let marks = rows.dropFirst(3).flatMap { $0.dropFirst(2) }.filter { ["2", "3", "4", "5"].contains($0) }
            #expect(marks.count > 20)
            #expect(try await A.signedIn(app, "teacher.1a").get("/journals/class/\(math.id!)/export").status == .notFound)
        }
    }

    @Test func theAchievementsListFiltersAndItsCSVIsSafeFromFormulas() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let deputy = try await A.signedIn(app, "zavuch")
            _ = try await deputy.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await deputy.multipart("/pupils/\(pupil.id!)/achievements",
                                           fields: A.fields(title: "=HYPERLINK(\"http://evil.example\";\"Диплом\")", level: "regional"))
            let page = try await deputy.get("/achievements?level=regional&section=creativity")
            #expect(page.status == .ok)
            #expect(deputy.body(page).contains("HYPERLINK"))
            let csv = String(decoding: Self.body(try await deputy.get("/achievements?level=regional&section=creativity&format=csv")), as: UTF8.self)
            #expect(csv.contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"Диплом\"\")\";"))
            #expect(!csv.contains(";=HYPERLINK"))
            let regional = try await Achievement.query(on: app.db).filter(\.$level == "regional").filter(\.$section == "creativity").count()
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == regional + 2)
            let xlsx = try XLSXReader.rows(Self.body(try await deputy.get("/achievements?level=regional&section=creativity&format=xlsx")))
            #expect(xlsx.contains { $0.contains("=HYPERLINK(\"http://evil.example\";\"Диплом\")") })
            #expect(try await A.signedIn(app, "teacher").get("/achievements").status == .forbidden)
        }
    }

    @Test func csvFieldsThatLookLikeFormulasAreDefused() {
        #expect(CSVWriter.field("=1+1") == "'=1+1")
        #expect(CSVWriter.field("+7 900") == "'+7 900")
        #expect(CSVWriter.field("-2") == "'-2")
        #expect(CSVWriter.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.field("Иванов; Пётр") == "\"Иванов; Пётр\"")
        #expect(CSVWriter.field("«5»") == "«5»")
    }
}

extension ExportTests {
    /// Issue 17: every journal downloads and prints — a club's and a home-schooled pupil's, not only a class's — with its
    /// kind, title and period in the header.
    @Test func clubAndIndividualJournalsExportAndPrintWithFilledHeaders() async throws {
        try await withKopilka(demo: true) { app in
            let group = try #require(try await ProgramGroup.query(on: app.db).sort(\.$title).first())
            let head = try await A.signedIn(app, "director")
            let grid = head.body(try await head.get(RouteTable.journalsGroup.path(group.id!)))
            let export = RouteTable.journalsGroupExport.path(group.id!)
            #expect(grid.contains("href=\"\(export)?period=") && grid.contains("format=pdf"))
            let xlsx = try await head.get(export + "?format=xlsx")
            #expect(xlsx.status == .ok)
            let rows = try XLSXReader.rows(Self.body(xlsx))
            #expect(rows[0].first?.hasPrefix("Журнал ") == true && rows[0].first?.contains(group.title) == true)
            // No period-mark columns in a club's journal.
            #expect(rows[1].contains("Фамилия, имя, отчество") && !rows[1].contains("За период"))
            let pdf = try await head.get(export + "?format=pdf")
            #expect(pdf.status == .ok && pdf.headers.contentType?.description == "application/pdf")
            let pages = try Tools.pdfPages(Self.body(pdf))
            #expect(pages.first?.contains(group.title) == true && pages.first?.contains("Фамилия, имя, отчество") == true)
            // Each child of the club has the download in their access log.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "export").filter(\.$objectKind == "journal")
                .filter(\.$objectID == group.id!).count() >= 1)

            // The home-schooled pupil's individual journal.
            let pupil = try #require(try await Pupil.query(on: app.db).filter(\.$homeSchooled == true).first())
            let enrolment = try #require(try await Enrolment.query(on: app.db).filter(\.$pupil.$id == pupil.id!).filter(\.$endsOn == nil).first())
            let item = try #require(try await CurriculumItem.query(on: app.db).filter(\.$classGroup.$id == enrolment.$classGroup.id).with(\.$subject).all()
                .first { $0.subject.code == "math" })
            let individual = try await head.get(RouteTable.journalsIndividualExport.path(item.id!, pupil.id!) + "?format=pdf")
            #expect(individual.status == .ok)
            let text = try Tools.pdfPages(Self.body(individual)).joined()
            #expect(text.contains("Журнал индивидуального обучения") && text.contains(pupil.lastName))
        }
    }
}
