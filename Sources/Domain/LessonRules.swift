import Foundation

/// The rules for adding a lesson to a journal (4.4–4.6), for the journal page, the API and the marks import alike.
public enum LessonRules {
    /// The problem with adding a lesson on `date` with `topic`, or nil when it may be added.
    /// `sameDay` lists the topics and kinds of work of the day's existing lessons.
    public static func check(date: LocalDate, topic: String, workType: UUID?, closedYear: String?, periods: [PeriodSpan],
                             sameDay: [(topic: String, workType: UUID?)]) -> LessonProblem? {
        if let closedYear { return .yearClosed(title: closedYear) }
        guard periods.contains(where: { $0.holds(date) }) else { return .outsidePeriod(date: date) }
        if let locked = lockedPeriod(on: date, among: periods) { return .periodLocked(title: locked.title) }
        let key = topic.lowercased()
        if sameDay.contains(where: { $0.topic.lowercased() == key && $0.workType == workType }) {
            return .duplicate(date: date, topic: topic)
        }
        return nil
    }

    /// The locked period holding `date`, if any: every period holding it counts (the quarter, and the year around it
    /// that may start on the same day), so a locked quarter is never hidden by an open year period. The grid, the
    /// lesson form and the marks import ask this one question.
    public static func lockedPeriod(on date: LocalDate, among periods: [PeriodSpan]) -> PeriodSpan? {
        periods.first { $0.locked && $0.holds(date) }
    }
}
