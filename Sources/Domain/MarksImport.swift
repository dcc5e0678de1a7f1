import Foundation

public typealias MarkImportMapping = [MarkImportField: String]

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
