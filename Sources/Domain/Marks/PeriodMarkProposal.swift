import Foundation

/// The rule's proposal with everything a parent needs to see how it came about.
public struct PeriodMarkProposal: Sendable, Equatable {
    public var value: String?
    public var mean: Double?
    public var count: Int
    public var explanation: String
}
