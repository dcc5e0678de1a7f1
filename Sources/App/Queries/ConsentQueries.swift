import Fluent
import Foundation

/// A pupil's consents to the processing of personal data (ФЗ-152 ст. 9), as rows.
enum ConsentQueries {
    /// The pupil's consents, newest first, each with the legal representative who gave it, and the representatives who
    /// may give one.
    static func forPupil(on db: any Database, schoolID: UUID, pupilID: UUID) async throws -> (consents: [Consent], representatives: [GuardianLink]) {
        let consents = try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .with(\.$guardian).sort(\.$givenOn, .descending).all()
        let links = try await GuardianLink.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$legalRepresentative == true).with(\.$user).all()
        return (consents, links)
    }
}
