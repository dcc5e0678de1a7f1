import Domain
import Fluent
import Foundation

/// Append-only, hash-chained record of every action with personal data (152-ФЗ ст. 19 ч. 2 п. 8).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "seq") var seq: Int
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @Field(key: "actor_role") var actorRole: String
    @Field(key: "action") var action: String
    @Field(key: "object_kind") var objectKind: String
    @OptionalField(key: "object_id") var objectID: UUID?
    @OptionalField(key: "pupil_id") var pupilID: UUID?
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @Field(key: "details") var details: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String
    /// How `hash` was computed: nil for events written before issue 16 (fields joined by U+001F), 2 for the
    /// canonical length-prefixed encoding (`AuditLog.canonical`).
    @OptionalField(key: "hash_version") var hashVersion: Int?
    init() {}
}
