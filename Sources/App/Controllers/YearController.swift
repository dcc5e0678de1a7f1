import Domain
import Fluent
import Vapor

/// The head closes the school year from the browser (issue 7): what is missing, then the close with a reason if
/// anything is; the deputy head sees the same page.
struct YearController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.year, use: show)
        routes.post(.yearClose, use: close)
    }

    struct Page: Encodable {
        let page: PageMeta
        let year: String
        let status: String
        let gaps: [YearClose.Gap]
        let canClose: Bool
        let closed: String?
        let archive: String?
        let archiveFiles: Int
    }

    private func leader(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.overseeSchool) else { throw Abort(.forbidden) }
        return actor
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try leader(req)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let gaps = try await YearClose.gaps(on: req.db, schoolID: actor.schoolID, year: year)
        // The last closed year's archive, verified against its manifest.
        let closed = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$status == .closed)
            .sort(\.$startsOn, .descending).first()
        var files = 0
        var archive: String?
        if let closed {
            let dir = YearClose.archiveDirectory(req.application, schoolID: actor.schoolID, year: closed)
            if let n = try? YearClose.verifyArchive(dir) { files = n; archive = dir }
        }
        return try await req.view.render("year/index", Page(
            page: try req.page(req.t("year.title"), section: "year"), year: year.title, status: req.t("year.status.\(year.status.rawValue)"),
            gaps: gaps, canClose: actor.may(.closeYear), closed: closed?.title, archive: archive, archiveFiles: files))
    }

    struct CloseForm: Content { var reason: String?; var confirm: String? }

    @Sendable func close(req: Request) async throws -> Response {
        let actor = try req.require(.closeYear)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let form = try req.content.decode(CloseForm.self)
        guard form.confirm == year.title else { throw Abort(.unprocessableEntity, reason: req.t("year.error.confirm", year.title)) }
        do {
            let s = try await YearClose.close(app: req.application, db: req.db, audit: try req.audit, year: year, reason: form.reason,
                                              lockedBy: actor.userID)
            req.logger.notice("year closed: \(year.title), archive \(s.archive)")
        } catch let p as YearClose.Problem {
            throw Abort(.unprocessableEntity, reason: req.t("year.error.close", p.description))
        }
        return req.redirect(to: RouteTable.year.path())
    }
}

/// Retention for the head (issue 7): the plan under the school's rules, its approval and the acts.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.retention, use: show)
        routes.post(.retentionApply, use: apply)
    }

    struct ActRow: Encodable { let number, date, reason, subjects, categories: String; let logLines: Int }
    struct RuleRow: Encodable { let kind, years, startsAt, action, basis: String }

    struct Withdrawal: Encodable { let pupil, purpose, withdrawn, deadline: String; let overdue: Bool }

    struct Page: Encodable {
        let page: PageMeta
        let withdrawals: [Withdrawal]
        let due: [Retention.Due]
        let rules: [RuleRow]
        let acts: [ActRow]
        let canApply: Bool
        let done: String?
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.require(.overseeSchool)
        let due = try await Retention.plan(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let rules = try await RetentionRule.query(on: req.db).filter(\.$schoolID == actor.schoolID).all().map {
            RuleRow(kind: Retention.kindTitle($0.recordKind), years: RussianText.count($0.years, "год", "года", "лет"),
                    startsAt: req.t("retention.start.\($0.startsAt.rawValue)"), action: req.t("retention.action.\($0.action.rawValue)"), basis: $0.basis)
        }
        let acts = try await DestructionAct.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$createdAt, .descending).all().map {
            ActRow(number: $0.number, date: $0.date.russian, reason: $0.reason, subjects: $0.subjects, categories: $0.dataCategories,
                   logLines: $0.logExtract.isEmpty ? 0 : $0.logExtract.split(separator: "\n").count)
        }
        // A withdrawn consent to publish: whatever was published goes within 30 days (152-ФЗ ст. 21 ч. 5), tracked here.
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.consentPurpose], language: req.language)
        let withdrawals = try await Consent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$withdrawnOn != nil)
            .filter(\.$purpose ~~ ["publish_site", "publish_olympiad"]).with(\.$pupil).all()
            .filter { ConsentRules.stillListed(withdrawnOn: $0.withdrawnOn!, today: actor.today) }
            .map { c in
                let deadline = ConsentRules.destructionDeadline(withdrawnOn: c.withdrawnOn!)
                return Withdrawal(pupil: c.pupil.name.full, purpose: vocab.title(.consentPurpose, c.purpose), withdrawn: c.withdrawnOn!.russian,
                                  deadline: deadline.russian, overdue: ConsentRules.overdue(withdrawnOn: c.withdrawnOn!, today: actor.today))
            }
        return try await req.view.render("year/retention", Page(
            page: try req.page(req.t("retention.title"), section: "year"), withdrawals: withdrawals, due: due, rules: rules, acts: acts,
            canApply: actor.may(.applyRetention), done: req.query[String.self, at: "act"]))
    }

    @Sendable func apply(req: Request) async throws -> Response {
        let actor = try req.require(.applyRetention)
        guard let applied = try await Retention.apply(on: req.db, blobs: req.application.blobs, schoolID: actor.schoolID, today: actor.today,
                                                      approvedBy: actor.userID, address: req.clientAddress) else {
            return req.redirect(to: RouteTable.retention.path())
        }
        return req.redirect(to: RouteTable.retention.path() + "?act=\(applied.act.number)")
    }
}
