@testable import App
import Domain
import Fluent
import Foundation
import Testing
import Vapor

/// Files written by hand to hurt the server: each is refused with its reason, in bounded memory and time, and the
/// server answers the next request.
@Suite struct HostileFileTests {
    static func refusal(_ body: () throws -> Void) -> TableError? {
        do { try body(); return nil } catch let e as TableError { return e } catch { return nil }
    }

    /// Column letters for hand-written sheets: 0 → A, 26 → AA.
    static func letter(_ i: Int) -> String {
        i < 26 ? String(UnicodeScalar(65 + i)!) : letter(i / 26 - 1) + letter(i % 26)
    }

    @Test func aCellReferencePastTheLastColumnIsRefusedNotTrapped() throws {
        for ref in ["AAAAAAAAAAAAAAA2", "XFE1", "ZZZZ1", "A1B", "1A"] {
            let xlsx = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(
                #"<row r="1"><c r="A1" t="inlineStr"><is><t>Фамилия</t></is></c><c r="\#(ref)" t="inlineStr"><is><t>Имя</t></is></c></row>"#))])
            guard case .refused(let reason)? = Self.refusal({ _ = try XLSXReader.rows(xlsx) }) else {
                Issue.record("«\(ref)» was read"); continue
            }
            #expect(reason.contains("XFD"), "\(reason)")
        }
        #expect(XLSXReader.columnIndex("XFD7") == 16_383)
        #expect(XLSXReader.columnIndex("C12") == 2)
    }

    @Test func numbersInADateCellThatAreNoDayStayAsWritten() throws {
        let styles = Data(#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#.utf8)
        let values = ["1e300", "nan", "inf", "-inf", "-5", "0", "2958466", "1e20", "43344"]
        let cells = values.enumerated().map { #"<c r="\#(Self.letter($0.offset))1" s="1"><v>\#($0.element)</v></c>"# }.joined()
        let xlsx = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet("<row r=\"1\">\(cells)</row>")), ("xl/styles.xml", styles)])
        let row = try #require(try XLSXReader.rows(xlsx).first)
        #expect(Array(row.prefix(8)) == ["1e300", "nan", "inf", "-inf", "-5", "0", "2958466", "1e20"])
        #expect(row[8] == "01.09.2018")
        #expect(XLSXReader.date(serial: .nan) == nil)
        #expect(XLSXReader.date(serial: .infinity) == nil)
        #expect(XLSXReader.date(serial: 1e300) == nil)
    }

    @Test func aZipBombIsRefusedByItsCompressionRatio() throws {
        // 8 MB of zeros deflate to about 8 KB: no school spreadsheet compresses a thousandfold.
        let bomb = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", Data(count: 8 << 20)), XLSXWriter.contentTypes])
        #expect(bomb.count < 100_000)
        guard case .refused(let reason)? = Self.refusal({ _ = try XLSXReader.rows(bomb) }) else {
            Issue.record("the bomb was read"); return
        }
        #expect(reason.contains("сжата в") && reason.contains("ZIP-бомб"), "\(reason)")
        // The same refusal for a OneRoster package and a roster upload.
        #expect(throws: OneRosterError.self) { _ = try OneRosterImport(zip: try XLSXWriter.zip([("manifest.csv", Data(count: 8 << 20))])) }
        #expect(Self.refusal({ _ = try RosterImport.readTable(bomb) }) != nil)
    }

