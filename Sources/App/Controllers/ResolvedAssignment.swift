import Domain
import Fluent
import Vapor

struct ResolvedAssignment: Sendable {
    let role: Role
    let scope: Scope
    let validFrom: LocalDate?
    let validTo: LocalDate?
    let relation: GuardianRelation

    var pupilID: UUID? {
        if case .pupil(let id) = scope { return id }
        return nil
    }

    /// Saves the assignment; a parent also gets the guardian link the personal file shows.
    func save(userID: UUID, schoolID: UUID, on db: any Database) async throws {
        try await RoleAssignment(schoolID: schoolID, userID: userID, role: role, scope: scope, validFrom: validFrom, validTo: validTo)
            .create(on: db)
        if role == .parent, let pupilID,
           try await GuardianLink.query(on: db).filter(\.$pupil.$id == pupilID).filter(\.$user.$id == userID).count() == 0 {
            try await GuardianLink(schoolID: schoolID, pupilID: pupilID, userID: userID, relation: relation,
                                   validFrom: validFrom, validTo: validTo).create(on: db)
        }
    }
}
