import Domain
import Fluent
import Foundation

/// A note on a learning problem and the action taken (2.1).
final class PupilNote: Model, @unchecked Sendable {
    static let schema = "pupil_notes"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: NoteKind
    @Field(key: "text") var text: String
    @Field(key: "author_id") var authorID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
