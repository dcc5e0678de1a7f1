import Foundation

/// The record an action is about, with what the policy needs to know of it.
public enum Target: Sendable {
    case school(UUID)
    /// A class: its school, grade and id.
    case classGroup(schoolID: UUID, classGroupID: UUID, grade: Int)
    /// A pupil, optionally narrowed to one subject or one programme group (a journal's records).
    case pupil(PupilFacts, subject: UUID? = nil, group: UUID? = nil)
    /// A journal as a whole (its grid, its lessons, its period marks): no particular pupil.
    case journal(JournalFacts)
}
