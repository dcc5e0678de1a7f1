import Domain
import Foundation
import Testing

@Suite struct ConsentRulesTests {
    @Test func consentDeadlinesCountThirtyDaysFromTheWithdrawal() {
        let withdrawn = LocalDate(year: 2026, month: 11, day: 2)!
        #expect(ConsentRules.destructionDeadline(withdrawnOn: withdrawn) == LocalDate(year: 2026, month: 12, day: 2)!)
        #expect(!ConsentRules.overdue(withdrawnOn: withdrawn, today: LocalDate(year: 2026, month: 12, day: 2)!))
        #expect(ConsentRules.overdue(withdrawnOn: withdrawn, today: LocalDate(year: 2026, month: 12, day: 3)!))
        #expect(ConsentRules.stillListed(withdrawnOn: withdrawn, today: LocalDate(year: 2027, month: 1, day: 1)!))
        #expect(!ConsentRules.stillListed(withdrawnOn: withdrawn, today: LocalDate(year: 2027, month: 1, day: 2)!))
    }
}
