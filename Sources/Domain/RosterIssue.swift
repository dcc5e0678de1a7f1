import Foundation

public struct RosterIssue: Sendable, Equatable {
    public var line: Int
    public var message: String
    /// A warning keeps the row (a pupil without a parent account); an error drops it.
    public var isError: Bool
}
