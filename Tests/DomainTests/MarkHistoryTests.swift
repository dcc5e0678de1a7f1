import Domain
import Foundation
import Testing

@Suite struct MarkHistoryTests {
    struct E { let lesson: Int; let at: Double; let value: String?; let set: Bool }

    func current(_ events: [E]) -> [String] {
        MarkHistory.current(events, cell: \.lesson, recordedAt: { Date(timeIntervalSince1970: $0.at) }, isSet: \.set)
            .sorted { $0.lesson < $1.lesson }.map { $0.value ?? "" }
    }

    @Test func theLatestEventOfEachCellIsItsMarkWhateverTheOrder() {
        let events = [E(lesson: 1, at: 20, value: "5", set: true), E(lesson: 1, at: 10, value: "3", set: true),
                      E(lesson: 2, at: 5, value: "4", set: true)]
        #expect(current(events) == ["5", "4"])
        #expect(current(events.reversed()) == ["5", "4"])
    }

    @Test func aDeletionLeavesTheCellWithoutAMark() {
        let events = [E(lesson: 1, at: 10, value: "3", set: true), E(lesson: 1, at: 20, value: nil, set: false),
                      E(lesson: 2, at: 5, value: "4", set: true), E(lesson: 2, at: 6, value: nil, set: false), E(lesson: 2, at: 7, value: "5", set: true)]
        #expect(current(events) == ["5"])
    }

    @Test func consentDeadlinesCountThirtyDaysFromTheWithdrawal() {
        let withdrawn = LocalDate(year: 2026, month: 11, day: 2)!
        #expect(ConsentRules.destructionDeadline(withdrawnOn: withdrawn) == LocalDate(year: 2026, month: 12, day: 2)!)
        #expect(!ConsentRules.overdue(withdrawnOn: withdrawn, today: LocalDate(year: 2026, month: 12, day: 2)!))
        #expect(ConsentRules.overdue(withdrawnOn: withdrawn, today: LocalDate(year: 2026, month: 12, day: 3)!))
        #expect(ConsentRules.stillListed(withdrawnOn: withdrawn, today: LocalDate(year: 2027, month: 1, day: 1)!))
        #expect(!ConsentRules.stillListed(withdrawnOn: withdrawn, today: LocalDate(year: 2027, month: 1, day: 2)!))
    }
}
