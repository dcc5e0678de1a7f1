import Credentials
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

    /// The school's key, made on first use (one per school; a concurrent first use finds the other's key).
    static func of(_ schoolID: UUID, on db: any Database) async throws -> SigningKey {
        if let k = try await SigningKey.query(on: db).filter(\.$schoolID == schoolID).first() { return k }
        let k = SigningKey()
        k.schoolID = schoolID; k.algorithm = "RS256"; k.privatePEM = try CredentialSigner.newPrivateKeyPEM()
        do { try await k.create(on: db) } catch {
            if let other = try await SigningKey.query(on: db).filter(\.$schoolID == schoolID).first() { return other }
            throw error
        }
        return k
    }
}
