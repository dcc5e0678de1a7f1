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
    /// After this the token is refused; nil for a token issued before expiry existed (a year from `createdAt`).
    @OptionalField(key: "expires_at") var expiresAt: Date?
    init() {}

    /// When the token stops working.
    var expiry: Date? { expiresAt ?? createdAt.map { $0.addingTimeInterval(365 * 86_400) } }

    /// Whether the token may act for `user` now: not revoked, not expired, issued after the user's last credential
    /// change, the account active and its password not waiting to be changed.
    func acts(for user: User, now: Date = Date()) -> Bool {
        guard revokedAt == nil, user.active, !user.mustChangePassword else { return false }
        if let expiry, expiry <= now { return false }
        if let changed = user.credentialsChangedAt, let created = createdAt, created < changed { return false }
        return true
    }

    /// A new token for a user: the secret (shown once) and the row that stores only its hash.
    static func issue(schoolID: UUID, userID: UUID, name: String, write: Bool, days: Int = 365) -> (token: APIToken, secret: String) {
        let secret = "kpk_" + CSRF.randomToken(bytes: 30)
        let t = APIToken()
        t.schoolID = schoolID; t.$user.id = userID; t.name = name; t.tokenHash = TokenHash.of(secret)
        t.expiresAt = Date().addingTimeInterval(TimeInterval(days) * 86_400)
        t.scopes = ([APIScope.read.rawValue] + (write ? [APIScope.gradebookWrite.rawValue] : [])).joined(separator: ",")
        return (t, secret)
    }

    var scopeSet: Set<String> { Set(scopes.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
}
