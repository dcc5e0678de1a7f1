@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Uploads are read once as they stream in: files to disk, text within bounds, nothing left behind, and a body no
/// parser can take refused before anything decodes it.
@Suite struct UploadStreamTests {
    static func leftovers(_ app: Application) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: app.blobs.root + "/tmp")) ?? []
    }

    @Test func aMultipartBodyWithoutAUsableBoundaryIsABadRequestNotACrash() async throws {
        try await withKopilka(demo: true) { app in
            let admin = try await AchievementTests.signedIn(app, "admin")
            _ = try await admin.get("/admin/import")
            for path in ["/admin/import", "/admin/users", "/logout", "/api/v1/pupils"] {
                for boundary in ["", String(repeating: "x", count: 71)] {
                    let res = try await admin.raw(path, contentType: "multipart/form-data; boundary=\(boundary)",
                                                  body: Data("--\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n----\r\n".utf8))
                    #expect(res.status == .badRequest, "\(path) «\(boundary.prefix(3))»")
                    #expect(admin.body(res).contains("Форма пришла повреждённой"))
                }
            }
            // Cut off in the middle of a part: refused, nothing stored.
            let cut = try await admin.raw("/admin/import", contentType: "multipart/form-data; boundary=zz",
                                          body: Data("--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nФамилия;Имя".utf8))
            #expect(cut.status == .badRequest || cut.status == .unprocessableEntity)
            #expect(try await admin.get("/health").status == .ok)
            #expect(Self.leftovers(app).isEmpty)
        }
    }

    @Test func aFileGoesToDiskOnceIntoTheBlobStoreAndNothingIsLeftBehind() async throws {
        try await withKopilka(demo: true, adjust: { $0.maxUploadBytes = 1 << 20 }) { app in
            let pupil = try await AchievementTests.ownPupil(app)
            let teacher = try await AchievementTests.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            let before = try await AchievementTests.counts(app)
            var pdf = AchievementTests.pdf
            pdf.append(Data(repeating: 0x20, count: 600_000))
            let ok = try await teacher.multipart("/pupils/\(pupil.id!)/works",
                                                fields: [("section", "my_creativity"), ("title", "Рисунок"), ("description", "Акварель"),
                                                         ("date", AchievementTests.today().adding(days: -2).iso)],
                                                files: [("file", "рисунок.pdf", pdf)])
            #expect(ok.status == .seeOther, "\(teacher.body(ok).prefix(300))")
            let after = try await AchievementTests.counts(app)
            #expect(after.attachments == before.attachments + 1)
            let sha = BlobStore.sha256(pdf)
            #expect(after.blobs.contains(sha))
            #expect(try app.blobs.get(sha) == pdf)
            #expect(Self.leftovers(app).isEmpty)
            // Past what the server reads: 413 naming the file and the limit; nothing stored, nothing left.
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            let huge = try await teacher.multipart("/pupils/\(pupil.id!)/works",
                                                  fields: [("section", "my_creativity"), ("title", "Большой"), ("date", AchievementTests.today().iso)],
                                                  files: [("file", "огромный.pdf", pdf + Data(repeating: 0x20, count: 3 << 20))])
            #expect(huge.status == .payloadTooLarge)
            #expect(teacher.body(huge).contains("Файл «огромный.pdf» больше 1 МБ"))
            #expect(try await AchievementTests.counts(app) == after)
            #expect(Self.leftovers(app).isEmpty)
        }
    }

    @Test func anOverlongTextIsToldAsTextNotAsAFile() async throws {
        try await withKopilka(demo: true) { app in
            let pupil = try await AchievementTests.ownPupil(app)
            let teacher = try await AchievementTests.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            // Refused part-way with megabytes still to come: the rest is read and dropped, and the browser's next
            // request on the same keep-alive connection is answered (Vapor reads no further on a half-read body).
            let long = try await teacher.multipart("/pupils/\(pupil.id!)/works",
                                                  fields: [("section", "my_creativity"), ("title", "Рисунок"),
                                                           ("description", String(repeating: "а", count: 70_000))],
                                                  files: [("file", "рисунок.pdf", Data(count: 6 << 20))])
            #expect(long.status == .payloadTooLarge)
            #expect(teacher.body(long).contains("Поле «description» длиннее 64 КБ"))
            for _ in 0..<3 { #expect(try await teacher.get("/pupils/\(pupil.id!)/portfolio").status == .ok) }
            #expect(try await PortfolioArtefact.query(on: app.db).filter(\.$title == "Рисунок").count() == 0)
            // A form without files over a megabyte: the form is named, not a file.
            let big = try await teacher.post("/logout", form: ["x": String(repeating: "y", count: 2 << 20)])
            #expect(big.status == .payloadTooLarge)
            #expect(teacher.body(big).contains("Форма больше 1 МБ"))
            #expect(!teacher.body(big).contains("файл больше"))
        }
    }
}

