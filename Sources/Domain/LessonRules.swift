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

    /// The Russian sentence for the problem (the journal page localizes its own; imports and the API use this one).
    public var message: String {
        switch self {
        case .yearClosed(let title): return MarkError.yearClosed(title: title).message
        case .outsidePeriod(let date): return MarkError.outsidePeriod(date: date).message
        case .periodLocked(let title): return MarkError.periodLocked(title: title).message
        case .duplicate(let date, let topic): return "Урок \(date.russian) с темой «\(topic)» и этим видом работы уже есть в журнале."
        }
    }
}

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

extension PeriodSpan {
    public func holds(_ date: LocalDate) -> Bool { startsOn <= date && date <= endsOn }
}
