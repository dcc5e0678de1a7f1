import Domain
import Fluent
import Vapor

/// The individual educational route (6.1): goals for the year, steps with who is responsible and when, what came
/// of each; and the flag that the pupil needs special learning conditions — the flag only, never health details.
struct RouteController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsRoute, use: show)
        routes.post(.pupilsRoute, use: save)
        routes.post(.pupilsRouteSteps, use: addStep)
        routes.post(.pupilsRouteStep, use: saveStep)
    }

    struct StepRow: Encodable {
        let id, title, responsible, starts, due, done, outcome, action: String
        let overdue: Bool
        let doneISO: String
    }

    struct Page: Encodable {
        let page: PageMeta
        let name: String
        let className: String
        let year: String
        let goals: String
        let notes: String
        let specialConditions: Bool
        let steps: [StepRow]
        let canWrite: Bool
        let action: String
        let stepAction: String
        let portfolioHref: String
        let error: String?
        let today: String
    }

    private func load(_ req: Request, write: Bool) async throws -> (CurrentActor, Pupil, PupilFacts, AcademicYear) {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let (pupil, facts) = try await PupilQueries.authorised(on: req.db, actor: actor, pupilID: id, action: .read(.route))
        else { throw Abort(.notFound) }
        if write { guard actor.decide(.write(.route), .pupil(facts)).allowed else { throw Abort(.forbidden) } }
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        return (actor, pupil, facts, year)
    }

    private func route(_ db: any Database, _ actor: CurrentActor, pupilID: UUID, year: AcademicYear) async throws -> IndividualRoute? {
        try await IndividualRoute.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$academicYear.$id == year.id!).first()
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, error: nil, status: .ok)
    }

    private func render(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let (actor, pupil, facts, year) = try await load(req, write: false)
        let id = pupil.id!
        let route = try await route(req.db, actor, pupilID: id, year: year)
        let steps = route == nil ? [] : try await RouteStep.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$route.$id == route!.id!).sort(\.$dueOn).sort(\.$createdAt).all()
        let card = try await PupilQueries.card(on: req.db, actor: actor, pupil: pupil, facts: facts, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "route", objectID: route?.id, pupilID: id)
        let family = actor.isFamily(of: facts)
        return try await req.view.render("pupils/route", Page(
            page: try req.page(req.t("route.title") + " · " + pupil.name.full, section: family ? "home" : "classes"),
            name: pupil.name.full, className: card.currentClass ?? "", year: year.title, goals: route?.goals ?? "", notes: route?.notes ?? "",
            specialConditions: pupil.specialConditions,
            steps: steps.map { s in
                StepRow(id: s.id!.uuidString.lowercased(), title: s.title, responsible: s.responsible, starts: s.startsOn?.russian ?? "",
                        due: s.dueOn?.russian ?? "", done: s.doneOn?.russian ?? "", outcome: s.outcome,
                        action: RouteTable.pupilsRouteStep.path(id, s.id!),
                        overdue: s.doneOn == nil && (s.dueOn.map { $0 < actor.today } ?? false), doneISO: s.doneOn?.iso ?? "")
            },
            canWrite: actor.decide(.write(.route), .pupil(facts)).allowed, action: RouteTable.pupilsRoute.path(id), stepAction: RouteTable.pupilsRouteSteps.path(id),
            portfolioHref: RouteTable.pupilsPortfolio.path(id), error: error, today: actor.today.iso)).encodeResponse(status: status, for: req)
    }

    struct RouteForm: Content { var goals: String?; var notes: String?; var special_conditions: String? }

    @Sendable func save(req: Request) async throws -> Response {
        let (actor, pupil, _, year) = try await load(req, write: true)
        let form = try req.content.decode(RouteForm.self)
        let goals = (form.goals ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let notes = (form.notes ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard goals.count <= 4000, notes.count <= 4000 else {
            return try await render(req, error: req.t("route.error.too_long"), status: .unprocessableEntity)
        }
        let existing = try await route(req.db, actor, pupilID: pupil.id!, year: year)
        try await req.db.writeTransaction { tx in
            let r = existing ?? IndividualRoute()
            if existing == nil {
                r.schoolID = actor.schoolID; r.$pupil.id = pupil.id!; r.$academicYear.id = year.id!; r.createdBy = actor.userID
            }
            r.goals = goals; r.notes = notes
            try await r.save(on: tx)
            let flag = form.special_conditions != nil
            if pupil.specialConditions != flag {
                pupil.specialConditions = flag
                try await pupil.save(on: tx)
            }
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "route", objectID: r.id, pupilID: pupil.id,
                                      details: flag ? "особые условия обучения: да" : "")
        }
        return req.redirect(to: RouteTable.pupilsRoute.path(pupil.id!))
    }

    struct StepForm: Content { var title: String?; var responsible: String?; var starts_on: String?; var due_on: String?; var done_on: String?; var outcome: String? }

    private func dates(_ form: StepForm) -> (LocalDate?, LocalDate?, LocalDate?, Bool) {
        func parse(_ s: String?) -> (LocalDate?, Bool) {
            let t = (s ?? "").trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return (nil, true) }
            let d = LocalDate(t)
            return (d, d != nil)
        }
        let (a, okA) = parse(form.starts_on), (b, okB) = parse(form.due_on), (c, okC) = parse(form.done_on)
        let ordered = a.flatMap { s in b.map { s <= $0 } } ?? true
        return (a, b, c, okA && okB && okC && ordered)
    }

    @Sendable func addStep(req: Request) async throws -> Response {
        let (actor, pupil, _, year) = try await load(req, write: true)
        let form = try req.content.decode(StepForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let responsible = (form.responsible ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 500 else { return try await render(req, error: req.t("route.error.step"), status: .unprocessableEntity) }
        guard !responsible.isEmpty, responsible.count <= 200 else {
            return try await render(req, error: req.t("route.error.responsible"), status: .unprocessableEntity)
        }
        let (starts, due, done, ok) = dates(form)
        guard ok else { return try await render(req, error: req.t("route.error.dates"), status: .unprocessableEntity) }
        let audit = try req.audit
        let location = try await OneTime.run(req, command: "route.step") { tx in
            // The pupil's route of the year is found or made under its lock: two first steps at once make one route.
            try await tx.lock("route:\(pupil.id!):\(year.id!)")
            let r: IndividualRoute
            if let existing = try await route(tx, actor, pupilID: pupil.id!, year: year) { r = existing } else {
                r = IndividualRoute()
                r.schoolID = actor.schoolID; r.$pupil.id = pupil.id!; r.$academicYear.id = year.id!; r.createdBy = actor.userID
                r.goals = ""; r.notes = ""
                try await r.create(on: tx)
            }
            let s = RouteStep()
            s.schoolID = actor.schoolID; s.$route.id = r.id!; s.title = title; s.responsible = responsible
            s.startsOn = starts; s.dueOn = due; s.doneOn = done; s.outcome = (form.outcome ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            s.createdBy = actor.userID
            try await s.create(on: tx)
            try await AuditLog.append(audit, on: tx, action: "create", objectKind: "route_step", objectID: s.id, pupilID: pupil.id)
            return RouteTable.pupilsRoute.path(pupil.id!)
        }
        return req.redirect(to: location)
    }

    @Sendable func saveStep(req: Request) async throws -> Response {
        let (actor, pupil, _, year) = try await load(req, write: true)
        guard let stepID = req.parameters.get("stepID", as: UUID.self),
              let route = try await route(req.db, actor, pupilID: pupil.id!, year: year),
              let step = try await RouteStep.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$route.$id == route.id!)
                .filter(\.$id == stepID).first()
        else { throw Abort(.notFound) }
        let form = try req.content.decode(StepForm.self)
        let text = (form.done_on ?? "").trimmingCharacters(in: .whitespaces)
        let done = text.isEmpty ? nil : LocalDate(text)
        guard text.isEmpty || done != nil else { return try await render(req, error: req.t("route.error.dates"), status: .unprocessableEntity) }
        let outcome = (form.outcome ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.count <= 4000 else { return try await render(req, error: req.t("route.error.too_long"), status: .unprocessableEntity) }
        try await req.db.writeTransaction { tx in
            step.doneOn = done; step.outcome = outcome
            try await step.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "route_step", objectID: step.id, pupilID: pupil.id)
        }
        return req.redirect(to: RouteTable.pupilsRoute.path(pupil.id!))
    }
}
