import Documents
import Domain
import Fluent
import Vapor

/// Evidence files and works: served only through the access policy of the record they belong to.
struct FileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.file, use: download)
    }

    /// The pupil a file belongs to and the kind of record that holds it (achievement evidence, a work, a consent scan).
    static func owner(of attachmentID: UUID, schoolID: UUID, on db: any Database) async throws -> (pupilID: UUID, kind: RecordKind)? {
        if let e = try await AchievementEvidence.query(on: db).filter(\.$schoolID == schoolID).filter(\.$attachment.$id == attachmentID)
            .with(\.$achievement).first() {
            return (e.achievement.$pupil.id, .achievements)
        }
        if let w = try await PortfolioArtefact.query(on: db).filter(\.$schoolID == schoolID).filter(\.$attachment.$id == attachmentID).first() {
            return (w.$pupil.id, .portfolio)
        }
        if let c = try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$scan.$id == attachmentID).first() {
            return (c.$pupil.id, .consents)
        }
        return nil
    }

    @Sendable func download(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("attachmentID", as: UUID.self),
              let attachment = try await Attachment.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first(),
              let owner = try await Self.owner(of: id, schoolID: actor.schoolID, on: req.db),
              let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: owner.pupilID, action: .read(owner.kind)),
              actor.decide(.read(.attachments), .pupil(facts)).allowed || owner.kind == .consents
        else { throw Abort(.notFound) }
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "attachment", objectID: id, pupilID: owner.pupilID,
                                  details: attachment.originalName)
        return try await AttachmentResponse.make(attachment, req: req)
    }

}
