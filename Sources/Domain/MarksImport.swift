import Foundation

/// The columns of an e-journal's export of marks that a school maps to Kopilka's fields.
public enum MarkImportField: String, CaseIterable, Sendable, Codable {
    case fullName = "full_name"
    case lastName = "last_name"
    case firstName = "first_name"
    case middleName = "middle_name"
    case birthDate = "birth_date"
    case externalID = "external_id"
    case classTitle = "class"
    case subject
    case date
    case period
    case mark
    case workType = "work_type"

    public var title: String {
        switch self {
        case .fullName: return "ФИО ученика (одной колонкой)"
        case .lastName: return "Фамилия"
        case .firstName: return "Имя"
        case .middleName: return "Отчество"
        case .birthDate: return "Дата рождения"
        case .externalID: return "Идентификатор ученика в журнале"
        case .classTitle: return "Класс"
        case .subject: return "Предмет"
        case .date: return "Дата урока (для текущих отметок)"
        case .period: return "Период (для итоговых отметок)"
        case .mark: return "Отметка"
        case .workType: return "Вид работы"
        }
    }

    /// Header words that suggest the field (lower-cased, «ё» as «е»); longer hints are tried first.
    var hints: [String] {
        switch self {
        case .fullName: return ["фио ученика", "фио обучающегося", "фио", "ученик", "обучающийся"]
        case .lastName: return ["фамилия"]
        case .firstName: return ["имя"]
        case .middleName: return ["отчество"]
        case .birthDate: return ["дата рождения", "д.р."]
        case .externalID: return ["идентификатор", "id ученика", "код ученика"]
        case .classTitle: return ["класс"]
        case .subject: return ["предмет", "дисциплина"]
        case .date: return ["дата урока", "дата"]
        case .period: return ["период", "четверть", "полугодие", "триместр"]
        case .mark: return ["отметка", "оценка", "балл"]
        case .workType: return ["вид работы", "тип работы", "тип оценки", "работа"]
        }
    }
}

/// What is wrong with a mapping or a row, each reason naming the column.
public struct ImportProblems: Error, Sendable, Equatable {
    public let messages: [String]
}

public typealias MarkImportMapping = [MarkImportField: String]

/// What a file brings: marks of lessons (with a date) or final marks of periods.
public enum MarkImportMode: String, Sendable {
    case lessonMarks = "marks"
    case finalMarks = "final"

    public var title: String { self == .lessonMarks ? "текущие отметки" : "итоговые отметки за период" }
}

/// One row read from the file, before it is matched against the school.
public struct MarkImportRow: Sendable, Equatable {
    public var line: Int
    public var name: PersonName?
    public var birthDate: LocalDate?
    public var externalID: String?
    public var classTitle: String?
    public var subject: String
    public var date: LocalDate?
    public var period: String?
    public var mark: String
    public var workType: String?
}

public enum MarksImport {
    static func normalize(_ s: String) -> String { Roster.normalize(s) }

    /// A key for matching names: lower-cased, «ё» as «е», single spaces.
    public static func nameKey(_ name: PersonName) -> String {
        normalize(name.full).split(separator: " ").joined(separator: " ")
    }

    /// A subject or work type as written in different journals: «Русский язык», «русский  язык», «Рус. яз.».
    public static func titleKey(_ s: String) -> String {
        normalize(s).filter { $0.isLetter || $0.isNumber }
    }

    public static func classKey(_ s: String) -> String {
        s.uppercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "\"", with: "")
    }

    public static func guess(headers: [String]) -> MarkImportMapping {
        var mapping = Roster.guess(MarkImportField.allCases, hints: \.hints, headers: headers)
        if mapping[.lastName] != nil && mapping[.firstName] != nil { mapping[.fullName] = nil }
        return mapping
    }

    /// The mode the mapping implies, or the reasons the mapping cannot be used.
    public static func check(_ mapping: MarkImportMapping) -> Result<MarkImportMode, ImportProblems> {
        var errors: [String] = []
        if mapping[.externalID] == nil {
            if mapping[.fullName] == nil && (mapping[.lastName] == nil || mapping[.firstName] == nil) {
                errors.append("укажите колонку «ФИО ученика» (или «Фамилия» и «Имя») вместе с «Дата рождения», либо «Идентификатор ученика в журнале»")
            } else if mapping[.birthDate] == nil {
                errors.append("по одному ФИО ученик не определяется однозначно: укажите колонку «Дата рождения» или «Идентификатор ученика в журнале»")
            }
        }
        if mapping[.subject] == nil { errors.append("укажите колонку «Предмет»") }
        if mapping[.mark] == nil { errors.append("укажите колонку «Отметка»") }
        if mapping[.date] == nil && mapping[.period] == nil {
            errors.append("укажите колонку «Дата урока» (текущие отметки) или «Период» (итоговые отметки)")
        }
        if mapping[.date] != nil && mapping[.period] != nil {
            errors.append("укажите либо «Дата урока», либо «Период»: один файл — один вид отметок")
        }
        if !errors.isEmpty { return .failure(ImportProblems(messages: errors.map { "Сопоставление: " + $0 })) }
        return .success(mapping[.date] != nil ? .lessonMarks : .finalMarks)
    }

    /// Column positions of the mapped fields in the header row.
    public static func index(_ mapping: MarkImportMapping, headers: [String]) -> [MarkImportField: Int] {
        Dictionary(uniqueKeysWithValues: mapping.compactMap { f, h in headers.firstIndex(of: h).map { (f, $0) } })
    }

    /// Reads one data row; the errors name the column and the reason.
    public static func read(_ cells: [String], line: Int, index: [MarkImportField: Int], mode: MarkImportMode) -> Result<MarkImportRow, ImportProblems> {
        MarkRowReader(index: index, mode: mode).read(cells, line: line)
    }
}

