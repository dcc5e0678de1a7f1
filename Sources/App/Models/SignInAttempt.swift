import Fluent
import Foundation

/// A sign-in attempt, kept to throttle guessing per login and per address (in the database, so every
/// app process sees the same counts). `school_id` is the account's school when the login exists.
final class SignInAttempt: Model, @unchecked Sendable {
    static let schema = "sign_in_attempts"
    @ID(key: .id) var id: UUID?
    @OptionalField(key: "school_id") var schoolID: UUID?
    @Field(key: "login") var login: String
    @Field(key: "address") var address: String
    @Field(key: "at") var at: Date
    @Field(key: "succeeded") var succeeded: Bool
    /// The SHA-256 of the browser's device cookie, when it sent one.
    @OptionalField(key: "device") var device: String?
    init() {}
    init(schoolID: UUID?, login: String, address: String, at: Date, succeeded: Bool, device: String? = nil) {
        self.schoolID = schoolID; self.login = login; self.address = address; self.at = at; self.succeeded = succeeded
        self.device = device
    }
}