    /// A 150-byte ZIP64 whose entry declares 2^64 − 1 bytes: refused with the size in words, never a trap converting it.
    static func zip64Declaring(_ declared: UInt64) -> Data {
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let name = Array("xl/workbook.xml".utf8), data = Array("hello".utf8)
        let crc: UInt32 = 0x3610A686   // CRC-32 of "hello"
        let extra = le(UInt16(1)) + le(UInt16(16)) + le(declared) + le(UInt64(data.count))
        let local = le(UInt32(0x04034b50)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0))
            + le(crc) + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(extra.count)) + name + extra + data
        let central = le(UInt32(0x02014b50)) + le(UInt16(45)) + le(UInt16(45)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0))
            + le(UInt16(0)) + le(crc) + le(UInt32.max) + le(UInt32.max) + le(UInt16(name.count)) + le(UInt16(extra.count))
            + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt32(0)) + le(UInt32(0)) + name + extra
        let end = le(UInt32(0x06054b50)) + le(UInt16(0)) + le(UInt16(0)) + le(UInt16(1)) + le(UInt16(1))
            + le(UInt32(central.count)) + le(UInt32(local.count)) + le(UInt16(0))
        return Data(local + central + end)
    }

    @Test func anEntryDeclaringTheLargestSizeIsRefusedNotTrapped() throws {
        for declared in [UInt64.max, UInt64(Int64.max) + 1, 1 << 40] {
            let file = Self.zip64Declaring(declared)
            guard case .refused(let reason)? = Self.refusal({ _ = try XLSXReader.rows(file) }) else {
                Issue.record("a file declaring \(declared) bytes was read"); continue
            }
            #expect(reason.contains("распаковывается в") || reason.contains("сжата в"), "\(reason)")
            #expect(throws: OneRosterError.self) { _ = try OneRosterImport(zip: file) }
        }
        #expect(Shown.size(UInt64.max) == "16 ЭБ" && Shown.size(UInt64(1) << 40) == "1 ТБ")
    }

    @Test func anEntryLyingAboutItsSizeStopsWhereItsDeclarationEnds() throws {
        var rows = ""
        for r in 1...20_000 { rows += #"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>Строка \#(r)</t></is></c></row>"# }
        let honest = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(rows)), XLSXWriter.contentTypes])
        #expect(try XLSXReader.rows(honest).count == 20_000)
        let lying = XLSXWriter.lying(honest, declared: 1_000)
        guard case .refused(let reason)? = Self.refusal({ _ = try XLSXReader.rows(lying) }) else {
            Issue.record("the lying entry was read to its end"); return
        }
        #expect(reason.contains("больше, чем указано") || reason.contains("повреждена"), "\(reason)")
    }

    @Test func aSheetPastItsBoundsIsRefusedWithWhatIsTooMuch() throws {
        var rows = ""
        for r in 1...50 { rows += #"<row r="\#(r)"><c r="A\#(r)"><v>\#(r)</v></c></row>"# }
        let xlsx = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(rows))])
        #expect(Self.refusal({ _ = try XLSXReader.rows(xlsx, bounds: .init(rows: 20)) }) == .tooLarge("больше 20 строк"))
        // One cell in the last column of a row counts as the whole row of blanks before it.
        let wide = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", XLSXWriter.sheet(#"<row r="1"><c r="XFD1"><v>1</v></c></row><row r="2"><c r="XFD2"><v>1</v></c></row>"#))])
        #expect(Self.refusal({ _ = try XLSXReader.rows(wide, bounds: .init(cells: 20_000)) }) == .tooLarge("больше 20000 ячеек"))
        #expect(try XLSXReader.rows(wide).count == 2)
    }

    @Test func aBombUploadedAsARosterIsRefusedOnThePageAndTheServerGoesOn() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("admin")
            _ = try await c.get("/admin/import")
            let before = try await Pupil.query(on: app.db).count()
            let bomb = try XLSXWriter.zip([("xl/worksheets/sheet1.xml", Data(count: 8 << 20)), XLSXWriter.contentTypes])
            let up = try await c.upload("/admin/import", field: "file", filename: "ученики.xlsx", data: bomb)
            #expect(up.status == .unprocessableEntity)
            #expect(c.body(up).contains("Файл не прочитан: часть «xl/worksheets/sheet1.xml» сжата в"))
            #expect(try await Pupil.query(on: app.db).count() == before)
            let next = try await c.get("/admin/import")
            #expect(next.status == .ok)
        }
    }
}
