@testable import App
import Documents
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// The справка (4.7), the register of issued documents and the public verification page, read back from the PDF.
@Suite struct SpravkaTests {
    typealias A = AchievementTests

    static func sample(rows: Int, verbal: Bool = false) -> Spravka {
        Spravka(school: .init(name: "МБОУ «Школа № 7»", shortName: "МБОУ СШ №7", address: "г. Липецк, ул. Мира, 1", inn: "4826016019",
                              ogrn: "1024840816010", headName: "Соколова Елена Викторовна"),
                pupilName: "Ёлкина Анастасия Юрьевна", birthDate: LocalDate("2018-03-05")!, className: "2А", yearTitle: "2026/2027",
                verbalOnly: verbal, periods: verbal ? [] : ["1 чет.", "2 чет.", "Год"],
                rows: (0..<rows).map { Spravka.Row(subject: "Предмет \($0 + 1)", current: "5 4 4 5", periods: ["5", "—", "—"], attestation: "—") },
                issuedOn: LocalDate("2026-11-20")!, number: 17, signerTitle: "Директор", signerName: "Соколова Е. В.",
                verificationURL: "https://kopilka.example/verify/abcdefghijklmnopqrstuvwx")
    }

    @Test func theSpravkaIsRealTextWithTheTableTheSignatureAndAReadableQRCode() throws {
        let pdf = SpravkaPDF.render(Self.sample(rows: 9))
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let pages = try Tools.pdfPages(pdf)
        #expect(pages.count == 1)
        let text = pages[0]
        for expected in ["МБОУ «Школа № 7»", "ИНН 4826016019, ОГРН 1024840816010", "СПРАВКА № 17", "от 20 ноября 2026 г.",
                         "Ёлкина Анастасия Юрьевна", "5 марта 2018 г.", "2А, 2026/2027 учебный год", "Учебный предмет", "Текущие отметки",
                         "Предмет 9", "Соколова Е. В.", "М. П."] {
            #expect(text.contains(expected), "no «\(expected)» in the PDF text")
        }
        // The marks in order (pdftotext may close up the spaces between narrow glyphs).
        #expect(text.range(of: #"5\s*4\s*4\s*5"#, options: .regularExpression) != nil)
        #expect(try Tools.qrCodes(pdf) == ["https://kopilka.example/verify/abcdefghijklmnopqrstuvwx"])
    }

    @Test func aLongTableBreaksAcrossPagesWithItsHeaderRepeated() throws {
        let pages = try Tools.pdfPages(SpravkaPDF.render(Self.sample(rows: 45)))
        #expect(pages.count >= 2)
        for (i, page) in pages.enumerated() where page.contains("Предмет ") {
            #expect(page.contains("Учебный предмет"), "page \(i + 1) has rows but no header")
        }
        #expect(pages.joined().contains("Предмет 45"))
        #expect(pages.last!.contains("Соколова Е. В."))
    }

    @Test func noMarksAndGradeOneReadAsSuch() throws {
        let empty = try Tools.pdfPages(SpravkaPDF.render(Self.sample(rows: 0))).joined()
        #expect(empty.contains("нет отметок"))
        var verbal = Self.sample(rows: 0, verbal: true)
        verbal.rows = [Spravka.Row(subject: "Математика", current: "Молодец, считает уверенно", periods: [], attestation: "")]
        let text = try Tools.pdfPages(SpravkaPDF.render(verbal)).joined()
        #expect(text.contains("Словесная оценка") && text.contains("Молодец, считает уверенно"))
        #expect(!text.contains("Аттестация"))
        #expect(text.contains("в 1 классе отметки не выставляются"))
    }

