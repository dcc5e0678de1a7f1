import Domain
import Fluent
import Vapor

/// Assessment events (4.1, 4.2): internal diagnostics of the school's quality system (ВСОКО) and external
/// monitoring (ВПР, regional), kept apart from current marks, with per-pupil score, mark or level.
struct AssessmentController: RouteCollection {
    static let kinds = ["diagnostic", "control_work", "monitoring", "vpr", "regional_monitoring"]
    static let levels = ["school", "municipal", "regional", "federal"]
    static let resultLevels: [IndicatorLevelValue] = [.belowBasic, .basic, .advanced]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.assessments, use: index)
        routes.get(.assessmentsNew, use: newForm)
        routes.post(.assessments, use: create)
        routes.get(.assessment, use: show)
        routes.post(.assessment, use: saveResults)
    }

    struct Option: Encodable { let id, title: String; let selected: Bool }
    struct Row: Encodable { let title, kind, level, source, classTitle, subject, date, href: String }

    /// Events of classes the actor may read assessments of, in the current year.
    @Sendable func index(req: Request) async throws -> View {
        let actor = try req.actor
        guard actor.may(.viewJournals) else { throw Abort(.forbidden) }
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let events = try await AssessmentEvent.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == year.id!).with(\.$classGroup).with(\.$subject).sort(\.$date, .descending).all()
        let visible = events.filter { e in
            guard let c = e.classGroup else { return actor.may(.control) }
            return actor.may(.read(.assessments), actor.classRecords(c.id!, grade: c.grade))
        }
        struct Page: Encodable { let page: PageMeta; let events: [Row] }
        return try await req.view.render("assessments/index", Page(page: try req.page(req.t("assessments.title"), section: "assessments"),
            events: visible.map { e in
                Row(title: e.title, kind: req.t("assessment.kind.\(e.kind)"), level: e.level.map { req.t("assessment.level.\($0)") } ?? "—",
                    source: req.t("assessment.source.\(e.source.rawValue)"), classTitle: e.classGroup?.title ?? "—",
                    subject: e.subject?.name ?? "—", date: e.date.russian, href: RouteTable.assessment.path(e.id!.uuidString.lowercased()))
            }))
    }

    struct NewPage: Encodable {
        let page: PageMeta
        let kinds: [Option]
        let levels: [Option]
        let classes: [Option]
        let subjects: [Option]
        let form: [String: String]
        let error: String?
    }

    private func newPage(_ req: Request, _ actor: CurrentActor, form: [String: String] = [:], error: String? = nil) async throws -> Response {
        let options = try await UserQueries.scopeOptions(on: req.db, actor: actor, t: { req.t($0) })
        let page = NewPage(
            page: try req.page(req.t("assessments.new"), section: "assessments"),
            kinds: Self.kinds.map { Option(id: $0, title: req.t("assessment.kind.\($0)"), selected: form["kind"] == $0) },
            levels: Self.levels.map { Option(id: $0, title: req.t("assessment.level.\($0)"), selected: form["level"] == $0) },
            classes: options.classes.map { Option(id: $0.id, title: $0.title, selected: form["class_id"] == $0.id) },
            subjects: options.subjects.map { Option(id: $0.id, title: $0.title, selected: form["subject_id"] == $0.id) },
            form: form, error: error)
        return try await req.view.render("assessments/new", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let actor = try req.actor
        guard actor.may(.manageAssessments) else { throw Abort(.forbidden) }
        return try await newPage(req, actor)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let actor = try req.actor
        guard actor.may(.manageAssessments) else { throw Abort(.forbidden) }
        var form = (try? req.content.decode([String: String].self)) ?? [:]
        form.removeValue(forKey: CSRF.field)
        form.removeValue(forKey: OneTime.field)
        let title = (form["title"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 200 else { return try await newPage(req, actor, form: form, error: req.t("assessment.error.title")) }
        guard let kind = form["kind"], Self.kinds.contains(kind) else { return try await newPage(req, actor, form: form, error: req.t("assessment.error.kind")) }
        guard let level = form["level"], Self.levels.contains(level) else { return try await newPage(req, actor, form: form, error: req.t("assessment.error.level")) }
        // Forged or foreign ids are not found in this school: refused, nothing written.
        guard let classID = form["class_id"].flatMap(UUID.init(uuidString:)),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == classID).first() else {
            return try await newPage(req, actor, form: form, error: req.t("users.error.class"))
        }
        guard let subjectID = form["subject_id"].flatMap(UUID.init(uuidString:)),
              try await Subject.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == subjectID).count() == 1 else {
            return try await newPage(req, actor, form: form, error: req.t("users.error.subject"))
        }
        guard actor.may(.write(.assessments), actor.classRecords(classID, grade: c.grade, subject: subjectID)) else { throw Abort(.forbidden) }
        guard let year = try await AcademicYear.find(c.$academicYear.id, on: req.db),
              let date = form["date"].flatMap(LocalDate.init), year.startsOn <= date, date <= year.endsOn else {
            return try await newPage(req, actor, form: form, error: req.t("assessment.error.date"))
        }
        var maxScore: Double?
        if let m = form["max_score"], !m.isEmpty {
            guard let v = Double(m.replacingOccurrences(of: ",", with: ".")), v > 0, v <= 1000 else {
                return try await newPage(req, actor, form: form, error: req.t("assessment.error.max_score"))
            }
            maxScore = v
        }
        let e = AssessmentEvent()
        e.id = UUID(); e.schoolID = actor.schoolID; e.$academicYear.id = year.id!; e.$classGroup.id = classID; e.$subject.id = subjectID
        e.source = ["vpr", "regional_monitoring"].contains(kind) || level != "school" ? .external : .internal
        e.kind = kind; e.title = title; e.form = (form["form"] ?? "").trimmingCharacters(in: .whitespaces); e.date = date
        e.organiser = form["organiser"].flatMap { $0.isEmpty ? nil : $0 }; e.level = level; e.maxScore = maxScore
        let location = try await OneTime.run(req, command: "assessment.create") { tx in
            try await e.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "create", objectKind: "assessment", objectID: e.id, pupilID: nil)
            return RouteTable.assessment.path(e.id!.uuidString.lowercased())
        }
        return req.redirect(to: location)
    }

    struct ResultsPage: Encodable {
        struct Row: Encodable { let pupil, name, score, mark, level: String; let error: String? }
        let page: PageMeta
        let title, meta, maxScore, allowed: String
        let rows: [Row]
        let levels: [Option]
        let canWrite: Bool
        let saved: Bool
        let action: String
    }

    private func event(_ req: Request, write: Bool) async throws -> (CurrentActor, AssessmentEvent, ClassGroup, Target) {
        let actor = try req.actor
        guard let id = req.parameters.get("assessmentID", as: UUID.self),
              let e = try await AssessmentEvent.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id)
                .with(\.$classGroup).with(\.$subject).first(), let c = e.classGroup else { throw Abort(.notFound) }
        let records = actor.classRecords(c.id!, grade: c.grade, subject: e.$subject.id)
        guard actor.may(.read(.assessments), records) else { throw Abort(.notFound) }
        if write && !actor.may(.write(.assessments), records) { throw Abort(.forbidden) }
        return (actor, e, c, records)
    }

    private func resultsPage(_ req: Request, _ actor: CurrentActor, _ e: AssessmentEvent, _ c: ClassGroup, _ facts: Target,
                             values: [String: String] = [:], errors: [UUID: String] = [:]) async throws -> Response {
        let pupils = try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == c.id!).with(\.$pupil).all()
            .filter { $0.startsOn <= e.date && ($0.endsOn.map { e.date <= $0 } ?? true) }.map(\.pupil)
            .sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        let results = try await AssessmentResult.query(on: req.db).filter(\.$event.$id == e.id!).all()
        let byPupil = Dictionary(results.map { ($0.$pupil.id, $0) }, uniquingKeysWith: { a, _ in a })
        let scale = try await scaleFor(req.db, e, c)
        // Every child on the page reaches their access log (one INSERT), whether the page is shown or refused a save.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "assessment", objectID: e.id, pupilIDs: pupils.map { $0.id! })
        func f(_ d: Double?) -> String { d.map { PeriodMarksFormat.weight($0) } ?? "" }
        let page = ResultsPage(
            page: try req.page(e.title, section: "assessments"), title: e.title,
            meta: [req.t("assessment.kind.\(e.kind)"), e.level.map { req.t("assessment.level.\($0)") } ?? "", c.title,
                   e.subject?.name ?? "", e.date.russian, req.t("assessment.source.\(e.source.rawValue)")].filter { !$0.isEmpty }.joined(separator: " · "),
            maxScore: f(e.maxScore), allowed: scale?.allowed.joined(separator: ", ") ?? "",
            rows: pupils.map { p in
                let id = p.id!.uuidString.lowercased()
                let r = byPupil[p.id!]
                return ResultsPage.Row(pupil: id, name: p.name.full, score: values["score_\(id)"] ?? f(r?.score),
                                       mark: values["mark_\(id)"] ?? r?.value ?? "", level: values["level_\(id)"] ?? r?.level?.rawValue ?? "",
                                       error: errors[p.id!])
            },
            levels: Self.resultLevels.map { Option(id: $0.rawValue, title: req.t("level.\($0.rawValue)"), selected: false) },
            canWrite: actor.may(.write(.assessments), facts),
            saved: (try? req.query.get(Int.self, at: "saved")) == 1, action: RouteTable.assessment.path(e.id!.uuidString.lowercased()))
        return try await req.view.render("assessments/show", page).encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    private func scaleFor(_ db: any Database, _ e: AssessmentEvent, _ c: ClassGroup) async throws -> ScaleRule? {
        guard c.grade > 1, let item = try await CurriculumItem.query(on: db).filter(\.$classGroup.$id == c.id!)
            .filter(\.$subject.$id == e.$subject.id ?? UUID()).with(\.$markScale).first(), item.markScale.kind != .verbal else { return nil }
        return ScaleRule(kind: item.markScale.kind, allowed: item.markScale.allowedValues, inAverage: item.markScale.inAverage)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (actor, e, c, facts) = try await event(req, write: false)
        return try await resultsPage(req, actor, e, c, facts)
    }

    /// Every result of the class in one transaction: a score within the maximum, a mark on the subject's scale
    /// (never in grade 1), a level.
    @Sendable func saveResults(req: Request) async throws -> Response {
        let (actor, e, c, facts) = try await event(req, write: true)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let scale = try await scaleFor(req.db, e, c)
        let pupils = try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == c.id!).all()
            .filter { $0.startsOn <= e.date && ($0.endsOn.map { e.date <= $0 } ?? true) }.map { $0.$pupil.id }
        var errors: [UUID: String] = [:]
        var rows: [(UUID, Double?, String?, IndicatorLevelValue?)] = []
        for p in pupils {
            let id = p.uuidString.lowercased()
            let scoreText = (form["score_\(id)"] ?? "").trimmingCharacters(in: .whitespaces)
            let mark = (form["mark_\(id)"] ?? "").trimmingCharacters(in: .whitespaces)
            let levelText = form["level_\(id)"] ?? ""
            if scoreText.isEmpty && mark.isEmpty && levelText.isEmpty { continue }
            var score: Double?
            if !scoreText.isEmpty {
                guard let s = Double(scoreText.replacingOccurrences(of: ",", with: ".")), s >= 0, s <= (e.maxScore ?? 1000) else {
                    errors[p] = req.t("assessment.error.score", e.maxScore.map { PeriodMarksFormat.weight($0) } ?? "1000"); continue
                }
                score = s
            }
            if !mark.isEmpty {
                guard let scale else { errors[p] = MarkError.gradeOneTakesNoMarks.message; continue }
                guard scale.allowed.contains(mark) else { errors[p] = MarkError.notOnScale(value: mark, allowed: scale.allowed).message; continue }
            }
            var level: IndicatorLevelValue?
            if !levelText.isEmpty {
                guard let l = IndicatorLevelValue(rawValue: levelText) else { errors[p] = req.t("assessment.error.result_level"); continue }
                level = l
            }
            rows.append((p, score, mark.isEmpty ? nil : mark, level))
        }
        guard errors.isEmpty else { return try await resultsPage(req, actor, e, c, facts, values: form, errors: errors) }
        let eventID = e.id!, schoolID = actor.schoolID, maxScore = e.maxScore, all = rows
        try await req.db.writeTransaction { tx in
            for (pupil, score, mark, level) in all {
                let r = try await AssessmentResult.query(on: tx).filter(\.$event.$id == eventID).filter(\.$pupil.$id == pupil).first() ?? AssessmentResult()
                if r.id == nil { r.schoolID = schoolID; r.$event.id = eventID; r.$pupil.id = pupil }
                else if r.score == score, r.maxScore == maxScore, r.value == mark, r.level == level { continue }
                r.score = score; r.maxScore = maxScore; r.value = mark; r.level = level
                try await r.save(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "assessment_result", objectID: eventID, pupilID: pupil)
            }
        }
        return req.redirect(to: RouteTable.assessment.path(eventID.uuidString.lowercased()) + "?saved=1")
    }
}
