import Fluent
import Foundation

/// The school's key for signing credentials (Open Badges 3.0, VC-JWT RS256). The private key stays in the database
/// (and so in backups); the public half is published as a JWK under the school's issuer profile.
final class SigningKey: Model, @unchecked Sendable {
    static let schema = "signing_keys"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "algorithm") var algorithm: String
    @Field(key: "private_pem") var privatePEM: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
