import _CryptoExtras
import Foundation
import JWTKit

/// The claims of a VC-JWT: the credential itself plus `iss`, `jti`, `nbf` (Open Badges 3.0 §8.2, VC-JWT).
public struct CredentialClaims: JWTPayload, Equatable {
    public var credential: JSONValue

    public init(_ credential: JSONValue) { self.credential = credential }

    public init(from decoder: any Decoder) throws { credential = try JSONValue(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try credential.encode(to: encoder) }

    /// A credential is not valid before `nbf`; with `exp`, not after it.
    public func verify(using algorithm: some JWTAlgorithm) async throws {
        let now = Date().timeIntervalSince1970
        if case .int(let nbf)? = credential["nbf"], Double(nbf) > now + 300 { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "not yet valid") }
        if case .int(let exp)? = credential["exp"], Double(exp) < now { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "expired") }
    }
}

/// The school's signing key: RSA 2048, RS256 (the Open Badges minimum), published as a JWK at `keyURL`.
public struct CredentialSigner: Sendable {
    public let keyURL: String
    private let key: JWTKit.Insecure.RSA.PrivateKey

    public init(privateKeyPEM: String, keyURL: String) throws {
        self.key = try JWTKit.Insecure.RSA.PrivateKey(pem: privateKeyPEM)
        self.keyURL = keyURL
    }

    /// A new private key, PEM-encoded, for a school that has none yet.
    public static func newPrivateKeyPEM() throws -> String {
        try _RSA.Signing.PrivateKey(keySize: .bits2048).pemRepresentation
    }

    /// The public half as a JWK (`kty` RSA, `n`, `e`, `alg` RS256, `use` sig, `kid` = the key's URL); never `d`.
    public func publicJWK() throws -> JSONValue {
        let (n, e) = try key.publicKey.getKeyPrimitives()
        return ["kty": "RSA", "use": "sig", "alg": "RS256", "kid": .string(keyURL),
                "n": .string(Self.base64url(n)), "e": .string(Self.base64url(e))]
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The credential as a Compact JWS: header `alg` RS256, `typ` JWT, `kid`; claims = the credential + iss/jti/nbf.
    public func sign(_ credential: JSONValue) async throws -> String {
        guard let issuer = credential["issuer"]?["id"]?.string, let id = credential["id"]?.string,
              let validFrom = credential["validFrom"]?.string, let nbf = ISO8601DateFormatter().date(from: validFrom)
        else { throw JWTError.generic(identifier: "credential", reason: "a credential needs id, issuer.id and validFrom") }
        let claims = credential.setting("iss", .string(issuer)).setting("jti", .string(id))
            .setting("nbf", .int(Int(nbf.timeIntervalSince1970)))
        let keys = await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: keyURL))
        var header = JWTHeader()
        header.typ = "JWT"
        return try await keys.sign(CredentialClaims(claims), kid: JWKIdentifier(string: keyURL), header: header)
    }

    /// Verifies a Compact JWS against a published JWK (as a verifier that fetched it would) and returns the claims.
    public static func verify(_ jws: String, jwk: JSONValue) async throws -> JSONValue {
        let keys = try await JWTKeyCollection().add(jwksJSON: #"{"keys":[\#(jwk.serialized())]}"#)
        return try await keys.verify(jws, as: CredentialClaims.self).credential
    }
}

/// Baking (Open Badges 3.0 §5.3): the signed credential in a PNG's `iTXt` chunk with the keyword
/// `openbadgecredential`, once per image, before `IEND`.
public enum BadgeBaker {
    public static let keyword = "openbadgecredential"

    public static func bake(_ png: Data, credential: String) -> Data? {
        let bytes = [UInt8](png)
        guard bytes.count > 20, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        var out: [UInt8] = Array(bytes[0..<8])
        var i = 8
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            let end = i + 12 + length
            guard end <= bytes.count else { return nil }
            if type == "iTXt", bytes[i + 8..<i + 8 + min(length, keyword.utf8.count + 1)].elementsEqual(Array(keyword.utf8) + [0]) {
                i = end; continue  // an earlier credential is replaced, never doubled
            }
            if type == "IEND" { out += chunk(credential) }
            out += bytes[i..<end]
            i = end
        }
        return Data(out)
    }

    /// The credential baked into a PNG, if any.
    public static func extract(_ png: Data) -> String? {
        let bytes = [UInt8](png)
        var i = 8
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let type = String(decoding: bytes[i + 4..<i + 8], as: UTF8.self)
            guard i + 12 + length <= bytes.count else { return nil }
            let body = Array(bytes[i + 8..<i + 8 + length])
            if type == "iTXt", body.starts(with: Array(keyword.utf8) + [0]) {
                // keyword \0, compression flag, method, language \0, translated keyword \0, text
                var p = keyword.utf8.count + 3
                guard let lang = body[p...].firstIndex(of: 0) else { return nil }
                p = lang + 1
                guard let translated = body[p...].firstIndex(of: 0) else { return nil }
                return String(decoding: body[(translated + 1)...], as: UTF8.self)
            }
            i += 12 + length
        }
        return nil
    }

    static func chunk(_ text: String) -> [UInt8] {
        let body = Array(keyword.utf8) + [0, 0, 0, 0, 0] + Array(text.utf8)
        let type = Array("iTXt".utf8)
        let n = UInt32(body.count)
        return [UInt8(n >> 24), UInt8((n >> 16) & 255), UInt8((n >> 8) & 255), UInt8(n & 255)] + type + body
            + be(crc32(type + body))
    }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)] }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            c ^= UInt32(b)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
        }
        return ~c
    }
}
