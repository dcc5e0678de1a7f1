import Domain
import Foundation
import Testing

@Suite struct RiskTests {
    let today = LocalDate("2026-11-20")!
    let q2 = (LocalDate("2026-11-05")!, LocalDate("2026-12-28")!)

    func marks(_ list: [(Int, Int)]) -> [ChartGeometry.Mark] {
        list.map { ChartGeometry.Mark(date: today.adding(days: -$0.0), value: $0.1, weight: 1) }
    }

    @Test func aFallingMeanIsNamedWithItsNumbers() {
        let s = RiskRules.SubjectMarks(subject: "Математика", marks: marks([(50, 5), (45, 5), (40, 4), (20, 3), (10, 2), (2, 3)]))
        let r = RiskRules.assess([s], today: today, periodStart: q2.0, periodEnd: q2.1, minMarks: 3, debts: [])
        #expect(r.contains(.fallingMean(subject: "Математика", before: 14.0 / 3, after: 8.0 / 3)))
        #expect(r.first?.text == "Математика: средний балл снизился с 4,67 до 2,67 за 4 недели")
    }

    @Test func twoOrFewerMarksInAWindowSayNothingAboutAFall() {
        let s = RiskRules.SubjectMarks(subject: "Музыка", marks: marks([(40, 5), (35, 5), (10, 3), (3, 3)]))
        #expect(RiskRules.assess([s], today: today, periodStart: q2.0, periodEnd: q2.1, minMarks: 0, debts: []).isEmpty)
    }

    @Test func manyTwosMissingMarksAndDebtsAreReasons() {
        let a = RiskRules.SubjectMarks(subject: "Русский язык", marks: marks([(12, 2), (9, 2), (6, 4), (3, 5), (1, 3)]))
        let b = RiskRules.SubjectMarks(subject: "Окружающий мир", marks: [])
        // The middle of the period has not come yet: missing marks are not a reason.
        let early = RiskRules.assess([a, b], today: today, periodStart: q2.0, periodEnd: q2.1, minMarks: 3, debts: ["Математика"])
        #expect(early.contains(.manyTwos(share: 0.4, twos: 2, total: 5)))
        #expect(early.contains(.academicDebt(subject: "Математика")))
        #expect(!early.contains { if case .missingMarks = $0 { return true } else { return false } })
        let late = RiskRules.assess([a, b], today: LocalDate("2026-12-10")!, periodStart: q2.0, periodEnd: q2.1, minMarks: 3, debts: [])
        #expect(late.contains(.missingMarks(subject: "Окружающий мир", count: 0, needed: 3)))
    }

    @Test func levelsFollowTheSchoolsThresholds() {
        #expect(RiskRules.level(ofMean: 4.7, rule: .inFavour) == "high")
        #expect(RiskRules.level(ofMean: 4.6, rule: .inFavour) == "advanced")
        #expect(RiskRules.level(ofMean: 2.7, rule: .inFavour) == "basic")
        #expect(RiskRules.level(ofMean: 2.5, rule: .inFavour) == "below_basic")
    }
}

@Suite struct WorkingDaysTests {
    @Test func tenWorkingDaysSkipWeekendsAndHolidays() {
        #expect(WorkingDays.add(10, to: LocalDate("2026-11-27")!) == LocalDate("2026-12-11")!)
        // 4 November (Day of National Unity) is not a working day.
        #expect(WorkingDays.add(10, to: LocalDate("2026-10-30")!) == LocalDate("2026-11-16")!)
        // The New Year holidays, 1–8 January.
        #expect(WorkingDays.add(10, to: LocalDate("2026-12-30")!) == LocalDate("2027-01-21")!)
        #expect(WorkingDays.add(5, to: LocalDate("2026-12-11")!) == LocalDate("2026-12-18")!)
        #expect(!WorkingDays.isWorking(LocalDate("2027-03-08")!) && WorkingDays.isWorking(LocalDate("2027-03-09")!))
    }
}
