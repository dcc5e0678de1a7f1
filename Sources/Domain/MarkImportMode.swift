import Foundation

/// What a file brings: marks of lessons (with a date) or final marks of periods.
public enum MarkImportMode: String, Sendable {
    case lessonMarks = "marks"
    case finalMarks = "final"

    public var title: String { self == .lessonMarks ? "текущие отметки" : "итоговые отметки за период" }
}
