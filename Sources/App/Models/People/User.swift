import Domain
import Fluent
import Foundation

/// A person who signs in: staff, parent, pupil.
final class User: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "login") var login: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "last_name") var lastName: String
    @Field(key: "first_name") var firstName: String
    @Field(key: "middle_name") var middleName: String
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "active") var active: Bool
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    /// The last password change or switching off (set by `CredentialsMiddleware`, never by hand): sessions begun and
    /// tokens issued before it do not act for the user.
    @OptionalField(key: "credentials_changed_at") var credentialsChangedAt: Date?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, login: String, passwordHash: String, name: PersonName,
         email: String? = nil, phone: String? = nil, active: Bool = true, mustChangePassword: Bool = false) {
        self.id = id; self.schoolID = schoolID; self.login = login; self.passwordHash = passwordHash
        self.lastName = name.lastName; self.firstName = name.firstName; self.middleName = name.middleName
        self.email = email; self.phone = phone; self.active = active; self.mustChangePassword = mustChangePassword
    }
    var name: PersonName { PersonName(lastName: lastName, firstName: firstName, middleName: middleName) }
}
