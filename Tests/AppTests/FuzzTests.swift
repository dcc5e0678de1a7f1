@testable import App
import Documents
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Every parser of outside input fed mutated and crafted files for a fixed time (`KOPILKA_FILE_FUZZ_SECONDS` per parser,
/// 6 by default): no trap, a refusal only as the parser's own error with a message in Russian, and the process's peak
/// memory bounded. Over HTTP, mutated uploads never answer 500 and the server goes on. Each run prints its counts;
/// the seed is fixed (`KOPILKA_FILE_FUZZ_SEED` explores others and replays a failure).
@Suite struct FuzzTests {
    static var budget: Double { Double(ProcessInfo.processInfo.environment["KOPILKA_FILE_FUZZ_SECONDS"] ?? "") ?? 6 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["KOPILKA_FILE_FUZZ_SEED"] ?? "") ?? 20_261_203 }
    /// The whole test process may not grow past this, whatever a file asks for (a zip bomb asked for 6 GB).
    static let peakBytes = 3 << 30

    static func peakRSS() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    struct Stats: CustomStringConvertible {
        var files = 0, refused = 0, read = 0
        var description: String { "\(files) files (\(read) read, \(refused) refused with a reason)" }
    }

    /// Feeds `crafted` files and then mutants of `seeds` to `parse` until the budget is spent. `reason` says whether a
    /// thrown error is the parser's own refusal with a non-empty message; anything else fails the test.
    static func fuzz(_ name: String, seeds: [Data], crafted: [Data] = [], _ parse: (Data) throws -> Void,
                     reason: (any Error) -> String?) -> Stats {
        let seed = Self.seed
        var mutator = Mutator(seed: seed)
        var stats = Stats()
        let end = Date().addingTimeInterval(budget)
        var i = 0
        while i < crafted.count || Date() < end {
            let input = i < crafted.count ? crafted[i] : mutator.mutate(seeds[mutator.below(seeds.count)])
            i += 1
            stats.files += 1
            do {
                try parse(input)
                stats.read += 1
            } catch {
                stats.refused += 1
                guard let message = reason(error), !message.isEmpty, message.unicodeScalars.contains(where: { (0x400...0x4FF).contains($0.value) }) else {
                    Issue.record("\(name): input \(i) of seed \(seed) refused without a reason in Russian: \(error)")
                    break
                }
            }
        }
        print("fuzz \(name): \(stats), seed \(seed), peak RSS \(peakRSS() >> 20) MB")
        #expect(peakRSS() < peakBytes, "\(name): peak memory \(peakRSS() >> 20) MB")
        return stats
    }

    static func tableReason(_ e: any Error) -> String? { (e as? TableError)?.message }

    /// The crafted spreadsheets of the attack report: a far reference, date cells that are no day, a zip bomb, a
    /// part lying about its size.
    static func craftedSheets() throws -> [Data] {
        let styles = Data(#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#.utf8)
        let dates = XLSXWriter.sheet(#"<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c><c r="B1" t="inlineStr"><is><t>Дата</t></is></c></row><row r="2"><c r="A2" s="1"><v>1e300</v></c><c r="B2" s="1"><v>nan</v></c><c r="C2" s="1"><v>-inf</v></c></row>"#)
        var rows = ""
        for r in 1...3000 { rows += #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>Строка \#(r)</t></is></c></row>"# }
        return [
            try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(#"<row r="1"><c r="AAAAAAAAAAAAAAA2"><v>1</v></c></row>"#))]),
            try XLSXWriter.zip([("xl/worksheets/sheet1.xml", dates), ("xl/styles.xml", styles)]),
            try XLSXWriter.zip([("xl/worksheets/sheet1.xml", Data(count: 8 << 20)), XLSXWriter.contentTypes]),
            XLSXWriter.lying(try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(rows))]), declared: 100),
        ]
    }

    @Test func rosterFilesCSVAndXLSX() throws {
        let rows = ImportTests.roster(30)
        let seeds = [ImportTests.csv(rows), try XLSXWriter.make(rows)]
        let stats = Self.fuzz("roster", seeds: seeds, crafted: try Self.craftedSheets(), { _ = try RosterImport.readTable($0) },
                              reason: Self.tableReason)
        #expect(stats.files > 4)
    }

    @Test func marksFilesCSVAndXLSX() throws {
        let rows = [MarksImportTests.header] + (0..<30).map { i in
            ["Ученикова\(i) Анна Петровна", "0\(1 + i % 9).03.2017", "3А", "Математика", "1\(i % 9).11.2026", ["5", "4", "3"][i % 3], "Ответ на уроке"]
        }
        let seeds = [Data(rows.map { $0.joined(separator: ";") }.joined(separator: "\r\n").utf8), try XLSXWriter.make(rows)]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("marks").path
        let stats = Self.fuzz("marks", seeds: seeds, crafted: try Self.craftedSheets(), { data in
            try data.write(to: URL(fileURLWithPath: path))
            let file = try MarkImportFile(path: path)
            _ = try file.sample(20)
        }, reason: Self.tableReason)
        #expect(stats.files > 4)
    }

    @Test func oneRosterPackages() async throws {
        let package = try await withKopilka(demo: true) { app in
            try await OneRosterExport(db: app.db).zip(schoolID: DemoSchool.schoolID, yearID: try await OneRosterTests.year(app).id!)
        }
        var files = try OneRosterTests.unzip(package)
        // A small package mutates into more interesting files than the demo's thousands of rows.
        for (name, text) in files { files[name] = text.components(separatedBy: "\r\n").prefix(12).joined(separator: "\r\n") }
        let small = try OneRosterTests.rezip(files)
        let stats = Self.fuzz("oneroster", seeds: [small, package],
                              crafted: [try XLSXWriter.zip([("manifest.csv", Data(count: 8 << 20))]), XLSXWriter.lying(small, declared: 10)],
                              { _ = try OneRosterImport(zip: $0) },
                              reason: { ($0 as? OneRosterError)?.messages.joined(separator: "; ") })
        #expect(stats.files > 2)
    }

    @Test func restoreArchives() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let backup = dir.appendingPathComponent("backup.zip").path
        try await withKopilka(demo: false) { app in _ = try await Backup.create(app: app, to: backup) }
        let seed = try Data(contentsOf: URL(fileURLWithPath: backup))
        let path = dir.appendingPathComponent("mutant.zip").path
        let stats = Self.fuzz("restore", seeds: [seed], crafted: [XLSXWriter.lying(seed, declared: 1)], { data in
            try data.write(to: URL(fileURLWithPath: path))
            _ = try Backup.verify(path)
        }, reason: { ($0 as? Backup.Failure)?.description })
        #expect(stats.files > 2)
    }

    @Test func imageUploads() throws {
        let png = AchievementTests.png
        let jpeg = try #require(Thumbnail.jpeg(png, maxSide: 240))
        let gif = Data(base64Encoded: "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")!
        var big = png
        big.replaceSubrange(16..<24, with: [0, 0, 0x3A, 0x98, 0, 0, 0x3A, 0x98])  // 15000 × 15000 declared
        var thumbs = 0
        let stats = Self.fuzz("image", seeds: [png, jpeg, gif], crafted: [big], { data in
            // What an upload and its thumbnail do: the header first, the decoder only within the pixel limit.
            if let header = ImageHeader.read(data), header.pixels <= 50_000_000, let thumb = Thumbnail.jpeg(data, maxPixels: 50_000_000) {
                thumbs += 1
                #expect(Thumbnail.dimensions(thumb) != nil)
            }
        }, reason: { _ in nil })
        print("fuzz image: \(thumbs) thumbnails made")
        #expect(stats.files > 4)
    }

    @Test func mutatedUploadsNeverAnswer500() async throws {
        try await withKopilka(demo: true) { app in
            let admin = try await TestClient.start(app)
            try await admin.signIn("admin")
            _ = try await admin.get("/admin/import")
            let deputy = try await TestClient.start(app)
            try await deputy.signIn("zavuch")
            _ = try await deputy.get("/journals/import")
            let rows = ImportTests.roster(10)
            let seeds = [ImportTests.csv(rows), try XLSXWriter.make(rows)]
            var mutator = Mutator(seed: Self.seed)
            var statuses: [UInt: Int] = [:]
            for (i, file) in (try Self.craftedSheets() + (0..<40).map { _ in mutator.mutate(seeds[mutator.below(2)]) }).enumerated() {
                let (client, path) = i % 2 == 0 ? (admin, "/admin/import") : (deputy, "/journals/import")
                let res = try await client.upload(path, field: "file", filename: "файл.xlsx", data: file)
                statuses[res.status.code, default: 0] += 1
                #expect(res.status.code < 500, "input \(i) of seed \(Self.seed) → \(res.status.code) at \(path)")
                if res.status == .seeOther, let next = res.headers.first(name: .location) {
                    #expect(try await client.get(next).status.code < 500, "preview of input \(i) of seed \(Self.seed)")
                }
                _ = try await client.get(path)
            }
            print("fuzz http: \(statuses.sorted { $0.key < $1.key })")
            #expect(try await admin.get("/health").status == .ok)
        }
    }
}
