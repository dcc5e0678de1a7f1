import Foundation

public enum ClassReach: Equatable, Sendable {
    case all
    case some(classIDs: Set<UUID>, grades: [ClosedRange<Int>])

    public func contains(classID: UUID, grade: Int) -> Bool {
        switch self {
        case .all: return true
        case .some(let ids, let grades): return ids.contains(classID) || grades.contains { $0.contains(grade) }
        }
    }
}
