import Foundation

public struct WeightedMark: Sendable, Equatable {
    public var value: Int
    public var weight: Double
    public var label: String

    public init(value: Int, weight: Double, label: String = "") {
        self.value = value
        self.weight = weight
        self.label = label
    }
}