    @Test func theHeadIssuesASpravkaTheRegisterNumbersItAndTheQRPageSaysOnlyThatItIsGenuine() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let head = try await A.signedIn(app, "director")
            #expect(try await head.get("/pupils/\(pupil.id!)/documents").status == .ok)
            #expect(try await head.post("/pupils/\(pupil.id!)/spravka", form: [:]).status == .seeOther)
            #expect(try await head.post("/pupils/\(pupil.id!)/spravka", form: [:]).status == .seeOther)
            let docs = try await IssuedDocument.query(on: app.db).filter(\.$pupil.$id == pupil.id!).sort(\.$registerNumber).all()
            #expect(docs.map(\.registerNumber) == [1, 2])
            #expect(docs.allSatisfy { $0.kind == .spravka && $0.signerName == "Соколова Е. В." })
            let res = try await head.get("/documents/\(docs[0].id!)")
            #expect(res.headers.contentType?.description == "application/pdf")
            let pdf = try #require(res.body.map { Data(buffer: $0) })
            #expect(BlobStore.sha256(pdf) == docs[0].sha256)
            let text = try Tools.pdfPages(pdf).joined()
            #expect(text.contains(pupil.name.full) && text.contains("СПРАВКА № 1") && text.contains("Математика"))
            // The QR code leads to the verification page: the number, the date, initials — no marks, no name.
            let link = try #require(try Tools.qrCodes(pdf).first)
            #expect(link.hasSuffix("/verify/\(docs[0].verificationToken)"))
            let visitor = try await TestClient.start(app)
            let check = try await visitor.get(String(link[link.range(of: "/verify/")!.lowerBound...]))
            #expect(check.status == .ok)
            let page = visitor.body(check)
            #expect(page.contains("действителен") && page.contains(">1<") && page.contains(Spravka.initials(pupil.name)))
            #expect(!page.contains(pupil.lastName) && !page.contains("Математика"))
            // Unknown: 404 with no hint of existing numbers; revoked: says so.
            let unknown = try await visitor.get("/verify/AAAAAAAAAAAAAAAAAAAAAAAA")
            #expect(unknown.status == .notFound && visitor.body(unknown).contains("неизвестен") && !visitor.body(unknown).contains("№"))
            _ = try await head.get("/documents")
            // Revoking asks why: without a reason nothing changes; with one, the register keeps it and the public page
            // says «отозван» without it.
            let noReason = try await head.post("/documents/\(docs[0].id!)/revoke", form: ["reason": "  "])
            #expect(noReason.status == .unprocessableEntity && head.body(noReason).contains("укажите причину отзыва"))
            #expect(try await IssuedDocument.find(docs[0].id, on: app.db)?.revokedAt == nil)
            let why = "Ошибка в дате рождения, выдана новая справка"
            #expect(try await head.post("/documents/\(docs[0].id!)/revoke", form: ["reason": why]).status == .seeOther)
            let revoked = try #require(try await IssuedDocument.find(docs[0].id, on: app.db))
            #expect(revoked.revokedAt != nil && revoked.revocationReason == why)
            #expect(head.body(try await head.get("/documents")).contains(why))
            let verdict = visitor.body(try await visitor.get("/verify/\(docs[0].verificationToken)"))
            #expect(verdict.contains("отозван") && !verdict.contains("Ошибка в дате"))
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "revoke").filter(\.$objectKind == "document").first())
            #expect(event.details.contains(why))
            // The parent downloads the child's справка; the deputy head may not revoke; a teacher of another class sees nothing.
            let parent = try await A.signedIn(app, "parent")
            #expect(try await parent.get("/documents/\(docs[1].id!)").status == .ok)
            #expect(try await parent.post("/pupils/\(pupil.id!)/spravka", form: [:]).status == .forbidden)
            #expect(try await A.signedIn(app, "zavuch").post("/documents/\(docs[1].id!)/revoke", form: ["reason": "x"]).status == .forbidden)
            #expect(try await A.signedIn(app, "teacher.1a").get("/documents/\(docs[1].id!)").status == .notFound)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "verify").filter(\.$objectKind == "document").count() == 2)
        }
    }

    @Test func aPupilWithoutMarksGetsNoMarksRowsAndAFirstGraderWordsOnly() async throws {
        try await withKopilka(demo: true) { app in
            let head = try await A.signedIn(app, "director")
            // A pupil who joined 2А today: no marks yet.
            let class2A = try await ClassGroup.query(on: app.db).all().first { $0.title == "2А" }!
            let newcomer = Pupil(id: UUID(), schoolID: DemoSchool.schoolID, name: PersonName(lastName: "Новикова", firstName: "Вера", middleName: "Ильинична"),
                                 sex: .female, birthDate: LocalDate("2018-04-04")!)
            try await newcomer.create(on: app.db)
            try await Enrolment(schoolID: DemoSchool.schoolID, pupilID: newcomer.id!, classGroupID: class2A.id!, startsOn: A.today()).create(on: app.db)
            _ = try await head.get("/pupils/\(newcomer.id!)/documents")
            #expect(try await head.post("/pupils/\(newcomer.id!)/spravka", form: [:]).status == .seeOther)
            let doc = try await IssuedDocument.query(on: app.db).filter(\.$pupil.$id == newcomer.id!).first()!
            let text = try Tools.pdfPages(try app.blobs.get(doc.sha256)).joined()
            #expect(text.contains("нет отметок"))
            // Grade 1: the words of assessment, no marks.
            let first = try await PortfolioTests.classPupils(app, "1А").first!
            #expect(try await head.post("/pupils/\(first.id!)/spravka", form: [:]).status == .seeOther)
            let d1 = try await IssuedDocument.query(on: app.db).filter(\.$pupil.$id == first.id!).first()!
            let t1 = try Tools.pdfPages(try app.blobs.get(d1.sha256)).joined()
            #expect(t1.contains("Словесная оценка") && !t1.contains("Текущие отметки"))
        }
    }

    @Test func theCommandLineIssuesASpravkaIntoTheRegister() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("spravka-\(UUID().uuidString).pdf").path
            defer { try? FileManager.default.removeItem(atPath: out) }
            var env = ["KOPILKA_DATA_DIR": app.kopilkaConfig.dataDirectory, "KOPILKA_BCRYPT_COST": "4"]
            if let url = app.kopilkaConfig.databaseURL { env["DATABASE_URL"] = url }
            await stopServerIfStarted(app)
            let r = try CommandLineTests().run(["spravka", "--pupil", pupil.id!.uuidString, "--out", out, "--base-url", "https://k.example"], env: env)
            #expect(r.code == 0, "\(r.stderr)")
            let pdf = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(try Tools.pdfPages(pdf).joined().contains(pupil.name.full))
            #expect(try Tools.qrCodes(pdf).first?.hasPrefix("https://k.example/verify/") == true)
            #expect(try await IssuedDocument.query(on: app.db).filter(\.$pupil.$id == pupil.id!).count() == 1)
            let bad = try CommandLineTests().run(["spravka", "--pupil", "не-ид", "--out", out], env: env)
            #expect(bad.code != 0 && bad.stderr.contains("--pupil"))
        }
    }
}

