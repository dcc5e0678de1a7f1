import Documents
import Domain
import Fluent
import Vapor

/// The pupil's portfolio (4.9): sections of achievements, awards, works and dynamics; the family decides what is
/// shown beyond the school staff and gives revocable links with an expiry date.
struct PortfolioController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsPortfolio, use: show)
        routes.get(.pupilsPortfolioPrint, use: print)
        routes.get(.pupilsPortfolioPdf, use: pdf)
        routes.post(.pupilsPortfolioVisibility, use: saveVisibility)
        routes.upload(.pupilsWorks, maxBytes: maxUpload, use: addWork)
        routes.post(.pupilsShares, use: createShare)
        routes.post(.pupilsSharesRevoke, use: revokeShare)
    }

    struct ShareRow: Encodable {
        let id: String
        let created: String
        let expires: String
        let state: String
        let active: Bool
        let includeResults: Bool
        let revokeAction: String
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let name: String
        let className: String
        let cardHref: String
        let resultsHref: String
        let printHref: String
        let pdfHref: String
        let portfolio: PortfolioQueries.Portfolio
        let addAchievementHref: String?
        let addAwardHref: String?
        let routeHref: String?
        let canAddWork: Bool
        let workAction: String
        let workSections: [SelectOption]
        let canShare: Bool
        let visibilityAction: String
        let shareAction: String
        let shares: [ShareRow]
        let newShareURL: String?
        let defaultExpiry: String
        let today: String
        let maxUploadMB: Int
        let error: String?
        /// The pupil's path for badge downloads (Open Badges 3.0); only on this signed-in page.
        /// The pupil whose badges the page links to (`#path`): the school's view only.
        let badgePupilID: String
        let badges: [BadgeRow]
        let canRevokeBadges: Bool
    }

    private func authorised(_ req: Request, _ actor: CurrentActor) async throws -> (Pupil, PupilFacts) {
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let found = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.portfolio))
        else { throw Abort(.notFound) }
        return found
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, error: nil, status: .ok)
    }

    private func render(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        let id = pupil.id!
        let results = actor.decide(.read(.periodMarks), .pupil(facts)).allowed
        let portfolio = try await PortfolioQueries.load(on: req.db, schoolID: actor.schoolID, pupilID: id, audience: .school,
                                                        includeResults: results, language: req.language, t: { req.t($0) })
        let canShare = actor.decide(.write(.sharing), .pupil(facts)).allowed
        var shares: [ShareRow] = []
        if canShare || actor.decide(.read(.sharing), .pupil(facts)).allowed {
            let zone = actor.timeZone
            shares = try await ShareLink.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id)
                .sort(\.$createdAt, .descending).all().map { s in
                    let expired = s.expiresOn < actor.today
                    let state = s.revokedAt != nil ? req.t("share.revoked") : expired ? req.t("share.expired") : req.t("share.active")
                    return ShareRow(id: s.id!.uuidString.lowercased(), created: s.createdAt.map { LocalDate.today(in: zone, now: $0).russian } ?? "",
                                    expires: s.expiresOn.russian, state: state, active: s.revokedAt == nil && !expired,
                                    includeResults: s.includeResults,
                                    revokeAction: RouteTable.pupilsSharesRevoke.path(id, s.id!.uuidString.lowercased()))
                }
        }
        let newShare = req.session.data["new_share"]
        req.session.data["new_share"] = nil
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.portfolioSection], language: req.language)
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, facts: facts, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "portfolio", objectID: id, pupilID: id)
        let family = actor.isFamily(of: facts)
        let page = ShowPage(
            page: try req.page(req.t("portfolio.title") + " · " + pupil.name.full, section: family ? "home" : "classes"),
            name: pupil.name.full, className: card.currentClass ?? "", cardHref: RouteTable.pupil.path(id), resultsHref: RouteTable.pupilsResults.path(id),
            printHref: RouteTable.pupilsPortfolioPrint.path(id), pdfHref: RouteTable.pupilsPortfolioPdf.path(id), portfolio: portfolio,
            addAchievementHref: actor.decide(.write(.achievements), .pupil(facts)).allowed ? RouteTable.pupilsAchievementsNew.path(id) : nil,
            addAwardHref: actor.decide(.write(.awards), .pupil(facts)).allowed ? RouteTable.pupilsAwardsNew.path(id) : nil,
            routeHref: actor.decide(.read(.route), .pupil(facts)).allowed && !family ? RouteTable.pupilsRoute.path(id) : nil,
            canAddWork: actor.decide(.write(.portfolio), .pupil(facts)).allowed, workAction: RouteTable.pupilsWorks.path(id),
            workSections: vocab.options(.portfolioSection), canShare: canShare,
            visibilityAction: RouteTable.pupilsPortfolioVisibility.path(id), shareAction: RouteTable.pupilsShares.path(id), shares: shares,
            newShareURL: newShare, defaultExpiry: actor.today.adding(days: 30).iso, today: actor.today.iso,
            maxUploadMB: maxUpload >> 20, error: error,
            badgePupilID: id.uuidString.lowercased(), badges: try await Self.badges(req, pupilID: id),
            canRevokeBadges: actor.may(.revokeBadge, .pupil(facts)))
        return try await req.view.render("portfolio/show", page).encodeResponse(status: status, for: req)
    }

    struct BadgeRow: Encodable { let id, title, issued, kind, status, revokeAction: String; let revoked: Bool }

    /// Credentials already issued for the pupil (Open Badges, CLR), newest first.
    static func badges(_ req: Request, pupilID: UUID) async throws -> [BadgeRow] {
        let zone = try req.actor.timeZone
        return try await BadgeCredential.query(on: req.db).filter(\.$pupil.$id == pupilID).sort(\.$issuedAt, .descending).all().map { c in
            BadgeRow(id: c.id!.uuidString.lowercased(), title: c.title, issued: LocalDate.today(in: zone, now: c.issuedAt).russian,
                     kind: req.t("badge.kind.\(c.kind)"),
                     status: c.revokedAt == nil ? req.t("badge.valid") : req.t("badge.revoked", c.revocationReason ?? ""),
                     revokeAction: RouteTable.obCredentialsRevoke.path(c.id!.uuidString.lowercased()), revoked: c.revokedAt != nil)
        }
    }

    struct PrintPage: Encodable {
        let lang: String
        let title: String
        let school: String
        let name: String
        let className: String
        let birthDate: String
        let date: String
        let portfolio: PortfolioQueries.Portfolio
        let canShare = false
    }

    /// A plain page for paper (4.9): no navigation, no forms.
    @Sendable func print(req: Request) async throws -> View {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        let id = pupil.id!
        let portfolio = try await PortfolioQueries.load(on: req.db, schoolID: actor.schoolID, pupilID: id, audience: .school,
                                                        includeResults: actor.decide(.read(.periodMarks), .pupil(facts)).allowed,
                                                        language: req.language, t: { req.t($0) })
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, facts: facts, t: { req.t($0) })
        let school = try await School.find(actor.schoolID, on: req.db)
        try await AuditLog.logRead(try req.audit, on: req.db, .print, objectKind: "portfolio", objectID: id, pupilID: id)
        return try await req.view.render("portfolio/print", PrintPage(
            lang: req.language, title: req.t("portfolio.title") + " · " + pupil.name.full, school: school?.name ?? actor.schoolName,
            name: pupil.name.full, className: card.currentClass ?? "", birthDate: RussianText.longDate(pupil.birthDate),
            date: RussianText.longDate(actor.today), portfolio: portfolio))
    }

    /// The portfolio as a PDF (4.9): sections, evidence listed by name, awards, works and the dynamics charts.
    @Sendable func pdf(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        let id = pupil.id!
        let p = try await PortfolioQueries.load(on: req.db, schoolID: actor.schoolID, pupilID: id, audience: .school, includeResults: false,
                                                language: req.language, t: { req.t($0) })
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, facts: facts, t: { req.t($0) })
        let school = try await School.find(actor.schoolID, on: req.db)
        var sections = p.achievements.map { s in
            PortfolioDocument.Section(title: req.t("portfolio.achievements") + ": " + s.title, items: s.rows.map { a in
                .init(title: a.title, detail: [a.result + ", " + a.level.lowercased(), a.kind, a.dates, a.organiser, a.status]
                    .filter { !$0.isEmpty }.joined(separator: " · "), evidence: a.files.map(\.name))
            })
        }
        sections.append(.init(title: req.t("portfolio.awards"), items: p.awards.map { w in
            .init(title: "\(w.kind) «\(w.title)»", detail: [w.date, w.ground, w.basis, w.awardedBy].joined(separator: " · "))
        }))
        sections += p.works.map { s in
            .init(title: req.t("portfolio.works") + ": " + s.title, items: s.rows.map { w in
                .init(title: w.title, detail: [w.date, w.description].filter { !$0.isEmpty }.joined(separator: " · "),
                      evidence: w.file.map { [$0.name] } ?? [])
            })
        }
        var charts: [(title: String, chart: Chart)] = []
        if let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) {
            let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == year.id!)
                .sort(\.$startsOn).all()
            let drawn = try await ResultsQueries.charts(on: req.db, actor: actor, facts: facts, pupilID: id, year: year, periods: periods)
            let order = try await Subject.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all().map(\.name)
            charts = order.compactMap { name in drawn[name].map { (title: name, chart: $0.0) } }
            if actor.decide(.read(.indicators), .pupil(facts)).allowed,
               let levels = try await ResultsQueries.levelsChart(on: req.db, schoolID: actor.schoolID, pupilID: id,
                                                                 periods: periods.filter { $0.kind != .year }, t: { req.t($0) }) {
                charts.append((title: req.t("results.indicators"), chart: levels))
            }
        }
        let document = PortfolioDocument(school: school?.name ?? actor.schoolName, pupilName: pupil.name.full, className: card.currentClass ?? "",
                                         birthDate: pupil.birthDate, printedOn: actor.today, sections: sections, charts: charts)
        let data = try await req.application.threadPool.runIfActive(eventLoop: req.eventLoop) { PortfolioPDF.render(document) }.get()
        try await AuditLog.logRead(try req.audit, on: req.db, .print, objectKind: "portfolio", objectID: id, pupilID: id, details: "PDF")
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = .init(type: "application", subType: "pdf")
        res.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"portfolio.pdf\"")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    struct VisibilityForm: Content { var shared: [String]? }

    /// The family ticks what leaves the school: every achievement, award and work of the pupil gets its flag.
    @Sendable func saveVisibility(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        guard actor.decide(.write(.sharing), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        // One checkbox per item, named `shared_<kind>_<id>` (a: achievement, d: award, w: work); `shared[]=a:<id>` too.
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let named = fields.keys.filter { $0.hasPrefix("shared_") }.map { key -> String in
            let rest = key.dropFirst("shared_".count)
            return String(rest.prefix(1)) + ":" + String(rest.dropFirst(2)).lowercased()
        }
        let chosen = Set((try? req.content.decode(VisibilityForm.self).shared) ?? []).union(named)
        let id = pupil.id!
        try await req.db.writeTransaction { tx in
            for a in try await Achievement.query(on: tx).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id).all() {
                let v = chosen.contains("a:" + a.id!.uuidString.lowercased())
                if a.shared != v { a.shared = v; try await a.save(on: tx) }
            }
            for w in try await Award.query(on: tx).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id).all() {
                let v = chosen.contains("d:" + w.id!.uuidString.lowercased())
                if w.shared != v { w.shared = v; try await w.save(on: tx) }
            }
            for w in try await PortfolioArtefact.query(on: tx).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id).all() {
                let v = chosen.contains("w:" + w.id!.uuidString.lowercased())
                if w.shared != v { w.shared = v; try await w.save(on: tx) }
            }
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "sharing", objectID: id, pupilID: id,
                                      details: "видимых записей: \(chosen.count)")
        }
        return req.redirect(to: RouteTable.pupilsPortfolio.path(id) + "#sharing")
    }

    struct WorkForm: Content {
        var section: String?
        var title: String?
        var description: String?
        var date: String?
    }

    /// 4.8: a work — album, presentation, creative work — with its description and, optionally, a file.
    @Sendable func addWork(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        guard actor.decide(.write(.portfolio), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        let sent = try await req.uploadForm
        let form = try sent.decode(WorkForm.self)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.portfolioSection], language: req.language)
        func field(_ f: String, _ key: String, _ args: String...) -> String {
            req.t("work.field.\(f)") + ": " + req.application.localization.text(key, req.language, args)
        }
        guard vocab.has(.portfolioSection, form.section) else {
            return try await render(req, error: field("section", "achievement.error.choose"), status: .unprocessableEntity)
        }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 300 else {
            return try await render(req, error: field("title", "achievement.error.title"), status: .unprocessableEntity)
        }
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard description.count <= 2000 else {
            return try await render(req, error: field("description", "achievement.error.too_long"), status: .unprocessableEntity)
        }
        guard let date = form.date.flatMap(LocalDate.init) else {
            return try await render(req, error: field("date", "achievement.error.date"), status: .unprocessableEntity)
        }
        switch AchievementRules.checkDates(start: date, end: nil, today: actor.today, birthDate: pupil.birthDate) {
        case .inFuture: return try await render(req, error: field("date", "achievement.error.future"), status: .unprocessableEntity)
        case .beforeBirth:
            return try await render(req, error: field("date", "achievement.error.before_birth", pupil.birthDate.russian), status: .unprocessableEntity)
        default: break
        }
        var upload: CheckedUpload?
        if let file = sent.file("file") {
            switch CheckedUpload.check(file, limits: req.uploadLimits) {
            case .success(let u): upload = u
            case .failure(let p): return try await render(req, error: req.t("work.field.file") + ": " + p.message(req), status: .unprocessableEntity)
            }
        }
        let section = form.section!
        try await CheckedUpload.transaction(req, upload, schoolID: actor.schoolID, userID: actor.userID, pupilID: pupil.id!, once: "portfolio.work") { tx, stored in
            let w = PortfolioArtefact()
            w.schoolID = actor.schoolID; w.$pupil.id = pupil.id!; w.section = section; w.title = title
            w.description = description; w.date = date; w.createdBy = actor.userID; w.shared = false
            w.$attachment.id = stored?.id
            try await w.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "create", objectKind: "portfolio_artefact", objectID: w.id, pupilID: pupil.id,
                                      details: "«\(title)»")
        }
        return req.redirect(to: RouteTable.pupilsPortfolio.path(pupil.id!) + "#works")
    }

    struct ShareForm: Content { var expires_on: String?; var include_results: String? }

    /// A link for someone outside the school: a secret token shown once (only its hash is kept), an expiry date
    /// no later than a year ahead.
    @Sendable func createShare(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        guard actor.decide(.write(.sharing), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        // The link's address first: no link is made that could not be given out.
        let site = try SiteAddress.of(req, school: actor.schoolID)
        let form = try req.content.decode(ShareForm.self)
        guard let expires = form.expires_on.flatMap(LocalDate.init), expires >= actor.today, expires <= actor.today.adding(days: 366) else {
            return try await render(req, error: req.t("share.error.expiry"), status: .unprocessableEntity)
        }
        let token = CSRF.randomToken(bytes: 24)
        let link = ShareLink()
        link.schoolID = actor.schoolID; link.$pupil.id = pupil.id!; link.tokenHash = TokenHash.of(token); link.expiresOn = expires
        link.includeResults = form.include_results != nil; link.createdBy = actor.userID
        let (_, first) = try await OneTime.outcome(req, command: "share.create") { tx in
            try await link.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "create", objectKind: "share_link", objectID: link.id, pupilID: pupil.id,
                                      details: "до \(expires.russian)")
            return ""
        }
        // The whole address, to copy into a message: the host the family reached the school by (a repeated submit made
        // no second link: the first one's address stays shown).
        if first { req.session.data["new_share"] = site + RouteTable.share.path(token) }
        return req.redirect(to: RouteTable.pupilsPortfolio.path(pupil.id!) + "#sharing")
    }

    @Sendable func revokeShare(req: Request) async throws -> Response {
        let actor = try req.actor
        let (pupil, facts) = try await authorised(req, actor)
        guard actor.decide(.write(.sharing), .pupil(facts)).allowed else { throw Abort(.forbidden) }
        guard let shareID = req.parameters.get("shareID", as: UUID.self),
              let link = try await ShareLink.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupil.id!)
                .filter(\.$id == shareID).first()
        else { throw Abort(.notFound) }
        if link.revokedAt == nil {
            try await req.db.writeTransaction { tx in
                link.revokedAt = Date()
                try await link.save(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "revoke", objectKind: "share_link", objectID: link.id, pupilID: pupil.id)
            }
        }
        return req.redirect(to: RouteTable.pupilsPortfolio.path(pupil.id!) + "#sharing")
    }
}