extension UploadStreamTests {
    @Test func anOverlongAddressIsA414PageAndErrorPagesCarryTheSecurityHeaders() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            let long = try await c.get("/login?next=/" + String(repeating: "a", count: 5000))
            #expect(long.status == .uriTooLong)
            #expect(c.body(long).contains("Адрес страницы длиннее 4 КБ"))
            let missing = try await c.get("/no-such-page")
            #expect(missing.status == .notFound)
            for res in [long, missing] {
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
            }
        }
    }
}

extension UploadStreamTests {
    @Test func aFamilyStoresFilesUpToItsQuotaAndIsToldWhenItIsFull() async throws {
        try await withKopilka(demo: true, adjust: { $0.familyQuotaBytes = 1 << 20 }) { app in
            let pupil = try await AchievementTests.ownPupil(app)
            let parent = try await AchievementTests.signedIn(app, "parent")
            let path = "/pupils/\(pupil.id!)/achievements"
            func pdf(_ n: UInt8) -> Data { AchievementTests.pdf + Data(repeating: n, count: 600_000) }
            _ = try await parent.get(path + "/new")
            let first = try await parent.multipart(path, fields: AchievementTests.fields(consent: true), files: [("evidence", "диплом.pdf", pdf(0x20))])
            #expect(first.status == .seeOther)
            let before = try await AchievementTests.counts(app)
            _ = try await parent.get(path + "/new")
            let second = try await parent.multipart(path, fields: AchievementTests.fields(title: "Второй диплом", consent: true),
                                                    files: [("evidence", "грамота.pdf", pdf(0x21))])
            #expect(second.status == .unprocessableEntity)
            #expect(parent.body(second).contains("Место для файлов семьи исчерпано: занято 591 КБ из 1 МБ"))
            #expect(try await AchievementTests.counts(app) == before)
            #expect(Self.leftovers(app).isEmpty)
            // Staff files do not count against the family.
            let teacher = try await AchievementTests.signedIn(app, "teacher")
            _ = try await teacher.get(path + "/new")
            let staff = try await teacher.multipart(path, fields: AchievementTests.fields(title: "Школьный конкурс"), files: [("evidence", "скан.pdf", pdf(0x22))])
            #expect(staff.status == .seeOther)
            #expect(try await AchievementTests.counts(app).attachments == before.attachments + 1)
        }
    }
}

extension UploadStreamTests {
    /// The attack run's findings: a type in any case with an empty boundary, a stranger's upload, endless part headers.
    @Test func whatAStrangerSendsIsRefusedBeforeItIsReadOrDecoded() async throws {
        try await withKopilka(demo: true) { app in
            let stranger = try await TestClient.start(app)
            _ = try await stranger.get("/login")
            for type in ["multipart", "Multipart", "mUltipart", "MULTIPART", "mulTipart", "MuLtIpArT"] {
                for params in ["boundary=", "BOUNDARY=", "Boundary=\"\"", "charset=utf-8"] {
                    let res = try await stranger.raw("/login", contentType: "\(type)/form-data; \(params)", body: Data("x".utf8))
                    #expect(res.status == .badRequest, "\(type) \(params)")
                }
                // A usable boundary in any case: refused as a form, never a trap.
                let odd = try await stranger.raw("/login", contentType: "\(type)/form-data; boundary=a; BOUNDARY=b", body: Data("x".utf8))
                #expect((400..<500).contains(odd.status.code), "\(type): \(odd.status)")
            }
            #expect(try await stranger.raw("/login", contentType: "multipart/mixed; boundary=x", body: Data("x".utf8)).status == .badRequest)
            #expect(try await stranger.get("/health").status == .ok)
            // Not signed in: an upload is refused before its body reaches the disk.
            let pupil = try await AchievementTests.ownPupil(app)
            let anonymous = try await stranger.multipart("/pupils/\(pupil.id!)/works", fields: [("title", "x")],
                                                         files: [("file", "a.pdf", AchievementTests.pdf + Data(count: 500_000))])
            #expect(anonymous.status == .unauthorized)
            #expect(Self.leftovers(app).isEmpty)
            // Part headers that never end: cut off, not held.
            let teacher = try await AchievementTests.signedIn(app, "teacher")
            _ = try await teacher.get("/pupils/\(pupil.id!)/portfolio")
            let endless = "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nX-Long: " + String(repeating: "A", count: 100_000)
            let res = try await teacher.raw("/pupils/\(pupil.id!)/works", contentType: "multipart/form-data; boundary=zz", body: Data(endless.utf8))
            #expect(res.status == .badRequest)
            #expect(Self.leftovers(app).isEmpty)
        }
    }

    @Test func aFileKeepsAPrintableNameWithItsExtension() {
        #expect(UploadForm.cleanName("evil\u{202E}gnp.exe") == "evilgnp.exe")
        #expect(UploadForm.cleanName("C:\\Users\\Мама\\скан.pdf") == "скан.pdf")
        #expect(UploadForm.cleanName("../../etc/passwd") == "passwd")
        #expect(UploadForm.cleanName("..") == "")
        #expect(UploadForm.cleanName("a\u{0}b.png") == "ab.png")
        let long = UploadForm.cleanName(String(repeating: "д", count: 10_000) + ".docx")
        #expect(long.count == 200 && long.hasSuffix(".docx"))
    }
}
