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

extension PeriodSpan {
    public func holds(_ date: LocalDate) -> Bool { startsOn <= date && date <= endsOn }
}
