import Credentials
import Domain
import Fluent
import Vapor

/// The school year's end (issues 7 and 17). `/year` is the preview: what is unfinished per class and subject with
/// links, the other open business, and from which day the year may close. `/year/close` is the head's confirmation
/// page saying what will happen; its post starts the close in the background and `/year` shows the progress.
struct YearController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.year, use: show)
        routes.get(.yearClose, use: confirm)
        routes.post(.yearClose, use: close)
    }

    struct Page: Encodable {
        let page: PageMeta
        let year: String
        let status: String
        let gaps: [YearClose.Gap]
        let pending: YearClose.Pending
        let canClose: Bool
        /// A close is running: the year's gaps are not shown (they are being frozen), only the progress.
        let busy: Bool
        /// Why the year cannot close yet (before its last period ends): the date it can.
        let notYet: String?
        let closed: String?
        let archive: String?
        let archiveFiles: Int
        /// The signed checkpoint of the audit chain the archive carries: printed with the close.
        let checkpoint: Checkpoint?
        /// The year as a OneRoster package (every child's marks and birth date): the leadership's.
        let canExportRoster: Bool
        /// A close running now (the page refreshes itself), or one that failed.
        let running: Running?
    }

    struct Running: Encodable {
        let year: String
        let step: String
        let percent: Int
        let seconds: Int
        let finished: Bool
        let failure: String?
    }

    struct Checkpoint: Encodable { let seq: Int; let hash: String; let at: String; let signed: Bool }

    private func leader(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.overseeSchool) else { throw Abort(.forbidden) }
        return actor
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try leader(req)
        let job = req.application.yearCloseJobs.state(actor.schoolID)
        let running = job.map { Running(year: $0.year, step: $0.step, percent: $0.percent, seconds: Int(Date().timeIntervalSince($0.startedAt)),
                                        finished: $0.finished, failure: $0.failure) }
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let busy = running.map { !$0.finished } ?? false
        let gaps = busy ? [] : try await YearClose.gaps(on: req.db, schoolID: actor.schoolID, year: year)
        let pending = busy ? YearClose.Pending(debts: 0, unverified: 0, requests: 0, debtRows: [])
            : try await YearClose.pending(on: req.db, schoolID: actor.schoolID, year: year)
        let notYet = try await YearClose.refusal(on: req.db, year: year, today: actor.today)
        // The last closed year's archive, verified against its manifest.
        let closed = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$status == .closed)
            .sort(\.$startsOn, .descending).first()
        var files = 0
        var archive: String?
        var checkpoint: Checkpoint?
        if let closed, !busy {
            let dir = YearClose.archiveDirectory(req.application, schoolID: actor.schoolID, year: closed)
            if let n = try? YearClose.verifyArchive(dir) { files = n; archive = dir }
            if archive != nil, let cp = YearClose.archivedCheckpoint(dir) {
                let key = try await SigningKey.find(cp.key, on: req.db)
                let signed = key.map { $0.schoolID == actor.schoolID && DetachedSignature.isValid(cp.signature, over: cp.signedBytes, privateKeyPEM: $0.privatePEM) } ?? false
                checkpoint = Checkpoint(seq: cp.seq, hash: cp.hash, at: cp.date.map { SchoolTime.dateTime($0, in: actor.timeZone) } ?? cp.at, signed: signed)
            }
        }
        var meta = try req.page(req.t("year.title"), section: "year")
        meta.refresh = busy ? "1; url=\(RouteTable.year.path())" : nil
        return try await req.view.render("year/index", Page(
            page: meta, year: year.title, status: req.t("year.status.\(year.status.rawValue)"),
            gaps: gaps, pending: pending, canClose: actor.may(.closeYear) && !busy, busy: busy, notYet: notYet, closed: busy ? nil : closed?.title, archive: archive,
            archiveFiles: files, checkpoint: checkpoint, canExportRoster: actor.may(.exportRoster), running: running))
    }

    struct ConfirmPage: Encodable {
        let page: PageMeta
        let year: String
        let plan: YearClose.Plan
        let gaps: Int
        let pending: YearClose.Pending
        let notYet: String?
        let error: String?
        let reason: String
    }

    private func renderConfirm(_ req: Request, _ actor: CurrentActor, _ year: AcademicYear, error: String? = nil, reason: String = "")
        async throws -> Response {
        let page = ConfirmPage(
            page: try req.page(req.t("year.confirm_title", year.title), section: "year"), year: year.title,
            plan: try await YearClose.plan(on: req.db, schoolID: actor.schoolID, year: year),
            gaps: try await YearClose.gaps(on: req.db, schoolID: actor.schoolID, year: year).count,
            pending: try await YearClose.pending(on: req.db, schoolID: actor.schoolID, year: year),
            notYet: try await YearClose.refusal(on: req.db, year: year, today: actor.today), error: error, reason: reason)
        return try await req.view.render("year/close", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    /// The head's second look: what the close will do, the reason if anything is missing, the year typed to confirm.
    @Sendable func confirm(req: Request) async throws -> Response {
        let actor = try req.require(.closeYear)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        return try await renderConfirm(req, actor, year)
    }

    struct CloseForm: Content { var reason: String?; var confirm: String? }

    @Sendable func close(req: Request) async throws -> Response {
        let actor = try req.require(.closeYear)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let form = try req.content.decode(CloseForm.self)
        let reason = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard form.confirm?.trimmingCharacters(in: .whitespaces) == year.title else {
            return try await renderConfirm(req, actor, year, error: req.t("year.error.confirm", year.title), reason: reason)
        }
        guard reason.count <= 500 else { return try await renderConfirm(req, actor, year, error: req.t("period_close.error.long")) }
        // What can be refused at once is refused here, with the page: too early, gaps without a reason.
        if let refusal = try await YearClose.refusal(on: req.db, year: year, today: actor.today) {
            return try await renderConfirm(req, actor, year, error: req.t("year.error.close", refusal), reason: reason)
        }
        let gaps = try await YearClose.gaps(on: req.db, schoolID: actor.schoolID, year: year)
        if !gaps.isEmpty && reason.isEmpty {
            return try await renderConfirm(req, actor, year, error: req.t("year.error.close", YearClose.reasonNeeded(gaps.count)), reason: reason)
        }
        let app = req.application, audit = try req.audit, today = actor.today, userID = actor.userID, logger = req.logger
        let started = app.yearCloseJobs.start(actor.schoolID, year: year.title, logger: logger) { progress in
            let s = try await YearClose.close(app: app, db: app.db, audit: audit, year: year, reason: reason.isEmpty ? nil : reason,
                                              lockedBy: userID, today: today, progress: progress)
            logger.notice("year closed: \(year.title), archive \(s.archive)")
        }
        if started { await app.yearCloseJobs.wait(actor.schoolID, seconds: 3) }
        return req.redirect(to: RouteTable.year.path())
    }
}
