/// Russian forms the UI needs: plurals, month names, dates in words.
public enum RussianText {
    /// Picks the form for `n`: one («1 ученик»), few («2 ученика»), many («5 учеников»).
    public static func plural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let n100 = abs(n) % 100
        let n10 = abs(n) % 10
        if (11...14).contains(n100) { return many }
        switch n10 {
        case 1: return one
        case 2, 3, 4: return few
        default: return many
        }
    }

    /// «25 учеников».
    public static func count(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        "\(n) \(plural(n, one, few, many))"
    }

    /// Genitive month names, as in «1 сентября 2026 г.».
    public static let monthsGenitive = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля",
                                        "августа", "сентября", "октября", "ноября", "декабря"]

    /// «1 сентября 2026 г.»
    public static func longDate(_ date: LocalDate) -> String {
        "\(date.day) \(monthsGenitive[date.month - 1]) \(date.year) г."
    }
}
