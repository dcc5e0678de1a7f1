import Domain
import Testing

/// Issue 17: a year closes after its last period ends, a period before its end only with a reason, a reopening only
/// with one.
@Suite struct ClosingTests {
    static func d(_ y: Int, _ m: Int, _ day: Int) -> LocalDate { LocalDate(year: y, month: m, day: day)! }
    let ends = [d(2026, 10, 24), d(2026, 12, 28), d(2027, 3, 20), d(2027, 5, 26)]

    @Test func theYearClosesFromTheDayAfterItsLastPeriod() {
        #expect(Closing.yearClosesFrom(periodEnds: ends, yearEnd: Self.d(2027, 8, 31)) == Self.d(2027, 5, 27))
        #expect(Closing.yearClosesFrom(periodEnds: [], yearEnd: Self.d(2027, 5, 31)) == Self.d(2027, 6, 1))
        let december = Closing.yearRefusal(today: Self.d(2026, 12, 2), periodEnds: ends, yearEnd: Self.d(2027, 5, 26), title: "2026/2027")
        #expect(december == "2026/2027 учебный год можно закрыть после окончания последнего периода: с 27.05.2027")
        // The last period's last day is still a school day; the day after, it closes.
        #expect(Closing.yearRefusal(today: Self.d(2027, 5, 26), periodEnds: ends, yearEnd: Self.d(2027, 5, 26), title: "2026/2027") != nil)
        #expect(Closing.yearRefusal(today: Self.d(2027, 5, 27), periodEnds: ends, yearEnd: Self.d(2027, 5, 26), title: "2026/2027") == nil)
    }

    @Test func aPeriodClosesEarlyOnlyWithAReason() {
        let end = Self.d(2026, 10, 24)
        let early = Closing.periodRefusal(today: Self.d(2026, 10, 20), periodEnd: end, title: "1 четверть", reason: nil)
        #expect(early == "«1 четверть» заканчивается 24.10.2026: закрыть раньше можно, только указав причину")
        #expect(Closing.periodRefusal(today: end, periodEnd: end, title: "1 четверть", reason: "  \n") != nil)
        #expect(Closing.periodRefusal(today: Self.d(2026, 10, 20), periodEnd: end, title: "1 четверть", reason: "Карантин с 21.10") == nil)
        #expect(Closing.periodRefusal(today: end.adding(days: 1), periodEnd: end, title: "1 четверть", reason: nil) == nil)
    }

    @Test func reopeningNeedsAReason() {
        #expect(Closing.reopenRefusal(reason: nil) != nil)
        #expect(Closing.reopenRefusal(reason: " ") != nil)
        #expect(Closing.reopenRefusal(reason: "Исправление ошибки в отметке") == nil)
    }
}
