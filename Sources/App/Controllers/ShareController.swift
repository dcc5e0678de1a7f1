import Documents
import Domain
import Fluent
import Vapor

/// What a shared link shows (public): only the items the family chose, only while the link lives.
struct ShareController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.share, use: show)
        routes.get(.shareFile, use: file)
    }

    private func link(_ req: Request) async throws -> (ShareLink, Pupil) {
        guard let token = req.parameters.get("token"), token.count >= 20, token.count <= 64,
              let link = try await ShareLink.query(on: req.db).filter(\.$tokenHash == TokenHash.of(token)).with(\.$pupil).first(),
              link.revokedAt == nil
        else { throw Abort(.notFound, reason: req.t("share.gone")) }
        let school = try await School.find(link.schoolID, on: req.db)
        let zone = school?.zone ?? SchoolTime.defaultZone
        guard req.application.clock.today(in: zone) <= link.expiresOn else { throw Abort(.notFound, reason: req.t("share.gone")) }
        return (link, link.pupil)
    }

    struct Page: Encodable {
        let lang: String
        let title: String
        let school: String
        let name: String
        let expires: String
        let portfolio: PortfolioQueries.Portfolio
        let canShare = false
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (link, pupil) = try await link(req)
        let token = req.parameters.get("token")!
        let portfolio = try await PortfolioQueries.load(on: req.db, schoolID: link.schoolID, pupilID: pupil.id!, audience: .shared(token: token),
                                                        includeResults: link.includeResults, language: req.language, t: { req.t($0) })
        let school = try await School.find(link.schoolID, on: req.db)
        try await AuditLog.logRead(AuditContext(schoolID: link.schoolID, actorID: nil, role: "share_link", address: req.clientAddress),
                                   on: req.db, .read, objectKind: "portfolio", objectID: link.id, pupilID: pupil.id, details: "по ссылке")
        // Outside the school: first name and the initial of the surname only.
        let name = pupil.firstName + " " + String(pupil.lastName.prefix(1)) + "."
        let res = try await req.view.render("portfolio/shared", Page(
            lang: req.language, title: req.t("portfolio.title") + " · " + name, school: school?.shortName ?? "", name: name,
            expires: link.expiresOn.russian, portfolio: portfolio)).encodeResponse(for: req)
        res.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex, nofollow")
        res.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return res
    }

    @Sendable func file(req: Request) async throws -> Response {
        let (link, pupil) = try await link(req)
        guard let id = req.parameters.get("attachmentID", as: UUID.self),
              let attachment = try await Attachment.query(on: req.db).filter(\.$schoolID == link.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        // The file must belong to a shared item of this pupil.
        let viaAchievement = try await AchievementEvidence.query(on: req.db).filter(\.$attachment.$id == id).with(\.$achievement).all()
            .contains { $0.achievement.$pupil.id == pupil.id! && $0.achievement.shared && $0.achievement.status.counts }
        let viaWork = try await PortfolioArtefact.query(on: req.db).filter(\.$attachment.$id == id).filter(\.$pupil.$id == pupil.id!)
            .filter(\.$shared == true).count() > 0
        guard viaAchievement || viaWork else { throw Abort(.notFound) }
        try await AuditLog.logRead(AuditContext(schoolID: link.schoolID, actorID: nil, role: "share_link", address: req.clientAddress),
                                   on: req.db, .read, objectKind: "attachment", objectID: id, pupilID: pupil.id, details: "по ссылке")
        return try await AttachmentResponse.make(attachment, req: req)
    }
}
