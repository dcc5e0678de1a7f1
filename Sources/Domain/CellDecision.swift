import Foundation

public enum CellDecision: Sendable, Equatable {
    /// The cell already holds what was sent (a repeated submit, a focus change after Enter): nothing is written.
    case nothingToDo
    case apply([CellChange])
    case refuse(MarkError)
}
