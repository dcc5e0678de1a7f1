import Domain
import Fluent
import Vapor

/// Achievements (3.2.2) and their evidence (4.7): teachers record, a parent brings results from other organisations
/// with consent (5.1), the deputy head verifies or rejects with a reason (5.2).
struct AchievementController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsAchievementsNew, use: newForm)
        routes.upload(.pupilsAchievements, maxBytes: maxUpload, use: create)
        routes.get(.achievement, use: show)
        routes.post(.achievementsVerify, use: verify)
        routes.post(.achievementsReject, use: reject)
        routes.upload(.achievementsEvidence, maxBytes: maxUpload, use: addEvidence)
        routes.post(.achievementsDelete, use: delete)
    }

    struct Form: Content {
        var section: String?
        var kind: String?
        var title: String?
        var organiser: String?
        var level: String?
        var result: String?
        var place: String?
        var subject: String?
        var starts_on: String?
        var ends_on: String?
        var in_1239: String?
        var origin: String?
        var consent: String?
    }

    struct FormPage: Encodable {
        let page: PageMeta
        let pupilName: String
        let action: String
        let cancelHref: String
        let sections, kinds, levels, results, subjects: [SelectOption]
        let form: Values
        let errors: [FieldError]
        let parent: Bool
        let consentGiven: String?
        let maxUploadMB: Int
        let lead: String
    }

    struct Values: Encodable {
        var title = "", organiser = "", place = "", startsOn = "", endsOn = "", external = false, inDecree1239List = false, consent = false
    }

    struct FieldError: Encodable { let field: String; let message: String }

    private func render(_ req: Request, actor: CurrentActor, pupil: Pupil, facts: PupilFacts, form: Form?, errors: [FieldError],
                        status: HTTPStatus = .ok) async throws -> Response {
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID,
                                              [.achievementSection, .achievementKind, .achievementLevel, .achievementResult],
                                              language: req.language)
        let subjects = try await Subject.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all()
        let consent = try await AchievementService.externalConsent(on: req.db, schoolID: actor.schoolID, pupilID: pupil.id!)
        let family = actor.isFamily(of: facts)
        var values = Values()
        if let f = form {
            values = Values(title: f.title ?? "", organiser: f.organiser ?? "", place: f.place ?? "", startsOn: f.starts_on ?? "",
                            endsOn: f.ends_on ?? "", external: f.origin == "external", inDecree1239List: f.in_1239 != nil,
                            consent: f.consent != nil)
        }
        let page = FormPage(
            page: try req.page(req.t("achievement.new.title"), section: family ? "home" : "classes"),
            pupilName: pupil.name.full, action: RouteTable.pupilsAchievements.path(pupil.id!), cancelHref: RouteTable.pupilsPortfolio.path(pupil.id!),
            sections: vocab.options(.achievementSection, selected: form?.section),
            kinds: vocab.options(.achievementKind, selected: form?.kind),
            levels: vocab.options(.achievementLevel, selected: form?.level),
            results: vocab.options(.achievementResult, selected: form?.result ?? "participant"),
            subjects: [SelectOption(value: "", title: "—", selected: (form?.subject ?? "").isEmpty)]
                + subjects.map { SelectOption(value: $0.id!.uuidString, title: $0.name, selected: form?.subject == $0.id!.uuidString) },
            form: values, errors: errors, parent: family, consentGiven: consent.map { $0.givenOn.russian },
            maxUploadMB: maxUpload >> 20, lead: req.t(family ? "achievement.new.lead_parent" : "achievement.new.lead_staff"))
        return try await req.view.render("achievements/new", page).encodeResponse(status: status, for: req)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.achievements))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.achievements), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        return try await render(req, actor: actor, pupil: pupil, facts: facts, form: nil, errors: [])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.achievements))
        else { throw Abort(.notFound) }
        guard actor.decide(.write(.achievements), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let sent = try await req.uploadForm
        let form = try sent.decode(Form.self)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID,
                                              [.achievementSection, .achievementKind, .achievementLevel, .achievementResult],
                                              language: req.language)
        var errors: [FieldError] = []
        func fail(_ field: String, _ key: String, _ args: String...) {
            errors.append(FieldError(field: field, message: req.t("achievement.field.\(field)") + ": " + req.application.localization.text(key, req.language, args)))
        }
        if !vocab.has(.achievementSection, form.section) { fail("section", "achievement.error.choose") }
        if !vocab.has(.achievementKind, form.kind) { fail("kind", "achievement.error.choose") }
        if !vocab.has(.achievementLevel, form.level) { fail("level", "achievement.error.choose") }
        if !vocab.has(.achievementResult, form.result) { fail("result", "achievement.error.choose") }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 300 { fail("title", "achievement.error.title") }
        let place = (form.place ?? "").trimmingCharacters(in: .whitespaces)
        if let r = form.result, AchievementRules.placedResults.contains(r), place.isEmpty { fail("place", "achievement.error.place") }
        if place.count > 100 { fail("place", "achievement.error.too_long") }
        let organiser = (form.organiser ?? "").trimmingCharacters(in: .whitespaces)
        if organiser.count > 300 { fail("organiser", "achievement.error.too_long") }
        var subjectID: UUID?
        if let s = form.subject, !s.isEmpty {
            subjectID = UUID(uuidString: s)
            let known = try await subjectID.asyncMap { try await Subject.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == $0).count() } ?? 0
            if known == 0 { fail("subject", "achievement.error.choose") }
        }
        let start = form.starts_on.flatMap(LocalDate.init)
        let endText = (form.ends_on ?? "").trimmingCharacters(in: .whitespaces)
        let end = endText.isEmpty ? nil : LocalDate(endText)
        if start == nil { fail("starts_on", "achievement.error.date") }
        if !endText.isEmpty && end == nil { fail("ends_on", "achievement.error.date") }
        if let start {
            switch AchievementRules.checkDates(start: start, end: end, today: actor.today, birthDate: pupil.birthDate) {
            case .inFuture: fail("starts_on", "achievement.error.future")
            case .beforeBirth: fail("starts_on", "achievement.error.before_birth", pupil.birthDate.russian)
            case .endBeforeStart: fail("ends_on", "achievement.error.end_before_start")
            case nil: break
            }
        }
        let family = actor.isFamily(of: facts)
        // 5.1: a parent brings only results from other organisations; the school's own are recorded by its staff.
        let origin: AchievementOrigin = family || form.origin == "external" ? .external : .internal
        var consent: Consent?
        var newConsent = false
        if origin == .external {
            consent = try await AchievementService.externalConsent(on: req.db, schoolID: actor.schoolID, pupilID: id)
            if consent == nil {
                if family, form.consent != nil,
                   try await AchievementService.isLegalRepresentative(on: req.db, schoolID: actor.schoolID, pupilID: id,
                                                                       userID: actor.userID, on: actor.today) {
                    newConsent = true
                } else {
                    fail("consent", family ? "achievement.error.consent_parent" : "achievement.error.consent_staff")
                }
            }
        }
        var upload: CheckedUpload?
        if let file = sent.file("evidence") {
            switch CheckedUpload.check(file, limits: req.uploadLimits) {
            case .success(let u): upload = u
            case .failure(let p): errors.append(FieldError(field: "evidence", message: req.t("achievement.field.evidence") + ": " + p.message(req)))
            }
        } else if family {
            fail("evidence", "achievement.error.scan_required")
        }
        guard errors.isEmpty, let start else {
            return try await render(req, actor: actor, pupil: pupil, facts: facts, form: form, errors: errors, status: .unprocessableEntity)
        }
        let isClassTeacher = actor.may(.vouchAchievements, .pupil(facts))
        let verifier = actor.decide(.verifyAchievements, .pupil(facts)).allowed
        let status = AchievementRules.initialStatus(verifier: verifier, classTeacher: isClassTeacher)
        let achievement = Achievement()
        let (giveConsent, existingConsentID, subject) = (newConsent, consent?.id, subjectID)
        achievement.id = UUID()
        let location = try await CheckedUpload.transaction(req, upload, schoolID: actor.schoolID, userID: actor.userID, pupilID: pupil.id!,
                                                           once: "achievement.create", result: RouteTable.achievement.path(achievement.id!)) { tx, stored in
            var consentID = existingConsentID
            if giveConsent {
                let c = Consent()
                c.schoolID = actor.schoolID; c.$pupil.id = id; c.$guardian.id = actor.userID
                c.purpose = AchievementService.externalPurpose; c.givenOn = actor.today; c.recordedBy = actor.userID
                try await c.create(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "give", objectKind: "consent", objectID: c.id, pupilID: id, details: c.purpose)
                consentID = c.id
            }
            achievement.schoolID = actor.schoolID; achievement.$pupil.id = id
            achievement.section = form.section!; achievement.kind = form.kind!; achievement.title = title
            achievement.organiser = organiser.isEmpty ? nil : organiser
            achievement.level = form.level!; achievement.result = form.result!; achievement.place = place.isEmpty ? nil : place
            achievement.$subject.id = subject; achievement.startsOn = start; achievement.endsOn = end
            achievement.inDecree1239List = form.in_1239 != nil; achievement.origin = origin; achievement.status = status
            achievement.createdBy = actor.userID; achievement.consentID = consentID; achievement.shared = false
            if status == .verified { achievement.verifiedBy = actor.userID; achievement.verifiedAt = Date() }
            try await achievement.create(on: tx)
            if let stored {
                let e = AchievementEvidence()
                e.schoolID = actor.schoolID; e.$achievement.id = achievement.id!; e.$attachment.id = stored.id!
                try await e.create(on: tx)
            }
            try await AuditLog.append(try req.audit, on: tx, action: "create", objectKind: "achievement", objectID: achievement.id, pupilID: id,
                                      details: "\(status.rawValue): «\(title)»")
        }
        return req.redirect(to: location)
    }

    /// The achievement, if the actor may read the pupil's achievements; with the pupil's facts for further checks.
    private func load(_ req: Request, _ actor: CurrentActor) async throws -> (Achievement, Pupil, PupilFacts) {
        guard let id = req.parameters.get("achievementID", as: UUID.self),
              let a = try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first(),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: a.$pupil.id, action: .read(.achievements))
        else { throw Abort(.notFound) }
        return (a, pupil, facts)
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let pupilName: String
        let portfolioHref: String
        let item: PortfolioQueries.AchievementRow
        let section: String
        let canVerify: Bool
        let canAddEvidence: Bool
        let canDelete: Bool
        let action: String
        let maxUploadMB: Int
        let error: String?
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await showPage(req, error: nil, status: .ok)
    }

    private func showPage(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        let (a, pupil, facts) = try await load(req, actor)
        let portfolio = try await PortfolioQueries.load(on: req.db, schoolID: actor.schoolID, pupilID: pupil.id!, audience: .school,
                                                        includeResults: false, language: req.language, t: { req.t($0) })
        guard let section = portfolio.achievements.first(where: { $0.rows.contains { $0.id == a.id!.uuidString.lowercased() } }),
              let row = section.rows.first(where: { $0.id == a.id!.uuidString.lowercased() }) else { throw Abort(.notFound) }
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "achievement", objectID: a.id, pupilID: pupil.id)
        let family = actor.isFamily(of: facts)
        let canWrite = actor.decide(.write(.achievements), .pupil(facts)).allowed
        let canVerify = actor.decide(.verifyAchievements, .pupil(facts)).allowed
        return try await req.view.render("achievements/show", ShowPage(
            page: try req.page(a.title, section: family ? "home" : "classes"), pupilName: pupil.name.full,
            portfolioHref: RouteTable.pupilsPortfolio.path(pupil.id!), item: row, section: section.title, canVerify: canVerify,
            canAddEvidence: canWrite && actor.decide(.write(.attachments), .pupil(facts)).allowed && (!family || a.origin == .external),
            canDelete: canDelete(actor, a, facts), action: RouteTable.achievement.path(a.id!), maxUploadMB: maxUpload >> 20, error: error))
            .encodeResponse(status: status, for: req)
    }

    /// The author may withdraw their own record until it is verified; the deputy head may remove any.
    private func canDelete(_ actor: CurrentActor, _ a: Achievement, _ facts: PupilFacts) -> Bool {
        if actor.decide(.verifyAchievements, .pupil(facts)).allowed { return true }
        return a.createdBy == actor.userID && a.status != .verified && actor.decide(.write(.achievements), .pupil(facts)).allowed
    }

    struct Decision: Content { var reason: String? }

    @Sendable func verify(req: Request) async throws -> Response {
        let actor = try req.actor
        let (a, pupil, facts) = try await load(req, actor)
        guard actor.decide(.verifyAchievements, .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let audit = try req.audit
        try await req.db.writeTransaction { tx in
            // Decided on the committed row, under its lock: a second click (or a second deputy at once) finds it verified.
            try await tx.lock("achievement:\(a.id!)")
            guard let fresh = try await Achievement.find(a.id, on: tx), fresh.status != .verified else { return }
            fresh.status = .verified; fresh.verifiedBy = actor.userID; fresh.verifiedAt = Date(); fresh.rejectionReason = nil
            try await fresh.save(on: tx)
            try await AuditLog.append(audit, on: tx, action: "verify", objectKind: "achievement", objectID: fresh.id, pupilID: pupil.id)
        }
        return req.redirect(to: req.query[String.self, at: "back"] == "control" ? RouteTable.control.path() : RouteTable.achievement.path(a.id!))
    }

    @Sendable func reject(req: Request) async throws -> Response {
        let actor = try req.actor
        let (a, pupil, facts) = try await load(req, actor)
        guard actor.decide(.verifyAchievements, .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let reason = (try req.content.decode(Decision.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            return try await showPage(req, error: req.t("achievement.error.reason"), status: .unprocessableEntity)
        }
        let audit = try req.audit
        try await req.db.writeTransaction { tx in
            try await tx.lock("achievement:\(a.id!)")
            guard let fresh = try await Achievement.find(a.id, on: tx), !(fresh.status == .rejected && fresh.rejectionReason == reason) else { return }
            fresh.status = .rejected; fresh.verifiedBy = actor.userID; fresh.verifiedAt = Date(); fresh.rejectionReason = reason
            try await fresh.save(on: tx)
            try await AuditLog.append(audit, on: tx, action: "reject", objectKind: "achievement", objectID: fresh.id, pupilID: pupil.id,
                                      details: reason)
        }
        return req.redirect(to: req.query[String.self, at: "back"] == "control" ? RouteTable.control.path() : RouteTable.achievement.path(a.id!))
    }

    @Sendable func addEvidence(req: Request) async throws -> Response {
        let actor = try req.actor
        let (a, pupil, facts) = try await load(req, actor)
        guard actor.decide(.write(.achievements), .pupil(facts)).allowed, actor.decide(.write(.attachments), .pupil(facts)).allowed,
              !actor.isFamily(of: facts) || a.origin == .external else { throw Abort(.forbidden) }
        guard let file = try await req.uploadForm.file("evidence") else {
            return try await showPage(req, error: req.t("achievement.field.evidence") + ": " + req.t("upload.error.empty"), status: .unprocessableEntity)
        }
        let upload: CheckedUpload
        switch CheckedUpload.check(file, limits: req.uploadLimits) {
        case .success(let u): upload = u
        case .failure(let p):
            return try await showPage(req, error: req.t("achievement.field.evidence") + ": " + p.message(req), status: .unprocessableEntity)
        }
        try await CheckedUpload.transaction(req, upload, schoolID: actor.schoolID, userID: actor.userID, pupilID: pupil.id!) { tx, stored in
            let e = AchievementEvidence()
            e.schoolID = actor.schoolID; e.$achievement.id = a.id!; e.$attachment.id = stored!.id!
            try await e.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "attachment", objectID: stored!.id, pupilID: pupil.id,
                                      details: upload.name)
        }
        return req.redirect(to: RouteTable.achievement.path(a.id!))
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let actor = try req.actor
        let (a, pupil, facts) = try await load(req, actor)
        guard canDelete(actor, a, facts) else { throw Abort(.forbidden) }
        let hashes = try await req.db.writeTransaction { tx in
            try await AuditLog.append(try req.audit, on: tx, action: "delete", objectKind: "achievement", objectID: a.id, pupilID: pupil.id,
                                      details: "«\(a.title)»")
            return try await AchievementService.delete([a], on: tx)
        }
        try await req.application.blobs.collect(hashes, on: req.db)
        return req.redirect(to: RouteTable.pupilsPortfolio.path(pupil.id!))
    }
}
