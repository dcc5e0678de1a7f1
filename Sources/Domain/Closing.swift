import Foundation

/// When a period and the year may close (issue 17): the school's calendar decides, not a click.
public enum Closing {
    /// The first day the year may close: the day after its last period ends (the year's own end when it has no periods).
    public static func yearClosesFrom(periodEnds: [LocalDate], yearEnd: LocalDate) -> LocalDate {
        (periodEnds.max() ?? yearEnd).adding(days: 1)
    }

    /// Why the year cannot close today, or nil when it can.
    public static func yearRefusal(today: LocalDate, periodEnds: [LocalDate], yearEnd: LocalDate, title: String) -> String? {
        let from = yearClosesFrom(periodEnds: periodEnds, yearEnd: yearEnd)
        guard today < from else { return nil }
        return "\(title) учебный год можно закрыть после окончания последнего периода: с \(from.russian)"
    }

    /// A period closes after its last day; before it, only with a stated reason (a pupil leaving early, a quarantine).
    /// Why it cannot close today, or nil when it can.
    public static func periodRefusal(today: LocalDate, periodEnd: LocalDate, title: String, reason: String?) -> String? {
        guard today <= periodEnd else { return nil }
        if let r = reason, !r.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
        return "«\(title)» заканчивается \(periodEnd.russian): закрыть раньше можно, только указав причину"
    }

    /// Reopening a closed period needs a reason: it is what the audit trail keeps.
    public static func reopenRefusal(reason: String?) -> String? {
        if let r = reason, !r.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
        return "укажите причину, по которой период открывается снова"
    }
}
