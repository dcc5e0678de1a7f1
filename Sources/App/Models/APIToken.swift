import Fluent
import Foundation

/// A bearer token of an integration (issue 8): it acts as the user who issued it — the same access policy as the web
/// UI — narrowed by its scopes; only the SHA-256 of the secret is stored; revocable.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// Comma-separated: `read`, `gradebook:write`.
    @Field(key: "scopes") var scopes: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}

    /// A new token for a user: the secret (shown once) and the row that stores only its hash.
    static func issue(schoolID: UUID, userID: UUID, name: String, write: Bool) -> (token: APIToken, secret: String) {
        let secret = "kpk_" + CSRF.randomToken(bytes: 30)
        let t = APIToken()
        t.schoolID = schoolID; t.$user.id = userID; t.name = name; t.tokenHash = TokenHash.of(secret)
        t.scopes = ([APIScope.read.rawValue] + (write ? [APIScope.gradebookWrite.rawValue] : [])).joined(separator: ",")
        return (t, secret)
    }

    var scopeSet: Set<String> { Set(scopes.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
}
