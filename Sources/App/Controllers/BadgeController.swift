import Credentials
import Documents
import Domain
import Fluent
import Vapor

/// Open Badges 3.0 for the family: the signed credential of an award or a verified achievement as JSON, as the
/// Compact JWS, or as a PNG with the JWS baked in; a CLR 2.0 extract of the year. Issued through the access policy of
/// the record; the leadership revokes.
struct BadgeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsAwardsBadge, use: awardBadge)
        routes.get(.pupilsAchievementsBadge, use: achievementBadge)
        routes.get(.pupilsClr, use: clr)
        routes.post(.obCredentialsRevoke, use: revoke)
    }

    private func pupil(_ req: Request, _ kind: RecordKind) async throws -> (CurrentActor, Pupil, School) {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, _) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(kind)),
              let school = try await School.find(actor.schoolID, on: req.db)
        else { throw Abort(.notFound) }
        return (actor, pupil, school)
    }

    private func service(_ req: Request, _ school: School) throws -> BadgeService {
        BadgeService(db: req.db, base: try SiteAddress.of(req, school: school.id!))
    }

    @Sendable func awardBadge(req: Request) async throws -> Response {
        let (_, pupil, school) = try await pupil(req, .awards)
        guard let id = req.parameters.get("awardID", as: UUID.self),
              let award = try await Award.query(on: req.db).filter(\.$schoolID == school.id!).filter(\.$pupil.$id == pupil.id!)
                .filter(\.$id == id).first() else { throw Abort(.notFound) }
        let record = try await service(req, school).credential(award: award, school: school, language: req.language)
        let kindTitle = try await Vocabulary.load(req.db, schoolID: school.id!, [.awardKind], language: req.language).title(.awardKind, award.kind)
        return try await respond(req, record, pupil: pupil, kind: kindTitle, title: award.title, year: String(award.date.year))
    }

    @Sendable func achievementBadge(req: Request) async throws -> Response {
        let (_, pupil, school) = try await pupil(req, .achievements)
        guard let id = req.parameters.get("achievementID", as: UUID.self),
              let achievement = try await Achievement.query(on: req.db).filter(\.$schoolID == school.id!).filter(\.$pupil.$id == pupil.id!)
                .filter(\.$id == id).first() else { throw Abort(.notFound) }
        do {
            let record = try await service(req, school).credential(achievement: achievement, school: school, language: req.language)
            let result = try await Vocabulary.load(req.db, schoolID: school.id!, [.achievementResult], language: req.language)
                .title(.achievementResult, achievement.result)
            return try await respond(req, record, pupil: pupil, kind: result, title: achievement.title, year: String(achievement.startsOn.year))
        } catch BadgeService.Failure.notEligible(let why) {
            throw Abort(.unprocessableEntity, reason: why)
        }
    }

    /// `format=json` (default): the credential; `jwt`: the signed Compact JWS; `png`: the picture with the JWS baked in.
    private func respond(_ req: Request, _ record: BadgeCredential, pupil: Pupil, kind: String, title: String, year: String) async throws -> Response {
        let format = req.query[String.self, at: "format"] ?? "json"
        let name = "open-badge-\(record.id!.uuidString.prefix(8).lowercased())"
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "badge_credential", objectID: record.id, pupilID: pupil.id, details: format)
        switch format {
        case "jwt":
            return Self.file(record.jws, type: "application/vc+jwt", name: name + ".jwt")
        case "png":
            let school = try await School.find(record.schoolID, on: req.db)?.shortName ?? ""
            let picture = BadgeImage.png(kind: kind, title: title, school: school, year: year)
            guard let baked = BadgeBaker.bake(picture, credential: record.jws) else { throw Abort(.internalServerError) }
            let res = Response(status: .ok, body: .init(data: baked))
            res.headers.contentType = .png
            res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).png\"")
            return res
        case "json":
            guard let claims = BadgeService.claims(record.jws) else { throw Abort(.internalServerError) }
            return Self.file(Self.credential(claims).serialized(pretty: true), type: "application/vc+ld+json", name: name + ".json")
        default:
            throw Abort(.badRequest, reason: "format: json, jwt или png")
        }
    }

    /// The credential without the JWT's registered claims (they repeat `id`, `issuer.id` and `validFrom`).
    static func credential(_ claims: JSONValue) -> JSONValue {
        guard case .object(let pairs) = claims else { return claims }
        return .object(pairs.filter { !["iss", "jti", "nbf", "exp", "sub"].contains($0.0) })
    }

    static func file(_ text: String, type: String, name: String) -> Response {
        let res = Response(status: .ok, body: .init(string: text))
        res.headers.replaceOrAdd(name: .contentType, value: type + "; charset=utf-8")
        res.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return res
    }

    /// CLR 2.0: the year's awards and verified achievements in one signed extract (`year` = an academic year id;
    /// the current year by default).
    @Sendable func clr(req: Request) async throws -> Response {
        let (actor, pupil, school) = try await pupil(req, .achievements)
        let year: AcademicYear?
        if let y = req.query[UUID.self, at: "year"] {
            year = try await AcademicYear.query(on: req.db).filter(\.$schoolID == school.id!).filter(\.$id == y).first()
        } else {
            year = try await SchoolQueries.currentYear(on: req.db, schoolID: school.id!, today: actor.today)
        }
        guard let year else { throw Abort(.notFound) }
        let (record, credential) = try await service(req, school).clr(pupil: pupil, year: year, school: school, language: req.language)
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "badge_credential", objectID: record.id, pupilID: pupil.id, details: "clr")
        let name = "clr-\(year.title.replacingOccurrences(of: "/", with: "-"))"
        if req.query[String.self, at: "format"] == "jwt" { return Self.file(record.jws, type: "application/vc+jwt", name: name + ".jwt") }
        return Self.file(credential.serialized(pretty: true), type: "application/vc+ld+json", name: name + ".json")
    }

    struct RevokeForm: Content { var reason: String? }

    /// The head or deputy head withdraws a credential with a reason; it goes on the school's revocation list.
    @Sendable func revoke(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("credentialID", as: UUID.self),
              let c = try await BadgeCredential.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        if let p = c.$pupil.id {
            guard let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: p, action: .read(.awards))
            else { throw Abort(.notFound) }
            guard actor.may(.revokeBadge, .pupil(facts)) else { throw Abort(.forbidden) }
        } else {
            guard actor.may(.revokeBadge) else { throw Abort(.forbidden) }
        }
        let reason = (try? req.content.decode(RevokeForm.self).reason ?? "")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty, reason.count <= 500 else { throw Abort(.unprocessableEntity, reason: req.t("badge.error.reason")) }
        let audit = try req.audit
        try await req.db.writeTransaction { tx in
            // Read again under the credential's lock: two revocations at once make one.
            try await tx.lock("badge:\(c.id!)")
            guard let fresh = try await BadgeCredential.find(c.id, on: tx), fresh.revokedAt == nil else { return }
            fresh.revokedAt = Date(); fresh.revocationReason = reason
            try await fresh.save(on: tx)
            try await AuditLog.append(audit, on: tx, action: "revoke", objectKind: "badge_credential", objectID: fresh.id,
                                      pupilID: fresh.$pupil.id, details: reason)
        }
        return req.redirect(to: c.$pupil.id.map { RouteTable.pupilsPortfolio.path($0) + "#badges" } ?? RouteTable.home.path())
    }
}
