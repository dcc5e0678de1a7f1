import Foundation

/// A mark scale as the rules see it (the `mark_scales` row of a school).
public struct ScaleRule: Sendable, Equatable {
    public var kind: MarkScaleKind
    /// Allowed values, best first: ["5","4","3","2"], ["зачёт","незачёт"], [] for verbal.
    public var allowed: [String]
    public var inAverage: Bool

    public init(kind: MarkScaleKind, allowed: [String], inAverage: Bool) {
        self.kind = kind
        self.allowed = allowed
        self.inAverage = inAverage
    }
}
