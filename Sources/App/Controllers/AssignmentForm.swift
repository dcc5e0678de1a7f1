import Domain
import Fluent
import Vapor

/// A role with its scope as an admin submits it. Every id is looked up in the admin's own school:
/// a forged or foreign id is refused, and the scope comes from the server's records only.
struct AssignmentForm: Content {
    var role: String?
    var class_id: String?
    var subject_id: String?
    var group_id: String?
    var pupil_id: String?
    var grade_from: String?
    var grade_to: String?
    var relation: String?
    var valid_from: String?
    var valid_to: String?

    struct Invalid: Error {
        let field: String
        let message: String
    }

    private func id(_ text: String?) -> UUID? { text.flatMap { UUID(uuidString: $0.trimmingCharacters(in: .whitespaces)) } }
    private func date(_ text: String?, field: String, t: (String) -> String) throws -> LocalDate? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        guard let d = LocalDate(text) else { throw Invalid(field: field, message: t("users.error.date")) }
        return d
    }

    func resolve(on db: any Database, schoolID: UUID, t: (String) -> String) async throws -> ResolvedAssignment {
        guard let role = role.flatMap(Role.init(rawValue:)) else { throw Invalid(field: "role", message: t("users.error.role")) }
        let from = try date(valid_from, field: "valid_from", t: t)
        let to = try date(valid_to, field: "valid_to", t: t)
        if let from, let to, to < from { throw Invalid(field: "valid_to", message: t("users.error.dates_order")) }

        func classID() async throws -> UUID {
            guard let id = id(class_id), try await ClassGroup.query(on: db).filter(\.$id == id).filter(\.$schoolID == schoolID).count() == 1
            else { throw Invalid(field: "class_id", message: t("users.error.class")) }
            return id
        }
        func pupilID() async throws -> UUID {
            guard let id = id(pupil_id), try await Pupil.query(on: db).filter(\.$id == id).filter(\.$schoolID == schoolID).count() == 1
            else { throw Invalid(field: "pupil_id", message: t("users.error.pupil")) }
            return id
        }
        let scope: Scope
        switch role {
        case .admin, .head:
            scope = .school
        case .deputyHead:
            let f = grade_from.flatMap { Int($0) }, to = grade_to.flatMap { Int($0) }
            if f == nil && to == nil {
                scope = .school
            } else {
                guard let f, let to, (1...11).contains(f), (1...11).contains(to), f <= to else {
                    throw Invalid(field: "grade_from", message: t("users.error.grades"))
                }
                scope = .grades(f...to)
            }
        case .classTeacher:
            scope = .classGroup(try await classID())
        case .subjectTeacher:
            let c = try await classID()
            guard let s = id(subject_id), try await Subject.query(on: db).filter(\.$id == s).filter(\.$schoolID == schoolID).count() == 1
            else { throw Invalid(field: "subject_id", message: t("users.error.subject")) }
            scope = .classSubject(classGroup: c, subject: s)
        case .additionalTeacher:
            guard let g = id(group_id), try await ProgramGroup.query(on: db).filter(\.$id == g).filter(\.$schoolID == schoolID).count() == 1
            else { throw Invalid(field: "group_id", message: t("users.error.group")) }
            scope = .programGroup(g)
        case .parent, .pupil:
            scope = .pupil(try await pupilID())
        }
        let relation = relation.flatMap(GuardianRelation.init(rawValue:)) ?? .other
        return ResolvedAssignment(role: role, scope: scope, validFrom: from, validTo: to, relation: relation)
    }
}
