import Foundation

/// What is wrong with a mapping or a row, each reason naming the column.
public struct ImportProblems: Error, Sendable, Equatable {
    public let messages: [String]
}
