import _CryptoExtras
import Foundation

/// A detached RSA-PSS (SHA-256) signature over bytes with the school's key: what anchors the audit chain's
/// checkpoints outside the database. Verified with the public half of the same PEM.
public enum DetachedSignature {
    public static func sign(_ bytes: Data, privateKeyPEM: String) throws -> String {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        let signature = try key.signature(for: bytes, padding: .PSS)
        return signature.rawRepresentation.base64EncodedString()
    }

    /// True when `signature` (base64) was made over `bytes` by the private key `privateKeyPEM` (checked with its public half).
    public static func isValid(_ signature: String, over bytes: Data, privateKeyPEM: String) -> Bool {
        guard let raw = Data(base64Encoded: signature),
              let key = try? _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM) else { return false }
        return key.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: raw), for: bytes, padding: .PSS)
    }
}
