import Foundation

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
