import Crypto
import Foundation
import Vapor

/// A per-session token that every state-changing form carries in `_csrf` (or the `X-CSRF-Token` header).
enum CSRF {
    static let field = "_csrf"
    static let sessionKey = "csrf"

    /// The session's token, created on first use (which also starts the session).
    static func token(for req: Request) -> String {
        if let t = req.session.data[sessionKey] { return t }
        let t = randomToken()
        req.session.data[sessionKey] = t
        return t
    }

    static func randomToken(bytes: Int = 32) -> String {
        var g = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &g) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Constant-time comparison: the time taken says nothing about how much of a guess was right.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
