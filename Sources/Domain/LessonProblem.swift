import Foundation

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
