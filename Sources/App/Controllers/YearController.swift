import Credentials
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
        /// Why the year cannot close yet (before its last period ends): the date it can.
        let notYet: String?
        let closed: String?
        let archive: String?
        let archiveFiles: Int
        /// The signed checkpoint of the audit chain the archive carries: printed with the close.
        let checkpoint: Checkpoint?
        /// The year as a OneRoster package (every child's marks and birth date): the leadership's.
        let canExportRoster: Bool
    }

    struct Checkpoint: Encodable { let seq: Int; let hash: String; let at: String; let signed: Bool }

    private func leader(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.overseeSchool) else { throw Abort(.forbidden) }
        return actor
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try leader(req)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let gaps = try await YearClose.gaps(on: req.db, schoolID: actor.schoolID, year: year)
        let notYet = try await YearClose.refusal(on: req.db, year: year, today: actor.today)
        // The last closed year's archive, verified against its manifest.
        let closed = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$status == .closed)
            .sort(\.$startsOn, .descending).first()
        var files = 0
        var archive: String?
        var checkpoint: Checkpoint?
        if let closed {
            let dir = YearClose.archiveDirectory(req.application, schoolID: actor.schoolID, year: closed)
            if let n = try? YearClose.verifyArchive(dir) { files = n; archive = dir }
            if archive != nil, let cp = YearClose.archivedCheckpoint(dir) {
                let key = try await SigningKey.find(cp.key, on: req.db)
                let signed = key.map { $0.schoolID == actor.schoolID && DetachedSignature.isValid(cp.signature, over: cp.signedBytes, privateKeyPEM: $0.privatePEM) } ?? false
                checkpoint = Checkpoint(seq: cp.seq, hash: cp.hash, at: cp.date.map { SchoolTime.dateTime($0, in: actor.timeZone) } ?? cp.at, signed: signed)
            }
        }
        return try await req.view.render("year/index", Page(
            page: try req.page(req.t("year.title"), section: "year"), year: year.title, status: req.t("year.status.\(year.status.rawValue)"),
            gaps: gaps, canClose: actor.may(.closeYear), notYet: notYet, closed: closed?.title, archive: archive, archiveFiles: files,
            checkpoint: checkpoint, canExportRoster: actor.may(.exportRoster)))
    }

    struct CloseForm: Content { var reason: String?; var confirm: String? }

    @Sendable func close(req: Request) async throws -> Response {
        let actor = try req.require(.closeYear)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let form = try req.content.decode(CloseForm.self)
        guard form.confirm == year.title else { throw Abort(.unprocessableEntity, reason: req.t("year.error.confirm", year.title)) }
        do {
            let s = try await YearClose.close(app: req.application, db: req.db, audit: try req.audit, year: year, reason: form.reason,
                                              lockedBy: actor.userID, today: actor.today)
            req.logger.notice("year closed: \(year.title), archive \(s.archive)")
        } catch let p as YearClose.Problem {
            throw Abort(.unprocessableEntity, reason: req.t("year.error.close", p.description))
        }
        return req.redirect(to: RouteTable.year.path())
    }
}
