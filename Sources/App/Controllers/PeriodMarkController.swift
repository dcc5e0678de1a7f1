import Domain
import Fluent
import Vapor

/// Period marks of a class journal: proposals, final marks with reasons, posting; the deputy head's lock.
struct PeriodMarkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.journalsClassPeriodMarks, use: show)
        routes.post(.journalsClassPeriodMarks, use: save)
        // A home-schooled pupil's individual journal ends its periods the same way (issue 17).
        routes.get(.journalsIndividualPeriodMarks, use: show)
        routes.post(.journalsIndividualPeriodMarks, use: save)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let pupil: String
            let name: String
            let marks: String
            let mean: String
            let proposal: String
            let explanation: String
            let final: String
            let reason: String
            let status: String
            let error: String?
        }
        let page: PageMeta
        /// This page's own address (a class's or a home-schooled pupil's journal).
        let action: String
        let title: String
        let journalPath: String
        let periodID: String
        let periodTitle: String
        let periods: [JournalGridPage.PeriodOption]
        let rows: [Row]
        let canWrite: Bool
        let locked: Bool
        let allowed: String
        let saved: Bool
    }

    private func context(_ req: Request) async throws -> (CurrentActor, JournalContext, Period, [Period]) {
        let actor = try req.actor
        guard let ref = JournalRef.subject(req),
              let j = try await JournalQueries.context(on: req.db, schoolID: actor.schoolID, ref: ref),
              actor.decide(.read(.periodMarks), j.target).allowed
        else { throw Abort(.notFound) }
        guard j.marksAllowed, j.scale.kind != .verbal else {
            throw Abort(.unprocessableEntity, reason: req.t("period_marks.error.grade_one"))
        }
        let periods = try await JournalQueries.periods(on: req.db, j)
        let periodID = (try? req.query.get(UUID.self, at: "period")) ?? (try? req.content.get(UUID.self, at: "period"))
        guard let period = Period.choose(periods, wanted: periodID, today: actor.today) else { throw Abort(.notFound) }
        return (actor, j, period, periods)
    }

    private func locked(_ db: any Database, _ j: JournalContext, _ period: Period) async throws -> Bool {
        try await PeriodLock.isLocked(on: db, classID: j.classGroupID!, periodID: period.id!)
    }

    private func render(_ req: Request, _ actor: CurrentActor, _ j: JournalContext, _ period: Period, _ periods: [Period],
                        errors: [UUID: String] = [:], values: [String: String] = [:]) async throws -> View {
        let rows = try await PeriodMarkService.rows(on: req.db, j, period: period)
        // Every child on the page reaches their access log (one INSERT), whether the page is shown or refused a save.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "period_marks", objectID: j.curriculumItemID,
                                    pupilIDs: rows.compactMap(\.pupil.id))
        let isLocked = try await locked(req.db, j, period)
        let yearOpen = try await AcademicYear.closedTitle(on: req.db, id: j.academicYearID) == nil
        let canWrite = actor.decide(.write(.periodMarks), j.target).allowed && yearOpen
        return try await req.view.render("journals/period-marks", Page(
            page: try req.page(req.t("period_marks.title"), section: "journals"), action: j.ref.periodMarksPath!, title: j.title,
            journalPath: j.ref.path,
            periodID: period.id!.uuidString.lowercased(), periodTitle: period.title,
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == period.id) },
            rows: rows.map { r in
                let id = r.pupil.id!.uuidString.lowercased()
                return Page.Row(pupil: id, name: r.pupil.name.full, marks: r.marks.map { "\($0.value)" }.joined(separator: " "),
                                mean: r.proposal.mean.map { String(format: "%.2f", $0) } ?? "—", proposal: r.proposal.value ?? "—",
                                explanation: r.proposal.explanation,
                                final: values["final_\(id)"] ?? r.stored?.finalValue ?? "",
                                reason: values["reason_\(id)"] ?? r.stored?.reason ?? "",
                                status: req.t("period_marks.status.\(r.stored?.status.rawValue ?? "none")"), error: errors[r.pupil.id!])
            },
            canWrite: canWrite, locked: isLocked, allowed: (j.scale.allowed + ["н/а"]).joined(separator: ", "),
            saved: (try? req.query.get(Int.self, at: "saved")) == 1))
    }

    @Sendable func show(req: Request) async throws -> View {
        let (actor, j, period, periods) = try await context(req)
        return try await render(req, actor, j, period, periods)
    }

    /// Saves every final mark of the form in one transaction, or none; `post` publishes them to families.
    @Sendable func save(req: Request) async throws -> Response {
        let (actor, j, period, periods) = try await context(req)
        let isLocked = try await locked(req.db, j, period)
        let controller = actor.may(.correctLockedPeriod, j.target)
        guard actor.decide(.write(.periodMarks), j.target).allowed else { throw Abort(.forbidden) }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        // A closed year is its archive: no final mark changes in it, not even the deputy head's correction.
        if let closed = try await AcademicYear.closedTitle(on: req.db, id: j.academicYearID) {
            throw Abort(.unprocessableEntity, reason: req.t("journal.error.year_closed", closed))
        }
        if isLocked && !controller {
            throw Abort(.unprocessableEntity, reason: MarkError.periodLocked(title: period.title).message)
        }
        let post = form["action"] == "post"
        let rows = try await PeriodMarkService.rows(on: req.db, j, period: period)
        var errors: [UUID: String] = [:]
        struct Change { let row: PeriodMarkService.Row; let final: String?; let reason: String? }
        var changes: [Change] = []
        for r in rows {
            let id = r.pupil.id!.uuidString.lowercased()
            let final = (form["final_\(id)"] ?? "").trimmingCharacters(in: .whitespaces)
            let reason = (form["reason_\(id)"] ?? "").trimmingCharacters(in: .whitespaces)
            if final.isEmpty { if post { errors[r.pupil.id!] = req.t("period_marks.error.empty") }; continue }
            let normalized = final.lowercased() == "н/а" ? "н/а" : final
            guard normalized == "н/а" || j.scale.allowed.contains(normalized) else {
                errors[r.pupil.id!] = req.t("period_marks.error.scale", final, (j.scale.allowed + ["н/а"]).joined(separator: ", "))
                continue
            }
            // 5: the final mark may differ from the rule's proposal only with a reason; a locked period always needs one.
            if (normalized != r.proposal.value || isLocked) && reason.isEmpty {
                errors[r.pupil.id!] = isLocked ? MarkError.reasonRequired.message
                    : req.t("period_marks.error.reason", r.proposal.value ?? "—")
                continue
            }
            changes.append(Change(row: r, final: normalized, reason: reason.nilIfEmpty))
        }
        guard errors.isEmpty else {
            return try await render(req, actor, j, period, periods, errors: errors, values: form)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let changed = changes
        let audit = try req.audit
        try await req.db.writeTransaction { tx in
            // Saves and the lock of this class's period queue on one key; a lock that came first is seen here.
            if let c = j.classGroupID { try await tx.lock("period-lock:\(c):\(period.id!)") }
            if try await locked(tx, j, period) != isLocked {
                throw Abort(.unprocessableEntity, reason: MarkError.periodLocked(title: period.title).message)
            }
            for c in changed {
                // Decided on the committed row: a repeated submit changes nothing and logs nothing.
                let stored = try await PeriodMark.query(on: tx).filter(\.$pupil.$id == c.row.pupil.id!)
                    .filter(\.$curriculumItem.$id == j.curriculumItemID!).filter(\.$period.$id == period.id!).first()
                guard let status = PeriodMarkDecision.next(
                    stored: stored.map { StoredPeriodMark(finalValue: $0.finalValue, reason: $0.reason, status: $0.status) },
                    final: c.final ?? "", reason: c.reason, post: post, locked: isLocked) else { continue }
                let m = stored ?? PeriodMark()
                if stored == nil {
                    m.schoolID = j.schoolID; m.$pupil.id = c.row.pupil.id!; m.$curriculumItem.id = j.curriculumItemID!; m.$period.id = period.id!
                }
                m.proposedValue = c.row.proposal.value
                m.proposedMean = c.row.proposal.mean
                m.finalValue = c.final
                m.reason = c.reason
                m.status = status
                m.decidedBy = actor.userID
                m.decidedAt = Date()
                try await m.save(on: tx)
                try await AuditLog.append(audit, on: tx, action: "write", objectKind: "period_mark", objectID: m.id, pupilID: c.row.pupil.id)
            }
        }
        return req.redirect(to: j.ref.periodMarksPath! + "?period=\(period.id!.uuidString.lowercased())&saved=1")
    }
}
