@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor
import ZIPFoundation

/// OneRoster 1.2 CSV: the school year out as a bulk package, and into an empty installation with the same result.
@Suite struct OneRosterTests {
    static func year(_ app: Application) async throws -> AcademicYear {
        try #require(try await SchoolQueries.currentYear(on: app.db, schoolID: DemoSchool.schoolID, today: TestBackend.demoToday))
    }

    static func unzip(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var out: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            out[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return out
    }

    static func rezip(_ files: [String: String]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, s in
                data.subdata(in: Int(p)..<Int(p) + s)
            }
        }
        return archive.data!
    }

    @Test func theHeadDownloadsTheYearAsABulkPackageWithTheFilesTheManifestNames() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("director")
            #expect(c.body(try await c.get("/year")).contains("href=\"/admin/oneroster\""))
            #expect(try await c.get("/admin/oneroster").status == .ok)
            let res = try await c.get("/admin/oneroster/export")
            #expect(res.status == .ok && res.headers.contentType?.subType == "zip")
            let files = try Self.unzip(Data(buffer: res.body!))
            let manifest = try #require(files["manifest.csv"])
            #expect(manifest.hasPrefix("propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\n"))
            #expect(manifest.contains("file.users,bulk") && manifest.contains("file.resources,absent"))
            for name in OneRoster.written {
                let text = try #require(files[name + ".csv"], "\(name).csv")
                #expect(text.hasPrefix(OneRoster.columns[name]!.joined(separator: ",") + "\r\n"), "\(name).csv header")
            }
            // Pupils come with birth date and sex only; a parent is linked by the child's agentSourcedIds.
            let users = try #require(files["users.csv"])
            let parent = try #require(try await User.query(on: app.db).filter(\.$login == "parent").first())
            #expect(users.contains(parent.id!.uuidString.lowercased()))
            #expect(files["demographics.csv"]!.split(separator: "\r\n").dropFirst().allSatisfy { $0.contains(",male,") || $0.contains(",female,") })
            #expect(files["results.csv"]!.split(separator: "\r\n").count > 1000)
            // Every child's marks and birth date: the leadership's (the deputy head may), nobody else's — the admin's neither.
            for login in ["teacher", "parent", "admin"] {
                let other = try await TestClient.start(app)
                try await other.signIn(login)
                #expect(try await other.get("/admin/oneroster/export").status == .forbidden, "\(login)")
            }
            let deputy = try await TestClient.start(app)
            try await deputy.signIn("zavuch")
            #expect(try await deputy.get("/admin/oneroster/export").status == .ok)
        }
    }

    @Test func anExportImportedIntoAnEmptyInstallationExportsIdentically() async throws {
        let (package, before) = try await withKopilka(demo: true) { app in
            let year = try await Self.year(app)
            let exporter = OneRosterExport(db: app.db)
            return (try await exporter.zip(schoolID: DemoSchool.schoolID, yearID: year.id!),
                    try await exporter.files(schoolID: DemoSchool.schoolID, yearID: year.id!))
        }
        try await withKopilka(demo: false) { app in
            #expect(try await School.query(on: app.db).count() == 0)
            var importer = try OneRosterImport(zip: package)
            let report = try await importer.apply(on: app.db, passwordHash: "x")
            #expect(report.schoolID == DemoSchool.schoolID && report.pupils > 200 && report.marks > 1000)
            let year = try #require(try await AcademicYear.query(on: app.db).first())
            let after = try await OneRosterExport(db: app.db).files(schoolID: report.schoolID, yearID: year.id!)
            for name in OneRoster.written {
                let a = before[name] ?? [], b = after[name] ?? []
                #expect(a.count == b.count, "\(name): \(a.count) rows exported, \(b.count) after the import")
                let diff = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
                #expect(diff == nil, "\(name), row \(diff?.offset ?? 0): \(diff?.element.0 ?? []) ≠ \(diff?.element.1 ?? [])")
            }
            // The imported people cannot sign in with anything they had: every password is temporary.
            #expect(try await User.query(on: app.db).filter(\.$mustChangePassword == false).count() == 0)
            // The same package again: refused, nothing doubled.
            var again = try OneRosterImport(zip: package)
            await #expect(throws: OneRosterError.self) { _ = try await again.apply(on: app.db, passwordHash: "x") }
            #expect(try await School.query(on: app.db).count() == 1)
        }
    }

    @Test func aUsernameInCapitalsBecomesALoginThatSignsIn() async throws {
        let package = try await withKopilka(demo: true) { app in
            try await OneRosterExport(db: app.db).zip(schoolID: DemoSchool.schoolID, yearID: try await Self.year(app).id!)
        }
        var files = try Self.unzip(package)
        var users = files["users.csv"]!.components(separatedBy: "\r\n")
        let header = users[0].components(separatedBy: ",")
        let column = try #require(header.firstIndex(of: "username"))
        let row = try #require(users.indices.dropFirst().first { users[$0].components(separatedBy: ",").count == header.count
            && users[$0].components(separatedBy: ",")[column] == "teacher" })
        var parts = users[row].components(separatedBy: ",")
        parts[column] = "Ivanova.AN"
        users[row] = parts.joined(separator: ",")
        files["users.csv"] = users.joined(separator: "\r\n")
        try await withKopilka(demo: false) { app in
            var importer = try OneRosterImport(zip: try Self.rezip(files))
            _ = try await importer.apply(on: app.db, passwordHash: "x")
            #expect(try await User.query(on: app.db).filter(\.$login == "ivanova.an").count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$login == "Ivanova.AN").count() == 0)
        }
    }

    @Test func aBrokenPackageIsRefusedRowByRowAndNothingIsWritten() async throws {
        let package = try await withKopilka(demo: true) { app in
            try await OneRosterExport(db: app.db).zip(schoolID: DemoSchool.schoolID, yearID: try await Self.year(app).id!)
        }
        var files = try Self.unzip(package)
        // A BOM and quoted lists are fine; a bad date, an unknown class and a missing birth date are not.
        files["users.csv"] = "\u{FEFF}" + files["users.csv"]!
        var demographics = files["demographics.csv"]!.components(separatedBy: "\r\n")
        let dropped = demographics.remove(at: 1)
        var enrollments = files["enrollments.csv"]!.components(separatedBy: "\r\n")
        var parts = enrollments[2].components(separatedBy: ",")
        parts[3] = "no-such-class"
        parts[8] = "2026-13-45"
        enrollments[2] = parts.joined(separator: ",")
        files["demographics.csv"] = demographics.joined(separator: "\r\n")
        files["enrollments.csv"] = enrollments.joined(separator: "\r\n")
        try await withKopilka(demo: false) { app in
            var importer = try OneRosterImport(zip: try Self.rezip(files))
            do {
                _ = try await importer.apply(on: app.db, passwordHash: "x")
                Issue.record("a broken package was loaded")
            } catch let e as OneRosterError {
                let pupilID = String(dropped.prefix(36))
                #expect(e.messages.contains { $0.hasPrefix("users.csv, строка") && $0.contains("колонка sourcedId: нет строки в demographics.csv") },
                        "\(e.messages.prefix(5))")
                #expect(e.messages.contains("enrollments.csv, строка 3, колонка classSourcedId: класса «no-such-class» нет в classes.csv"))
                #expect(e.messages.contains("enrollments.csv, строка 3, колонка beginDate: «2026-13-45» — не дата ГГГГ-ММ-ДД")
                        || e.messages.contains { $0.contains("enrollments.csv, строка 3") }, "\(e.messages.filter { $0.contains("enrollments") })")
                #expect(!pupilID.isEmpty)
            }
            #expect(try await School.query(on: app.db).count() == 0)
            #expect(try await Pupil.query(on: app.db).count() == 0)
        }
        // Not a package at all.
        #expect(throws: OneRosterError.self) { _ = try OneRosterImport(zip: Data("not a zip".utf8)) }
    }

    @Test func anEmptyInstallationStartsFromAPackageOnTheSetupPageAndItsAdminIsSignedIn() async throws {
        let package = try await withKopilka(demo: true) { app in
            try await OneRosterExport(db: app.db).zip(schoolID: DemoSchool.schoolID, yearID: try await Self.year(app).id!)
        }
        try await withKopilka { app in
            let token = try #require(try await app.prepareSetupToken())
            let c = try await TestClient.start(app)
            #expect(c.body(try await c.get("/setup?token=\(token)")).contains("href=\"/setup/oneroster?token=\(token)\""))
            _ = try await c.get("/setup/oneroster?token=\(token)")
            let fields = [("token", token), ("login", "it.admin"), ("admin_name", "Сетевой Админ Админович"),
                          ("password", "Надёжный-пароль-2026"), ("password_repeat", "Надёжный-пароль-2026")]
            // A broken package: the errors listed, nothing loaded.
            var files = try Self.unzip(package)
            files["orgs.csv"] = files["orgs.csv"]!.replacingOccurrences(of: ",school,", with: ",district,")
            let refused = try await c.multipart("/setup/oneroster", fields: fields,
                                                files: [(field: "file", filename: "oneroster.zip", data: try Self.rezip(files))])
            #expect(refused.status == .unprocessableEntity)
            #expect(c.body(refused).contains("orgs.csv: нужна ровно одна организация типа school, найдено 0"))
            #expect(try await School.query(on: app.db).count() == 0)
            let wrongToken = try await c.multipart("/setup/oneroster", fields: [("token", "guess")] + fields.dropFirst(),
                                                   files: [(field: "file", filename: "oneroster.zip", data: package)])
            #expect(c.body(wrongToken).contains("Код первого запуска: не совпадает"))
            let loaded = try await c.multipart("/setup/oneroster", fields: fields, files: [(field: "file", filename: "oneroster.zip", data: package)])
            #expect(loaded.status == .seeOther)
            let schools = try await School.query(on: app.db).count(), pupils = try await Pupil.query(on: app.db).count()
            #expect(schools == 1 && pupils > 200)
            // The new admin is signed in and can print the parents' slips.
            #expect(try await c.get("/admin/slips").status == .ok)
            #expect(try await c.get("/setup/oneroster").status == .notFound)
        }
    }
}
