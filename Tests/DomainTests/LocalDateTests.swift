import Domain
import Testing

@Suite struct LocalDateTests {
    @Test func parsesISOAndRussianForms() {
        #expect(LocalDate("2026-09-01") == LocalDate(year: 2026, month: 9, day: 1))
        #expect(LocalDate("01.09.2026") == LocalDate(year: 2026, month: 9, day: 1))
        #expect(LocalDate("1.9.2026") == LocalDate(year: 2026, month: 9, day: 1))
    }

    @Test func rejectsImpossibleDates() {
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("31.04.2026") == nil)
        #expect(LocalDate("2026-13-01") == nil)
        #expect(LocalDate("вчера") == nil)
        #expect(LocalDate("2024-02-29") != nil)
    }

    @Test func dayNumberRoundTripsOverCenturies() {
        var date = LocalDate(year: 1899, month: 12, day: 25)!
        for step in 0..<60_000 {
            let n = date.dayNumber
            #expect(LocalDate(dayNumber: n) == date, "step \(step)")
            let next = date.adding(days: 1)
            #expect(next.dayNumber == n + 1)
            date = next
            if step > 100 { date = date.adding(days: 1) }
        }
    }

    @Test func knowsWeekdays() {
        #expect(LocalDate(year: 2026, month: 9, day: 1)!.weekday == 2)  // a Tuesday
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.weekday == 4)  // a Thursday
        #expect(LocalDate(year: 2026, month: 11, day: 29)!.weekday == 7)
    }

    @Test func countsFullYearsOfAge() {
        let born = LocalDate(year: 2019, month: 3, day: 15)!
        #expect(born.age(on: LocalDate(year: 2026, month: 3, day: 14)!) == 6)
        #expect(born.age(on: LocalDate(year: 2026, month: 3, day: 15)!) == 7)
    }

    @Test func formatsForDocuments() {
        let d = LocalDate(year: 2026, month: 9, day: 1)!
        #expect(d.iso == "2026-09-01")
        #expect(d.russian == "01.09.2026")
        #expect(RussianText.longDate(d) == "1 сентября 2026 г.")
    }
}
