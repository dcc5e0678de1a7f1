import Foundation

/// The period-mark transitions (5: the proposal and the teacher's decision kept apart), for the page and the import.
public enum PeriodMarkDecision {
    /// The status a final mark takes when saved: a draft (`proposed`), `posted` to families, or `locked` in a locked
    /// period; nil when the save changes nothing (a repeated submit writes nothing and logs nothing).
    public static func next(stored: StoredPeriodMark?, final: String, reason: String?, post: Bool, locked: Bool) -> PeriodMarkStatus? {
        let wanted: PeriodMarkStatus
        if locked {
            wanted = .locked
        } else if post {
            wanted = .posted
        } else {
            // A posted mark saved again as a draft stays posted: families keep seeing it.
            wanted = stored?.status == .posted || stored?.status == .locked ? stored!.status : .proposed
        }
        if let stored, stored.finalValue == final, stored.reason == reason, stored.status == wanted { return nil }
        return wanted
    }
}
