import Foundation

/// One event of a journal cell's history, as the rules need it (2.4: marks are append-only events).
public struct CellEvent: Sendable, Equatable {
    public var isSet: Bool
    public var value: String?
    public var verbal: String?
    /// The school's local day on which the event was recorded.
    public var recordedOn: LocalDate
    public var recordedAt: Date

    public init(isSet: Bool, value: String?, verbal: String?, recordedOn: LocalDate, recordedAt: Date) {
        self.isSet = isSet
        self.value = value
        self.verbal = verbal
        self.recordedOn = recordedOn
        self.recordedAt = recordedAt
    }
}
