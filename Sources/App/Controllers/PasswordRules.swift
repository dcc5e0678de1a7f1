import Domain
import Fluent
import Vapor

/// What a password must be (a short Russian reason key when it is not).
enum PasswordRules {
    static func problem(_ password: String, login: String) -> String? {
        if password.count < 8 { return "password.error.short" }
        if password.lowercased() == login.lowercased() { return "password.error.login" }
        if Set(password).count < 4 { return "password.error.simple" }
        return nil
    }

    /// A temporary password: 10 characters without look-alikes (0/O, 1/l/I), easy to read off a slip.
    static func temporary() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var g = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] })
    }
}