/// Reads rows of one file, remembering how each distinct name, date and class was read: an export repeats the
/// same few hundred pupils and days over a million rows. One file, one reader, used from one task at a time.
public final class MarkRowReader: @unchecked Sendable {
    let index: [MarkImportField: Int]
    let mode: MarkImportMode
    private var names: [String: PersonName?] = [:]
    private var dates: [String: LocalDate?] = [:]
    private var classes: [String: String] = [:]

    public init(index: [MarkImportField: Int], mode: MarkImportMode) {
        self.index = index
        self.mode = mode
    }

    private func date(_ text: String) -> LocalDate? {
        if let d = dates[text] { return d }
        // An e-journal may add a time: «16.11.2026 0:00:00».
        let d = LocalDate(text) ?? text.split(separator: " ").first.flatMap { LocalDate(String($0)) }
        if dates.count < 100_000 { dates[text] = d }
        return d
    }

    private func name(_ text: String) -> PersonName? {
        if let n = names[text] { return n }
        let n = PersonName(parsing: text)
        if names.count < 100_000 { names[text] = n }
        return n
    }

    public func read(_ cells: [String], line: Int) -> Result<MarkImportRow, ImportProblems> {
        func value(_ f: MarkImportField) -> String {
            guard let i = index[f], i < cells.count else { return "" }
            return cells[i].trimmedSpaces
        }
        var errors: [String] = []
        var name: PersonName?
        if index[.fullName] != nil {
            name = self.name(value(.fullName))
        } else if !value(.lastName).isEmpty && !value(.firstName).isEmpty {
            name = PersonName(lastName: value(.lastName), firstName: value(.firstName), middleName: value(.middleName))
        }
        let externalID = value(.externalID).nilIfBlank
        var birth: LocalDate?
        if index[.birthDate] != nil, !value(.birthDate).isEmpty {
            birth = date(value(.birthDate))
            if birth == nil { errors.append("дата рождения «\(value(.birthDate))»: такой даты нет (ожидается дд.мм.гггг)") }
        }
        if externalID == nil {
            if name == nil { errors.append("ФИО ученика: нужны хотя бы фамилия и имя") }
            else if birth == nil && errors.isEmpty { errors.append("дата рождения: пусто — без неё ученик по ФИО не определяется") }
        }
        let subject = value(.subject)
        if subject.isEmpty { errors.append("предмет: пусто") }
        let mark = value(.mark)
        if mark.isEmpty { errors.append("отметка: пусто") }
        var date: LocalDate?
        var period: String?
        switch mode {
        case .lessonMarks:
            let text = value(.date)
            date = self.date(text)
            if date == nil { errors.append("дата урока «\(text)»: такой даты нет (ожидается дд.мм.гггг)") }
        case .finalMarks:
            period = value(.period).nilIfBlank
            if period == nil { errors.append("период: пусто") }
        }
        if !errors.isEmpty { return .failure(ImportProblems(messages: errors)) }
        var classTitle: String?
        if let raw = value(.classTitle).nilIfBlank {
            if let k = classes[raw] { classTitle = k } else { classTitle = MarksImport.classKey(raw); classes[raw] = classTitle }
        }
        return .success(MarkImportRow(line: line, name: name, birthDate: birth, externalID: externalID,
                                      classTitle: classTitle, subject: subject, date: date,
                                      period: period, mark: mark, workType: value(.workType).nilIfBlank))
    }
}

extension MarksImport {
    /// The kind of period a title names: «1 четверть» → quarter, «2 полугодие» → half year, «Год» → year.
    public static func periodKind(_ text: String) -> PeriodKind? {
        let t = normalize(text)
        if t.contains("четверт") { return .quarter }
        if t.contains("триместр") { return .trimester }
        if t.contains("полугод") { return .halfYear }
        if t.hasPrefix("год") || t.contains("итог") { return .year }
        return nil
    }

    /// Which of the year's periods a file's «период» names: «1 четверть», «I четверть», «2 полугодие», «год», «годовая».
    public static func periodMatch(_ text: String, periods: [(kind: PeriodKind, number: Int, title: String)]) -> Int? {
        let t = normalize(text)
        if let exact = periods.firstIndex(where: { normalize($0.title) == t }) { return exact }
        let kind: PeriodKind?
        if t.contains("четверт") { kind = .quarter } else if t.contains("триместр") { kind = .trimester }
        else if t.contains("полугод") { kind = .halfYear } else if t.hasPrefix("год") || t.contains("итог") { kind = .year } else { kind = nil }
        guard let kind else { return nil }
        if kind == .year { return periods.firstIndex { $0.kind == .year } }
        let roman = ["i": 1, "ii": 2, "iii": 3, "iv": 4]
        let first = t.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).first.map(String.init) ?? ""
        guard let n = Int(first) ?? roman[first] else { return nil }
        return periods.firstIndex { $0.kind == kind && $0.number == n }
    }
}

