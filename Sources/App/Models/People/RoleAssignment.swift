import Domain
import Fluent
import Foundation

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
