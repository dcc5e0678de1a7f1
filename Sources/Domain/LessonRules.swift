import Foundation

/// A period of a journal as the lesson rules see it.
public struct PeriodSpan: Sendable, Equatable {
    public var title: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate
    /// The period is locked for the journal's class: its marks are final.
    public var locked: Bool

    public init(title: String, startsOn: LocalDate, endsOn: LocalDate, locked: Bool) {
        self.title = title
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.locked = locked
    }
}

/// Why a lesson cannot be added.
public enum LessonProblem: Error, Sendable, Equatable {
    case yearClosed(title: String)
    case outsidePeriod(date: LocalDate)
    case periodLocked(title: String)
    /// The same day already has a lesson with this topic and kind of work (a repeated submit, two teachers at once).
    case duplicate(date: LocalDate, topic: String)
}

/// The rules for adding a lesson to a journal (4.4–4.6), for the journal page, the API and the marks import alike.
public enum LessonRules {
    /// The problem with adding a lesson on `date` with `topic`, or nil when it may be added.
    /// `sameDay` lists the topics and kinds of work of the day's existing lessons.
    public static func check(date: LocalDate, topic: String, workType: UUID?, closedYear: String?, periods: [PeriodSpan],
                             sameDay: [(topic: String, workType: UUID?)]) -> LessonProblem? {
        if let closedYear { return .yearClosed(title: closedYear) }
        // The shortest period holding the date decides (a quarter, not the year around it).
        let holding = periods.filter { $0.startsOn <= date && date <= $0.endsOn }
        guard !holding.isEmpty else { return .outsidePeriod(date: date) }
        if let locked = holding.first(where: \.locked) { return .periodLocked(title: locked.title) }
        let key = topic.lowercased()
        if sameDay.contains(where: { $0.topic.lowercased() == key && $0.workType == workType }) {
            return .duplicate(date: date, topic: topic)
        }
        return nil
    }
}
