import Foundation

/// Legal terms counted in working days (regulation 6.3: information to parents within 10 working days, extendable
/// by 5 with a reason). Saturdays, Sundays and the non-working holidays of ТК РФ ст. 112 are skipped; the yearly
/// transfers of days off decreed by the Government are not known in advance and are not applied.
public enum WorkingDays {
    public static let answerDays = 10
    public static let extensionDays = 5

    /// (month, day) of the non-working holidays: 1–8 January, 23 February, 8 March, 1 and 9 May, 12 June, 4 November.
    static let holidays: Set<Int> = Set((1...8).map { 100 + $0 } + [223, 308, 501, 509, 612, 1104])

    public static func isWorking(_ d: LocalDate) -> Bool {
        d.weekday <= 5 && !holidays.contains(d.month * 100 + d.day)
    }

    /// The date `n` working days after `from` (the day of receipt does not count).
    public static func add(_ n: Int, to from: LocalDate) -> LocalDate {
        var d = from
        var left = n
        while left > 0 {
            d = d.adding(days: 1)
            if isWorking(d) { left -= 1 }
        }
        return d
    }
}
