import Domain
import Fluent
import Vapor

/// Intermediate attestation (промежуточная аттестация) of grades 2–4 per class × subject, and academic debts
/// with retake dates and clearing. Grade 1 is outside attestation.
struct AttestationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.journalsClassAttestation, use: show)
        routes.post(.journalsClassAttestation, use: save)
        routes.post(.journalsClassAttestationDebt, use: clear)
        routes.get(.journalsIndividualAttestation, use: show)
        routes.post(.journalsIndividualAttestation, use: save)
        routes.post(.journalsIndividualAttestationDebt, use: clear)
    }

    struct Page: Encodable {
        struct Row: Encodable { let pupil, name, value: String; let error: String?; let failing: Bool }
        struct Debt: Encodable { let id, name, result, retake, cleared, clearAction: String; let open: Bool }
        let page: PageMeta
        let title: String
        let journalPath: String
        /// This page's own address (a class's or a home-schooled pupil's journal).
        let action: String
        let forms: [String]
        let form: String
        let date: String
        let retake: String
        let rows: [Row]
        let debts: [Debt]
        let allowed: String
        let canWrite: Bool
        let error: String?
        let saved: Bool
    }

    private func context(_ req: Request, write: Bool) async throws -> (CurrentActor, JournalContext, AcademicYear) {
        let actor = try req.actor
        guard let ref = JournalRef.subject(req),
              let j = try await JournalQueries.context(on: req.db, schoolID: actor.schoolID, ref: ref),
              actor.decide(.read(.attestation), j.target).allowed,
              let year = try await AcademicYear.find(j.academicYearID, on: req.db)
        else { throw Abort(.notFound) }
        guard (j.grade ?? 0) >= 2, j.scale.kind != .verbal else {
            throw Abort(.unprocessableEntity, reason: req.t("attestation.error.grade_one"))
        }
        if write && !actor.decide(.write(.attestation), j.target).allowed { throw Abort(.forbidden) }
        return (actor, j, year)
    }

    private func render(_ req: Request, _ actor: CurrentActor, _ j: JournalContext, _ year: AcademicYear,
                        values: [String: String] = [:], errors: [UUID: String] = [:], error: String? = nil) async throws -> Response {
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: year.startsOn, to: year.endsOn)
            .filter { Enrolment.atEnd($0.endsOn, of: year) }
        // Every child on the page reaches their access log (one INSERT), whether the page is shown or refused a save.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "attestation", objectID: j.curriculumItemID,
                                    pupilIDs: pupils.compactMap(\.pupil.id))
        let results = try await AttestationResult.query(on: req.db).filter(\.$curriculumItem.$id == j.curriculumItemID!)
            .filter(\.$academicYear.$id == year.id!).all()
        let byPupil = Dictionary(results.map { ($0.$pupil.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The debts of the pupils on this page (a class's, or the one home-schooled pupil's).
        let shown = Set(pupils.compactMap(\.pupil.id))
        let debts = try await AcademicDebt.query(on: req.db).filter(\.$curriculumItem.$id == j.curriculumItemID!)
            .filter(\.$academicYear.$id == year.id!).with(\.$pupil).all().filter { shown.contains($0.$pupil.id) }
        let first = results.first
        let page = Page(
            page: try req.page(req.t("attestation.title"), section: "journals"), title: j.title, journalPath: j.ref.path, action: j.ref.attestationPath!,
            forms: MarkRules.attestationForms, form: values["form"] ?? first?.form ?? MarkRules.attestationForms[0],
            date: values["date"] ?? first?.date.iso ?? "", retake: values["retake_on"] ?? "",
            rows: pupils.map { p in
                let id = p.pupil.id!.uuidString.lowercased()
                let v = values["result_\(id)"] ?? byPupil[p.pupil.id!]?.value ?? ""
                return Page.Row(pupil: id, name: p.pupil.name.full, value: v, error: errors[p.pupil.id!],
                                failing: MarkRules.isFailing(v, scale: j.scale))
            },
            debts: debts.map { d in
                Page.Debt(id: d.id!.uuidString.lowercased(), name: d.pupil.name.full, result: byPupil[d.$pupil.id]?.value ?? "",
                          retake: [d.retakeOn?.russian, d.secondRetakeOn?.russian].compactMap { $0 }.joined(separator: ", "),
                          cleared: d.clearedOn.map { "\($0.russian) — «\(d.clearedValue ?? "")»" } ?? "", clearAction: j.ref.debtPath(d.id!) ?? "",
                          open: d.clearedOn == nil)
            },
            allowed: j.scale.allowed.joined(separator: ", "),
            canWrite: actor.decide(.write(.attestation), j.target).allowed && year.status == .open, error: error,
            saved: (try? req.query.get(Int.self, at: "saved")) == 1)
        let status: HTTPResponseStatus = (error != nil || !errors.isEmpty) ? .unprocessableEntity : .ok
        return try await req.view.render("journals/attestation", page).encodeResponse(status: status, for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (actor, j, year) = try await context(req, write: false)
        return try await render(req, actor, j, year)
    }

    /// Every result of the form in one transaction; a failing result opens an academic debt with its retake date.
    @Sendable func save(req: Request) async throws -> Response {
        let (actor, j, year) = try await context(req, write: true)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let kind = (form["form"] ?? "").trimmingCharacters(in: .whitespaces)
        guard MarkRules.attestationForms.contains(kind) else {
            return try await render(req, actor, j, year, values: form, error: req.t("attestation.error.form"))
        }
        guard let date = form["date"].flatMap(LocalDate.init), year.startsOn <= date, date <= year.endsOn else {
            return try await render(req, actor, j, year, values: form, error: req.t("attestation.error.date", year.startsOn.russian, year.endsOn.russian))
        }
        let retake = form["retake_on"].flatMap { $0.isEmpty ? nil : LocalDate($0) }
        if let r = form["retake_on"], !r.isEmpty, retake == nil || retake! <= date {
            return try await render(req, actor, j, year, values: form, error: req.t("attestation.error.retake"))
        }
        guard year.status == .open else {
            return try await render(req, actor, j, year, error: req.t("journal.error.year_closed", year.title))
        }
        let pupils = try await JournalQueries.pupils(on: req.db, j, from: year.startsOn, to: year.endsOn).filter { Enrolment.atEnd($0.endsOn, of: year) }
        var errors: [UUID: String] = [:]
        var entries: [(UUID, String)] = []
        for p in pupils {
            let id = p.pupil.id!
            let raw = (form["result_\(id.uuidString.lowercased())"] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { continue }
            let normalized = raw.lowercased() == "незачет" ? "незачёт" : raw.lowercased() == "зачет" ? "зачёт" : raw
            guard j.scale.allowed.contains(normalized) else {
                errors[id] = MarkError.notOnScale(value: raw, allowed: j.scale.allowed).message
                continue
            }
            entries.append((id, normalized))
        }
        if entries.contains(where: { MarkRules.isFailing($0.1, scale: j.scale) }) && retake == nil {
            return try await render(req, actor, j, year, values: form, errors: errors, error: req.t("attestation.error.retake_needed"))
        }
        guard errors.isEmpty else { return try await render(req, actor, j, year, values: form, errors: errors) }
        let itemID = j.curriculumItemID!
        let saved = entries
        try await req.db.writeTransaction { tx in
            for (pupilID, value) in saved {
                let r = try await AttestationResult.query(on: tx).filter(\.$pupil.$id == pupilID).filter(\.$curriculumItem.$id == itemID)
                    .filter(\.$academicYear.$id == year.id!).first() ?? AttestationResult()
                if r.id == nil {
                    r.schoolID = j.schoolID; r.$pupil.id = pupilID; r.$curriculumItem.id = itemID; r.$academicYear.id = year.id!
                }
                // The same result sent again changes nothing and logs nothing (a debt's new retake date still counts below).
                if !(r.id != nil && r.form == kind && r.value == value && r.date == date) {
                    r.form = kind; r.value = value; r.date = date; r.recordedBy = actor.userID
                    try await r.save(on: tx)
                    try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "attestation", objectID: itemID, pupilID: pupilID)
                }
                guard MarkRules.isFailing(value, scale: j.scale) else { continue }
                let debt = try await AcademicDebt.query(on: tx).filter(\.$pupil.$id == pupilID).filter(\.$curriculumItem.$id == itemID)
                    .filter(\.$academicYear.$id == year.id!).first() ?? AcademicDebt()
                if debt.id == nil {
                    debt.schoolID = j.schoolID; debt.$pupil.id = pupilID; debt.$curriculumItem.id = itemID
                    debt.$academicYear.id = year.id!; debt.createdBy = actor.userID
                    debt.retakeOn = retake
                } else if debt.clearedOn == nil, let retake, debt.retakeOn != retake {
                    debt.secondRetakeOn = retake
                }
                try await debt.save(on: tx)
            }
        }
        return req.redirect(to: j.ref.attestationPath! + "?saved=1")
    }

    struct ClearForm: Content { var value: String?; var cleared_on: String? }

    /// A retake passed: the debt is cleared with its date and result.
    @Sendable func clear(req: Request) async throws -> Response {
        let (actor, j, year) = try await context(req, write: true)
        guard let id = req.parameters.get("debtID", as: UUID.self),
              let debt = try await AcademicDebt.query(on: req.db).filter(\.$id == id).filter(\.$curriculumItem.$id == j.curriculumItemID!).first(),
              j.pupilID.map({ $0 == debt.$pupil.id }) ?? true   // an individual journal clears only its own pupil's debt
        else { throw Abort(.notFound) }
        let form = try req.content.decode(ClearForm.self)
        let value = (form.value ?? "").trimmingCharacters(in: .whitespaces)
        guard j.scale.allowed.contains(value), !MarkRules.isFailing(value, scale: j.scale) else {
            return try await render(req, actor, j, year, error: req.t("attestation.error.clear_value"))
        }
        guard let on = form.cleared_on.flatMap(LocalDate.init), on <= actor.today.adding(days: 366) else {
            return try await render(req, actor, j, year, error: req.t("attestation.error.clear_date"))
        }
        debt.clearedOn = on
        debt.clearedValue = value
        try await req.db.writeTransaction { tx in
            try await debt.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "academic_debt", objectID: id, pupilID: debt.$pupil.id)
        }
        return req.redirect(to: j.ref.attestationPath! + "?saved=1")
    }
}
