import Domain
import Fluent
import Vapor

/// Consents of the legal representatives (152-ФЗ ст. 9; regulation 5.1, 6.2): a parent gives or withdraws their own;
/// the class teacher or the deputy head records a paper one. Withdrawing the consent for achievements from other
/// organisations removes those records and their files at once, and the family is shown what went.
struct ConsentController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.upload(.pupilsConsents, maxBytes: maxUpload, use: give)
        routes.get(.pupilsConsentsWithdraw, use: confirmWithdrawal)
        routes.post(.pupilsConsentsWithdraw, use: withdraw)
    }

    struct GiveForm: Content { var purpose: String?; var guardian: String? }

    @Sendable func give(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.consents))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.consents), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let sent = try await req.uploadForm
        let form = try sent.decode(GiveForm.self)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        guard vocab.has(.consentPurpose, form.purpose) else {
            throw Abort(.unprocessableEntity, reason: req.t("consent.field.purpose") + ": " + req.t("achievement.error.choose"))
        }
        let family = actor.isFamily(of: facts)
        // A parent gives their own consent; staff record the paper consent of a named legal representative.
        let guardianID = family ? actor.userID : form.guardian.flatMap(UUID.init(uuidString:))
        guard let guardianID,
              try await AchievementService.isLegalRepresentative(on: req.db, schoolID: actor.schoolID, pupilID: id, userID: guardianID, on: actor.today)
        else { throw Abort(.unprocessableEntity, reason: req.t("consent.error.guardian")) }
        // The signed paper form, scanned (optional): the same checks as any evidence file.
        var upload: CheckedUpload?
        if let file = sent.file("scan") {
            switch CheckedUpload.check(file, limits: req.uploadLimits) {
            case .success(let u): upload = u
            case .failure(let p): throw Abort(.unprocessableEntity, reason: req.t("consent.field.scan") + ": " + p.message(req))
            }
        }
        let live = try await Consent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id)
            .filter(\.$guardian.$id == guardianID).filter(\.$purpose == form.purpose!).filter(\.$withdrawnOn == nil).count()
        if live == 0 {
            let purpose = form.purpose!
            try await CheckedUpload.transaction(req, upload, schoolID: actor.schoolID, userID: actor.userID, pupilID: id, once: "consent.give") { tx, stored in
                let c = Consent()
                c.schoolID = actor.schoolID; c.$pupil.id = id; c.$guardian.id = guardianID; c.purpose = purpose
                c.givenOn = actor.today; c.recordedBy = actor.userID; c.$scan.id = stored?.id
                try await c.create(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "give", objectKind: "consent", objectID: c.id, pupilID: id, details: c.purpose)
            }
        }
        return req.redirect(to: RouteTable.pupil.path(id) + "#consents")
    }

    struct WithdrawnPage: Encodable {
        let page: PageMeta
        let purpose: String
        let removed: [AchievementService.Removal]
        let cardHref: String
        let external: Bool
        let publishing: Bool
        let deadline: String
    }

    /// The consent the actor may withdraw: their own as a parent, any as staff who write consents.
    private func withdrawable(_ req: Request) async throws -> (CurrentActor, Consent, Bool) {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (_, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.consents)),
              let consentID = req.parameters.get("consentID", as: UUID.self),
              let consent = try await Consent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id)
                .filter(\.$id == consentID).first()
        else { throw Abort(.notFound) }
        let family = actor.isFamily(of: facts)
        guard actor.decide(.write(.consents), .pupil(facts)).allowed, !family || consent.$guardian.id == actor.userID else {
            throw Abort(.forbidden)
        }
        return (actor, consent, family)
    }

    struct ConfirmPage: Encodable {
        let page: PageMeta
        let purpose: String
        let action: String
        let cardHref: String
        let withdrawn: Bool
        let external: Bool
        let publishing: Bool
        let removals: [AchievementService.Removal]
        let files: Int
        let keptByAnother: Bool
        let deadline: String
    }

    /// A second look before what cannot be undone (issue 17): what the withdrawal deletes at once (records from other
    /// organisations and their files) or starts (removal of published information within 30 days), then the button.
    @Sendable func confirmWithdrawal(req: Request) async throws -> View {
        let (actor, consent, family) = try await withdrawable(req)
        let preview = try await AchievementService.withdrawalPreview(consent, on: req.db)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        return try await req.view.render("consents/confirm", ConfirmPage(
            page: try req.page(req.t("consent.confirm.title"), section: family ? "home" : "classes"),
            purpose: vocab.title(.consentPurpose, consent.purpose),
            action: RouteTable.pupilsConsentsWithdraw.path(consent.$pupil.id, consent.id!), cardHref: RouteTable.pupil.path(consent.$pupil.id) + "#consents",
            withdrawn: consent.withdrawnOn != nil, external: consent.purpose == AchievementService.externalPurpose,
            publishing: consent.purpose.hasPrefix("publish_"), removals: preview.removals, files: preview.removals.reduce(0) { $0 + $1.files },
            keptByAnother: preview.keptByAnother, deadline: ConsentRules.destructionDeadline(withdrawnOn: actor.today).russian))
    }

    struct WithdrawForm: Content { var confirm: String? }

    /// Withdraws after the confirmation page's button (`confirm=yes`); a post without it (an old page, a script) only
    /// leads to that page.
    @Sendable func withdraw(req: Request) async throws -> Response {
        let (actor, consent, family) = try await withdrawable(req)
        guard try req.content.decode(WithdrawForm.self).confirm == "yes" else {
            return req.redirect(to: RouteTable.pupilsConsentsWithdraw.path(consent.$pupil.id, consent.id!))
        }
        var removed: [AchievementService.Removal] = []
        if consent.withdrawnOn == nil {
            removed = try await AchievementService.withdraw(consent, req: req, today: actor.today)
        }
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        return try await req.view.render("consents/withdrawn", WithdrawnPage(
            page: try req.page(req.t("consent.withdrawn.title"), section: family ? "home" : "classes"),
            purpose: vocab.title(.consentPurpose, consent.purpose), removed: removed, cardHref: RouteTable.pupil.path(consent.$pupil.id),
            external: consent.purpose == AchievementService.externalPurpose,
            publishing: consent.purpose.hasPrefix("publish_"), deadline: ConsentRules.destructionDeadline(withdrawnOn: consent.withdrawnOn ?? actor.today).russian))
            .encodeResponse(for: req)
    }
}
