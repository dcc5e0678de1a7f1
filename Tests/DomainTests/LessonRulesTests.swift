import Domain
import Foundation
import Testing

@Suite struct LessonRulesTests {
    static func day(_ m: Int, _ d: Int) -> LocalDate { LocalDate(year: m >= 9 ? 2026 : 2027, month: m, day: d)! }
    static let year = PeriodSpan(title: "Год", startsOn: day(9, 1), endsOn: day(5, 26), locked: false)
    static let q1 = PeriodSpan(title: "1 четверть", startsOn: day(9, 1), endsOn: day(10, 24), locked: false)
    static let q2 = PeriodSpan(title: "2 четверть", startsOn: day(11, 5), endsOn: day(12, 28), locked: false)

    func check(_ date: LocalDate, periods: [PeriodSpan], closedYear: String? = nil, sameDay: [(topic: String, workType: UUID?)] = []) -> LessonProblem? {
        LessonRules.check(date: date, topic: "Дроби", workType: nil, closedYear: closedYear, periods: periods, sameDay: sameDay)
    }

    @Test func aLessonInAnOpenPeriodMayBeAdded() {
        #expect(check(Self.day(12, 2), periods: [Self.year, Self.q1, Self.q2]) == nil)
    }

    @Test func aLockedQuarterIsNotHiddenByTheOpenYearAroundIt() {
        var q1 = Self.q1; q1.locked = true
        // The year period starts on the quarter's first day and is listed first: the quarter's lock still counts.
        #expect(check(Self.day(9, 1), periods: [Self.year, q1, Self.q2]) == .periodLocked(title: "1 четверть"))
        #expect(LessonRules.lockedPeriod(on: Self.day(9, 1), among: [Self.year, q1])?.title == "1 четверть")
        #expect(LessonRules.lockedPeriod(on: Self.day(11, 5), among: [Self.year, q1, Self.q2]) == nil)
        #expect(LessonRules.lockedPeriod(on: Self.day(10, 24), among: [q1])?.title == "1 четверть")
        #expect(LessonRules.lockedPeriod(on: Self.day(10, 25), among: [q1]) == nil)
    }

    @Test func aDayOutsideEveryPeriodOrInAClosedYearIsRefused() {
        // Autumn holidays between the quarters, with no year period.
        #expect(check(Self.day(10, 30), periods: [Self.q1, Self.q2]) == .outsidePeriod(date: Self.day(10, 30)))
        #expect(check(Self.day(10, 30), periods: [Self.year, Self.q1, Self.q2]) == nil)
        #expect(check(Self.day(12, 2), periods: [Self.q2], closedYear: "2026/2027") == .yearClosed(title: "2026/2027"))
    }

    @Test func theSameTopicAndKindOfWorkOnTheSameDayIsADuplicate() {
        let test = UUID()
        #expect(check(Self.day(12, 2), periods: [Self.q2], sameDay: [("дроби", nil)]) == .duplicate(date: Self.day(12, 2), topic: "Дроби"))
        #expect(check(Self.day(12, 2), periods: [Self.q2], sameDay: [("Дроби", test)]) == nil)
        #expect(check(Self.day(12, 2), periods: [Self.q2], sameDay: [("Десятичные дроби", nil)]) == nil)
    }

    @Test func everyProblemHasARussianSentence() {
        #expect(LessonProblem.periodLocked(title: "2 четверть").message.contains("«2 четверть» закрыт"))
        #expect(LessonProblem.outsidePeriod(date: Self.day(10, 30)).message.contains("30.10.2026"))
        #expect(LessonProblem.yearClosed(title: "2026/2027").message.hasPrefix("2026/2027 учебный год закрыт"))
        #expect(LessonProblem.duplicate(date: Self.day(12, 2), topic: "Дроби").message.contains("«Дроби»"))
    }
}
