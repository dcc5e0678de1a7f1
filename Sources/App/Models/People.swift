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
    init() {}
    init(id: UUID? = nil, schoolID: UUID, login: String, passwordHash: String, name: PersonName,
         email: String? = nil, phone: String? = nil, active: Bool = true, mustChangePassword: Bool = false) {
        self.id = id; self.schoolID = schoolID; self.login = login; self.passwordHash = passwordHash
        self.lastName = name.lastName; self.firstName = name.firstName; self.middleName = name.middleName
        self.email = email; self.phone = phone; self.active = active; self.mustChangePassword = mustChangePassword
    }
    var name: PersonName { PersonName(lastName: lastName, firstName: firstName, middleName: middleName) }
}

/// A role with a scope, as data: a user may hold several.
final class RoleAssignment: Model, @unchecked Sendable {
    static let schema = "role_assignments"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: Role
    /// school | grades | class | class_subject | group | pupil
    @Field(key: "scope_kind") var scopeKind: String
    @OptionalField(key: "grade_from") var gradeFrom: Int?
    @OptionalField(key: "grade_to") var gradeTo: Int?
    @OptionalField(key: "class_group_id") var classGroupID: UUID?
    @OptionalField(key: "subject_id") var subjectID: UUID?
    @OptionalField(key: "program_group_id") var programGroupID: UUID?
    @OptionalField(key: "pupil_id") var pupilID: UUID?
    @OptionalField(key: "valid_from") var validFrom: LocalDate?
    @OptionalField(key: "valid_to") var validTo: LocalDate?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(schoolID: UUID, userID: UUID, role: Role, scope: Scope, validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.schoolID = schoolID; self.$user.id = userID; self.role = role
        self.validFrom = validFrom; self.validTo = validTo
        switch scope {
        case .school: scopeKind = "school"
        case .grades(let r): scopeKind = "grades"; gradeFrom = r.lowerBound; gradeTo = r.upperBound
        case .classGroup(let id): scopeKind = "class"; classGroupID = id
        case .classSubject(let c, let s): scopeKind = "class_subject"; classGroupID = c; subjectID = s
        case .programGroup(let id): scopeKind = "group"; programGroupID = id
        case .pupil(let id): scopeKind = "pupil"; pupilID = id
        }
    }

    /// The domain value the access policy reads; nil for a malformed row (which then grants nothing).
    var assignment: Assignment? {
        let scope: Scope
        switch scopeKind {
        case "school": scope = .school
        case "grades":
            guard let f = gradeFrom, let t = gradeTo, f <= t else { return nil }
            scope = .grades(f...t)
        case "class":
            guard let c = classGroupID else { return nil }
            scope = .classGroup(c)
        case "class_subject":
            guard let c = classGroupID, let s = subjectID else { return nil }
            scope = .classSubject(classGroup: c, subject: s)
        case "group":
            guard let g = programGroupID else { return nil }
            scope = .programGroup(g)
        case "pupil":
            guard let p = pupilID else { return nil }
            scope = .pupil(p)
        default: return nil
        }
        return Assignment(role: role, schoolID: schoolID, scope: scope, validFrom: validFrom, validTo: validTo)
    }
}

/// A pupil's personal file (личное дело). No health details: a flag for special conditions is enough.
final class Pupil: Model, @unchecked Sendable {
    static let schema = "pupils"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "last_name") var lastName: String
    @Field(key: "first_name") var firstName: String
    @Field(key: "middle_name") var middleName: String
    @Field(key: "sex") var sex: Sex
    @Field(key: "birth_date") var birthDate: LocalDate
    @Field(key: "home_schooled") var homeSchooled: Bool
    @Field(key: "special_conditions") var specialConditions: Bool
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "status") var status: PupilStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, name: PersonName, sex: Sex, birthDate: LocalDate,
         homeSchooled: Bool = false, specialConditions: Bool = false, externalID: String? = nil, status: PupilStatus = .active) {
        self.id = id; self.schoolID = schoolID; self.lastName = name.lastName; self.firstName = name.firstName
        self.middleName = name.middleName; self.sex = sex; self.birthDate = birthDate; self.homeSchooled = homeSchooled
        self.specialConditions = specialConditions; self.externalID = externalID; self.status = status
    }
    var name: PersonName { PersonName(lastName: lastName, firstName: firstName, middleName: middleName) }
}

/// A pupil's parent or other guardian, linked to their user account.
final class GuardianLink: Model, @unchecked Sendable {
    static let schema = "guardian_links"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Parent(key: "user_id") var user: User
    @Field(key: "relation") var relation: GuardianRelation
    @Field(key: "legal_representative") var legalRepresentative: Bool
    @OptionalField(key: "valid_from") var validFrom: LocalDate?
    @OptionalField(key: "valid_to") var validTo: LocalDate?
    init() {}
    init(schoolID: UUID, pupilID: UUID, userID: UUID, relation: GuardianRelation, legalRepresentative: Bool = true,
         validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.schoolID = schoolID; self.$pupil.id = pupilID; self.$user.id = userID; self.relation = relation
        self.legalRepresentative = legalRepresentative; self.validFrom = validFrom; self.validTo = validTo
    }
}
