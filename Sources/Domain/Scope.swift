import Foundation

/// Where an assignment reaches.
public enum Scope: Hashable, Sendable {
    case school
    case grades(ClosedRange<Int>)
    case classGroup(UUID)
    case classSubject(classGroup: UUID, subject: UUID)
    case programGroup(UUID)
    case pupil(UUID)
}
