import Foundation

/// Deadlines that follow a legal representative's withdrawal of a consent (152-ФЗ ст. 21 ч. 5).
public enum ConsentRules {
    /// What was processed on a withdrawn consent (e.g. published on the school's site) is destroyed within 30 days.
    public static let destructionDays = 30
    /// How long a withdrawal stays on the retention page after its deadline passed (so a missed one is seen).
    public static let shownAfterDeadlineDays = 30

    /// The last day to destroy what rested on a consent withdrawn on `withdrawnOn`.
    public static func destructionDeadline(withdrawnOn: LocalDate) -> LocalDate { withdrawnOn.adding(days: destructionDays) }

    /// Whether the retention page still lists a withdrawal made on `withdrawnOn`.
    public static func stillListed(withdrawnOn: LocalDate, today: LocalDate) -> Bool {
        destructionDeadline(withdrawnOn: withdrawnOn).adding(days: shownAfterDeadlineDays) >= today
    }

    /// Overdue: the deadline has passed.
    public static func overdue(withdrawnOn: LocalDate, today: LocalDate) -> Bool { destructionDeadline(withdrawnOn: withdrawnOn) < today }
}