extension String {
    var nilIfBlank: String? {
        let t = trimmedSpaces
        return t.isEmpty ? nil : t
    }

    /// Without spaces and tabs around; the common case (none) costs one look at each end.
    var trimmedSpaces: String {
        guard let f = unicodeScalars.first, let l = unicodeScalars.last else { return self }
        func space(_ c: Unicode.Scalar) -> Bool { c.isASCII ? (c == " " || c == "\t") : c.properties.isWhitespace }
        if !space(f) && !space(l) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}

/// Text encodings a school's CSV comes in.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    case auto, utf8, cp1251

    public var title: String {
        switch self {
        case .auto: return "определить автоматически"
        case .utf8: return "UTF-8"
        case .cp1251: return "Windows-1251"
        }
    }
}

/// CSV read as a stream of rows from a file, in chunks: memory does not grow with the file. Fields are split on
/// bytes (the delimiter, quotes and line ends are single bytes in UTF-8 and Windows-1251 alike), then decoded.
public final class CSVStream {
    public let encoding: String.Encoding
    public let delimiter: UInt8
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private let chunk = 1 << 20
    public private(set) var bytesRead = 0
    public let size: Int

    /// Opens the file; sniffs the encoding (unless chosen) and the delimiter from its first megabyte.
    public init(path: String, encoding choice: TextEncodingChoice = .auto) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw TableError.empty }
        handle = h
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var head = [UInt8](h.readData(ofLength: chunk))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3); bytesRead = 3 }
        guard !head.isEmpty else { throw TableError.empty }
        switch choice {
        case .utf8: encoding = .utf8
        case .cp1251: encoding = .windowsCP1251
        case .auto: encoding = try Self.sniff(head, complete: head.count < chunk)
        }
        let firstLine = head.prefix { $0 != 0x0A }
        delimiter = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ",")].max { a, b in
            firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count
        }!
        buffer = head
    }

    deinit { try? handle.close() }

    /// UTF-8 when the bytes decode as UTF-8 (a sequence cut at the chunk's end is allowed), else Windows-1251 when
    /// they look like text; anything else is refused.
    static func sniff(_ bytes: [UInt8], complete: Bool) throws -> String.Encoding {
        var probe = bytes[...]
        if !complete {
            // Drop a multi-byte sequence cut at the end of the chunk.
            var cut = 0
            while cut < 3, let last = probe.last, last & 0xC0 == 0x80 { probe = probe.dropLast(); cut += 1 }
            if let last = probe.last, last >= 0xC0 { probe = probe.dropLast() }
        }
        if String(bytes: probe, encoding: .utf8) != nil { return .utf8 }
        if bytes.contains(where: { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) || $0 == 0x98 }) { throw TableError.unknownEncoding }
        return .windowsCP1251
    }

    private func fill() -> Bool {
        if finished { return false }
        let data = handle.readData(ofLength: chunk)
        if data.isEmpty { finished = true; return false }
        if position > 0 { buffer.removeFirst(position); position = 0 }
        buffer.append(contentsOf: data)
        return true
    }

    /// Windows-1251's upper half as Unicode scalars (the lower half is ASCII).
    private static let cp1251: [Unicode.Scalar] = (0x80...0xFF).map { b in
        String(data: Data([UInt8(b)]), encoding: .windowsCP1251)?.unicodeScalars.first ?? "\u{FFFD}"
    }

    private func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.isEmpty { return "" }
        if encoding == .utf8 { return String(validating: bytes, as: UTF8.self) }
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(b < 0x80 ? Unicode.Scalar(b) : Self.cp1251[Int(b) - 0x80]) }
        return String(s)
    }

    /// The next row, or nil at the end. A field that does not decode in the file's encoding is nil in the row.
    public func next() -> [String?]? {
        var row: [String?] = []
        var field: [UInt8] = []
        var quoted = false
        var any = false
        while true {
            if position >= buffer.count {
                bytesRead += 0
                if !fill() {
                    if !any && field.isEmpty && row.isEmpty { return nil }
                    row.append(decode(field[...]))
                    return row
                }
            }
            let c = buffer[position]
            position += 1
            bytesRead += 1
            any = true
            if quoted {
                if c == 0x22 {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x22 { field.append(0x22); position += 1; bytesRead += 1 }
                    else { quoted = false }
                } else { field.append(c) }
            } else if c == 0x22 && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                row.append(decode(field[...])); field.removeAll(keepingCapacity: true)
            } else if c == 0x0A {
                if field.last == 0x0D { field.removeLast() }
                row.append(decode(field[...]))
                return row
            } else {
                field.append(c)
            }
        }
    }
}