extension SpravkaTests {
    @Test func thePortfolioPDFListsSectionsEvidenceAndTheCharts() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await A.ownPupil(app)
            let teacher = try await A.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/achievements/new")
            _ = try await teacher.multipart("/pupils/\(pupil.id!)/achievements", fields: A.fields(title: "Конкурс «Юный чтец»"),
                                            files: [("evidence", "грамота-чтец.pdf", A.pdf)])
            let parent = try await A.signedIn(app, "parent")
            let res = try await parent.get("/pupils/\(pupil.id!)/portfolio/pdf")
            #expect(res.status == .ok && res.headers.contentType?.description == "application/pdf")
            let text = try Tools.pdfPages(ExportTests.body(res)).joined(separator: "\n")
            for expected in ["Портфолио обучающегося", pupil.name.full, "Конкурс «Юный чтец»", "Подтверждающие документы: грамота-чтец.pdf",
                             "Поощрения", "Динамика результатов", "Математика", "средний балл"] {
                #expect(text.contains(expected), "no «\(expected)» in the portfolio PDF")
            }
            #expect(try await A.signedIn(app, "teacher.1a").get("/pupils/\(pupil.id!)/portfolio/pdf").status == .notFound)
        }
    }

    @Test func theGiftedListExports() async throws {
        try await withKopilka(demo: true) { app in
            let deputy = try await A.signedIn(app, "zavuch")
            let rows = try XLSXReader.rows(ExportTests.body(try await deputy.get("/control/gifted?format=xlsx")))
            #expect(rows[0].first?.hasPrefix("Одарённые обучающиеся") == true)
            #expect(rows.count > 4)
        }
    }
}
