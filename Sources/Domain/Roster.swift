import Foundation

/// Which header feeds which field.
public typealias RosterMapping = [RosterField: String]

public enum Roster {
    /// A login: 3–40 characters of Latin letters, digits, «.», «_» and «-», starting with a letter (the account form,
    /// setup, the OneRoster import and `create-user` alike).
    public static func validLogin(_ login: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        return (3...40).contains(login.count) && login.allSatisfy { allowed.contains($0) } && login.first!.isLetter
    }

    static func normalize(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "ё", with: "е").trimmingCharacters(in: .whitespaces)
    }

    /// Which header feeds which field, from the file's own headers: the most specific hint wins (longer hints first:
    /// «фио родителя» before «фио»), each header used once. Shared by the roster and the marks imports.
    static func guess<Field: Hashable>(_ fields: [Field], hints: (Field) -> [String], headers: [String]) -> [Field: String] {
        var mapping: [Field: String] = [:]
        var used = Set<String>()
        let pairs = fields.flatMap { f in hints(f).map { (f, $0) } }.sorted { $0.1.count > $1.1.count }
        for (field, hint) in pairs where mapping[field] == nil {
            if let h = headers.first(where: { !used.contains($0) && normalize($0).contains(hint) }) {
                mapping[field] = h
                used.insert(h)
            }
        }
        return mapping
    }

    /// Guesses the mapping from the file's own headers; separate name columns win over a full-name one.
    public static func guess(headers: [String]) -> RosterMapping {
        var mapping = guess(RosterField.allCases, hints: \.hints, headers: headers)
        if mapping[.lastName] != nil && mapping[.firstName] != nil { mapping[.fullName] = nil }
        return mapping
    }

    /// Reads every row against the mapping; `knownClasses` are the school's class titles («2А»).
    public static func validate(_ table: Table, mapping: RosterMapping, knownClasses: Set<String>) -> (rows: [RosterRow], issues: [RosterIssue]) {
        var rows: [RosterRow] = []
        var issues: [RosterIssue] = []
        var seen: [String: Int] = [:]
        let index = Dictionary(uniqueKeysWithValues: mapping.compactMap { f, h in table.headers.firstIndex(of: h).map { (f, $0) } })
        func value(_ r: [String], _ f: RosterField) -> String {
            guard let i = index[f], i < r.count else { return "" }
            return r[i].trimmingCharacters(in: .whitespaces)
        }
        if index[.fullName] == nil && (index[.lastName] == nil || index[.firstName] == nil) {
            return ([], [RosterIssue(line: 1, message: "Сопоставление: укажите колонку «ФИО ученика» или колонки «Фамилия» и «Имя».", isError: true)])
        }
        for field in [RosterField.birthDate, .classTitle] where index[field] == nil {
            issues.append(RosterIssue(line: 1, message: "Сопоставление: укажите колонку «\(field.title)».", isError: true))
        }
        if issues.contains(where: \.isError) { return ([], issues) }
        for (i, r) in table.rows.enumerated() {
            let line = i + 2  // the header is line 1
            var errors: [String] = []
            var name: PersonName?
            if index[.fullName] != nil {
                name = PersonName(parsing: value(r, .fullName))
            } else if !value(r, .lastName).isEmpty && !value(r, .firstName).isEmpty {
                name = PersonName(lastName: value(r, .lastName), firstName: value(r, .firstName), middleName: value(r, .middleName))
            }
            if name == nil { errors.append("ФИО ученика: нужны хотя бы фамилия и имя") }
            let dateText = value(r, .birthDate)
            let date = LocalDate(dateText)
            if date == nil { errors.append("дата рождения «\(dateText)»: такой даты нет (ожидается дд.мм.гггг)") }
            let classTitle = value(r, .classTitle).uppercased().replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
            if !knownClasses.contains(classTitle) { errors.append("класс «\(value(r, .classTitle))»: такого класса в школе нет") }
            let home = ["да", "1", "+", "yes", "true", "на дому"].contains(normalize(value(r, .homeSchooled)))
            var parents: [ParentEntry] = []
            for (n, p, e) in [(RosterField.parentName, RosterField.parentPhone, RosterField.parentEmail),
                              (.parent2Name, .parent2Phone, .parent2Email)] {
                let nameText = value(r, n), phone = value(r, p), email = value(r, e)
                if nameText.isEmpty {
                    if !phone.isEmpty || !email.isEmpty { errors.append("\(n.title): пусто, а телефон или e-mail указаны — у родителя должно быть имя") }
                    continue
                }
                guard let pn = PersonName(parsing: nameText) else { errors.append("\(n.title) «\(nameText)»: нужны фамилия и имя"); continue }
                if !email.isEmpty && (!email.contains("@") || email.contains(" ")) { errors.append("e-mail «\(email)»: не похож на адрес почты") }
                parents.append(ParentEntry(name: pn, phone: phone.isEmpty ? nil : phone, email: email.isEmpty ? nil : email.lowercased()))
            }
            if let name, let date {
                let key = "\(normalize(name.full))|\(date.iso)"
                if let earlier = seen[key] { errors.append("ученик «\(name.full)», \(date.russian) уже есть в строке \(earlier)") } else { seen[key] = line }
            }
            if !errors.isEmpty {
                issues.append(RosterIssue(line: line, message: errors.joined(separator: "; "), isError: true))
                continue
            }
            if parents.isEmpty { issues.append(RosterIssue(line: line, message: "нет родителя: учётная запись для семьи не будет создана", isError: false)) }
            rows.append(RosterRow(line: line, name: name!, birthDate: date!, classTitle: classTitle, homeSchooled: home,
                                  externalID: value(r, .externalID).isEmpty ? nil : value(r, .externalID), parents: parents))
        }
        return (rows, issues)
    }

    /// A login for a new parent account: transliterated surname and initials, «ivanova.mp».
    public static func login(for name: PersonName) -> String {
        let map: [Character: String] = ["а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
                                        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
                                        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
                                        "э": "e", "ю": "yu", "я": "ya"]
        func tr(_ s: String) -> String {
            s.lowercased().map { c in map[c] ?? (c.isASCII && (c.isLetter || c.isNumber) ? String(c) : "") }.joined()
        }
        // One Latin letter per initial: «Юлия Сергеевна» → «ys».
        let initials = [name.firstName, name.middleName].compactMap { $0.first.flatMap { tr(String($0)).first.map(String.init) } }.joined()
        let base = tr(name.lastName)
        return (base.isEmpty ? "parent" : base) + (initials.isEmpty ? "" : "." + initials)
    }
}
