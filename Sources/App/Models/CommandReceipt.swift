import Fluent
import Foundation

/// The first result of a state-changing command sent with a one-time token (a form's `_once`, the grid's operation id,
/// the API's `Idempotency-Key`): a repeated or concurrent submit with the same token gets this result and writes
/// nothing more. Only a hash of (user, command, token) is kept; receipts older than two days are swept.
final class CommandReceipt: Model, @unchecked Sendable {
    static let schema = "command_receipts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "key_hash") var keyHash: String
    /// What the first submit answered: a path to redirect to, or a JSON body.
    @Field(key: "result") var result: String
    @Field(key: "created_at") var createdAt: Date
    init() {}

    init(schoolID: UUID, userID: UUID, keyHash: String, result: String, createdAt: Date) {
        self.schoolID = schoolID; self.userID = userID; self.keyHash = keyHash; self.result = result; self.createdAt = createdAt
    }
}
