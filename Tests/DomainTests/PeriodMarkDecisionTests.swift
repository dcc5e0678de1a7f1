import Domain
import Foundation
import Testing

@Suite struct PeriodMarkDecisionTests {
    func next(_ stored: StoredPeriodMark?, _ final: String, reason: String? = nil, post: Bool = false, locked: Bool = false) -> PeriodMarkStatus? {
        PeriodMarkDecision.next(stored: stored, final: final, reason: reason, post: post, locked: locked)
    }

    @Test func aNewMarkIsADraftUntilPostedAndLockedInALockedPeriod() {
        #expect(next(nil, "5") == .proposed)
        #expect(next(nil, "5", post: true) == .posted)
        #expect(next(nil, "5", post: true, locked: true) == .locked)
    }

    @Test func aPostedMarkSavedAgainAsADraftStaysPosted() {
        let posted = StoredPeriodMark(finalValue: "4", reason: nil, status: .posted)
        #expect(next(posted, "5") == .posted)
        let locked = StoredPeriodMark(finalValue: "4", reason: nil, status: .locked)
        #expect(next(locked, "5") == .locked)
    }

    @Test func aSaveThatChangesNothingWritesNothing() {
        let draft = StoredPeriodMark(finalValue: "4", reason: "болел", status: .proposed)
        #expect(next(draft, "4", reason: "болел") == nil)
        #expect(next(draft, "4", reason: "болел", post: true) == .posted)
        #expect(next(draft, "4", reason: "по итогам зачёта") == .proposed)
        #expect(next(draft, "5", reason: "болел") == .proposed)
    }
}
