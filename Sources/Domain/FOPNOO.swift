/// Subjects of the federal curriculum of primary general education (ФОП НОО, 2023) with weekly hours for grades 1–4
/// (0: not taught in that grade). A starting point the school edits, not law.
public enum FOPNOO {
    public struct SubjectPlan: Sendable {
        public let code: String
        public let name: String
        public let short: String
        public let hours: [Double]
        /// ОРКСЭ is assessed pass/fail («безотметочно»).
        public let passFail: Bool
    }

    public static let subjects: [SubjectPlan] = [
        .init(code: "russian", name: "Русский язык", short: "Рус. яз.", hours: [5, 5, 5, 5], passFail: false),
        .init(code: "reading", name: "Литературное чтение", short: "Лит. чтение", hours: [4, 4, 4, 3], passFail: false),
        .init(code: "english", name: "Иностранный язык (английский)", short: "Англ. яз.", hours: [0, 2, 2, 2], passFail: false),
        .init(code: "math", name: "Математика", short: "Математика", hours: [4, 4, 4, 4], passFail: false),
        .init(code: "world", name: "Окружающий мир", short: "Окр. мир", hours: [2, 2, 2, 2], passFail: false),
        .init(code: "orkse", name: "Основы религиозных культур и светской этики", short: "ОРКСЭ", hours: [0, 0, 0, 1], passFail: true),
        .init(code: "art", name: "Изобразительное искусство", short: "ИЗО", hours: [1, 1, 1, 1], passFail: false),
        .init(code: "music", name: "Музыка", short: "Музыка", hours: [1, 1, 1, 1], passFail: false),
        .init(code: "technology", name: "Труд (технология)", short: "Труд", hours: [1, 1, 1, 1], passFail: false),
        .init(code: "pe", name: "Физическая культура", short: "Физкультура", hours: [2, 2, 2, 2], passFail: false),
    ]

    /// Default period dates for a school year starting in September of `year`: quarters or trimesters.
    public static func periods(_ kind: PeriodKind, startYear y: Int) -> [(title: String, start: LocalDate, end: LocalDate)] {
        func d(_ yy: Int, _ m: Int, _ dd: Int) -> LocalDate { LocalDate(year: yy, month: m, day: dd)! }
        switch kind {
        case .trimester:
            return [("1 триместр", d(y, 9, 1), d(y, 11, 30)), ("2 триместр", d(y, 12, 1), d(y + 1, 2, 28)),
                    ("3 триместр", d(y + 1, 3, 1), d(y + 1, 5, 26))]
        default:
            return [("1 четверть", d(y, 9, 1), d(y, 10, 24)), ("2 четверть", d(y, 11, 5), d(y, 12, 28)),
                    ("3 четверть", d(y + 1, 1, 12), d(y + 1, 3, 20)), ("4 четверть", d(y + 1, 3, 30), d(y + 1, 5, 26))]
        }
    }

    /// ИНН of an organisation: 10 digits with the check digit of the tax service's algorithm.
    public static func validINN(_ text: String) -> Bool {
        let digits = text.compactMap { $0.wholeNumberValue }
        guard digits.count == 10, text.count == 10 else { return false }
        let weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
        let check = (zip(weights, digits).map(*).reduce(0, +) % 11) % 10
        return check == digits[9]
    }

    /// ОГРН: 13 digits, the last one the remainder of the first 12 divided by 11 (mod 10).
    public static func validOGRN(_ text: String) -> Bool {
        guard text.count == 13, text.allSatisfy(\.isNumber), let body = Int(text.prefix(12)), let last = Int(text.suffix(1)) else { return false }
        return (body % 11) % 10 == last
    }
}
