import Domain
import Foundation
import Testing

@Suite struct MarksImportRulesTests {
    @Test func russianHeadersAreGuessedAndTheModeFollowsTheDateOrThePeriod() throws {
        let m = MarksImport.guess(headers: ["№", "ФИО обучающегося", "Дата рождения", "Класс", "Предмет", "Дата", "Оценка", "Тип работы"])
        #expect(m[.fullName] == "ФИО обучающегося")
        #expect(m[.birthDate] == "Дата рождения")
        #expect(m[.date] == "Дата")
        #expect(m[.mark] == "Оценка")
        #expect(m[.workType] == "Тип работы")
        #expect(try MarksImport.check(m).get() == .lessonMarks)
        let f = MarksImport.guess(headers: ["Ученик", "Идентификатор", "Предмет", "Четверть", "Итоговая отметка"])
        #expect(try MarksImport.check(f).get() == .finalMarks)
    }

    @Test func aMappingWithoutAWayToIdentifyThePupilIsRefused() {
        guard case .failure(let e) = MarksImport.check([.fullName: "ФИО", .subject: "П", .date: "Д", .mark: "О"]) else {
            Issue.record("accepted a name without a birth date"); return
        }
        #expect(e.messages.contains { $0.contains("по одному ФИО ученик не определяется однозначно") })
        guard case .failure(let both) = MarksImport.check([.externalID: "ID", .subject: "П", .date: "Д", .period: "Пер", .mark: "О"]) else {
            Issue.record("accepted both a date and a period"); return
        }
        #expect(both.messages.contains { $0.contains("один файл — один вид отметок") })
    }

    @Test func aRowNamesEachBadColumn() {
        let index: [MarkImportField: Int] = [.fullName: 0, .birthDate: 1, .subject: 2, .date: 3, .mark: 4]
        guard case .failure(let e) = MarksImport.read(["Иванов", "31.02.2016", "", "32.13.2026", ""], line: 7, index: index, mode: .lessonMarks) else {
            Issue.record("a bad row was read"); return
        }
        let text = e.messages.joined(separator: "; ")
        #expect(text.contains("ФИО ученика"))
        #expect(text.contains("дата рождения «31.02.2016»"))
        #expect(text.contains("предмет: пусто"))
        #expect(text.contains("дата урока «32.13.2026»"))
        #expect(text.contains("отметка: пусто"))
        let ok = try? MarksImport.read(["Иванов Иван Иванович", "01.02.2016", "Математика", "2026-11-16", "5"], line: 8, index: index, mode: .lessonMarks).get()
        #expect(ok?.date == LocalDate(year: 2026, month: 11, day: 16))
        #expect(ok?.name?.lastName == "Иванов")
    }

    @Test func periodsAreFoundByTheirJournalNames() {
        let periods: [(kind: PeriodKind, number: Int, title: String)] = [(.quarter, 1, "1 четверть"), (.quarter, 2, "2 четверть"), (.year, 5, "Год")]
        #expect(MarksImport.periodMatch("II четверть", periods: periods) == 1)
        #expect(MarksImport.periodMatch("1 четверть", periods: periods) == 0)
        #expect(MarksImport.periodMatch("Годовая", periods: periods) == 2)
        #expect(MarksImport.periodMatch("Итоговая", periods: periods) == 2)
        #expect(MarksImport.periodMatch("3 четверть", periods: periods) == nil)
        #expect(MarksImport.periodMatch("1 полугодие", periods: periods) == nil)
    }

    func write(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csvstream-\(UUID()).csv").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aStreamReadsQuotedFieldsBOMAndWindows1251() throws {
        let utf = try write(Data([0xEF, 0xBB, 0xBF]) + Data("Ученик;Отметка\r\n\"Иванов; Иван\";\"5\"\r\n\"Строка\nс переносом\";\"он сказал \"\"да\"\"\"\r\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: utf) }
        let s = try CSVStream(path: utf)
        #expect(s.encoding == .utf8)
        #expect(s.next() == ["Ученик", "Отметка"])
        #expect(s.next() == ["Иванов; Иван", "5"])
        #expect(s.next() == ["Строка\nс переносом", "он сказал \"да\""])
        #expect(s.next() == nil)
        let cp = try write("Ученик,Отметка\nЁжиков Пётр,4\n".data(using: .windowsCP1251)!)
        defer { try? FileManager.default.removeItem(atPath: cp) }
        let w = try CSVStream(path: cp)
        #expect(w.encoding == .windowsCP1251)
        #expect(w.delimiter == UInt8(ascii: ","))
        _ = w.next()
        #expect(w.next() == ["Ёжиков Пётр", "4"])
        // Chosen as UTF-8, the Windows-1251 bytes do not decode: the row says so instead of guessing.
        let forced = try CSVStream(path: cp, encoding: .utf8)
        _ = forced.next()
        #expect(forced.next()?.first == .some(nil))
        let binary = try write(Data([0x00, 0x01, 0xC8, 0x02, 0x03]))
        defer { try? FileManager.default.removeItem(atPath: binary) }
        #expect(throws: TableError.unknownEncoding) { try CSVStream(path: binary) }
    }

    @Test func aStreamCrossesChunkBoundariesWithoutLosingACharacter() throws {
        // More than the 1 MiB read at once, with Cyrillic (two-byte) text everywhere.
        var text = "Ученик;Отметка\n"
        for i in 0..<40_000 { text += "Щукина-Ёлкина Юлия \(i);\"отл;ично\"\n" }
        let path = try write(Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = try CSVStream(path: path)
        _ = s.next()
        var n = 0
        while let row = s.next() {
            #expect(row == ["Щукина-Ёлкина Юлия \(n)", "отл;ично"])
            n += 1
            if row.count != 2 { break }
        }
        #expect(n == 40_000)
    }
}
