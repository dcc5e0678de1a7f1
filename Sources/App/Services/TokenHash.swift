import Foundation

/// Secret tokens (API tokens, shared portfolio links) are kept as their SHA-256 only; a presented token is found by it.
enum TokenHash {
    /// Secrets are kept as their SHA-256 only (share links, API tokens).
    static func of(_ token: String) -> String { BlobStore.sha256(Data(token.utf8)) }
}
