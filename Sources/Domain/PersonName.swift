

/// A person's name as Russian documents write it: «Фамилия Имя Отчество».
public struct PersonName: Hashable, Sendable, Codable {
    public var lastName: String
    public var firstName: String
    /// Отчество; may be empty (not every person has one).
    public var middleName: String

    public init(lastName: String, firstName: String, middleName: String = "") {
        self.lastName = lastName
        self.firstName = firstName
        self.middleName = middleName
    }

    /// «Иванова Мария Петровна»
    public var full: String {
        [lastName, firstName, middleName].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// «Иванова М. П.»
    public var short: String {
        let initials = [firstName, middleName].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
        return initials.isEmpty ? lastName : "\(lastName) \(initials)"
    }

    /// «М. П. И.» — initials only, for public pages that must not reveal a child's name.
    public var initials: String {
        [firstName, middleName, lastName].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }

    /// Splits «Фамилия Имя Отчество» (extra parts go to the patronymic, as in «Оглы»).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count >= 2 else { return nil }
        self.init(lastName: parts[0], firstName: parts[1], middleName: parts.dropFirst(2).joined(separator: " "))
    }
}
