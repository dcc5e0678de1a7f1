import Foundation

/// A period mark as stored: the teacher's final value, its reason and where it stands (draft → posted → locked).
public struct StoredPeriodMark: Sendable, Equatable {
    public var finalValue: String?
    public var reason: String?
    public var status: PeriodMarkStatus

    public init(finalValue: String?, reason: String?, status: PeriodMarkStatus) {
        self.finalValue = finalValue
        self.reason = reason
        self.status = status
    }
}
