import Domain
import Fluent
import Vapor

/// The assessment policy as data (1.2): periods, the period-mark rule per grade range, work types and weights,
/// mark scales — edited by the admin, the head or the deputy head.
struct SettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.settings, use: show)
        routes.post(.settingsPeriods, use: addPeriod)
        routes.post(.settingsPeriod, use: savePeriod)
        routes.post(.settingsPeriodsDelete, use: deletePeriod)
        routes.post(.settingsIndicators, use: addIndicator)
        routes.post(.settingsIndicator, use: saveIndicator)
        routes.post(.settingsPolicy, use: savePolicy)
        routes.post(.settingsWorkTypes, use: addWorkType)
        routes.post(.settingsWorkType, use: saveWorkType)
        routes.post(.settingsScale, use: saveScale)
        routes.get(.settingsVocabularies, use: vocabularies)
        routes.post(.settingsVocabularies, use: addEntry)
        routes.post(.settingsVocabulary, use: saveEntry)
    }

    // MARK: The school's lists (1.2): achievement sections, kinds, levels, results, award kinds and grounds…

    struct VocabularyPage: Encodable {
        struct Entry: Encodable { let id, code, titleRu, titleEn, action: String; let active: Bool }
        struct List: Encodable { let kind, title: String; let entries: [Entry] }
        let page: PageMeta
        let lists: [List]
        let error: String?
        let saved: Bool
    }

    private func vocabularyPage(_ req: Request, _ actor: CurrentActor, error: String? = nil) async throws -> Response {
        let rows = try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all()
        let grouped = Dictionary(grouping: rows, by: \.vocabulary)
        let lists = VocabularyKind.allCases.map { kind in
            VocabularyPage.List(kind: kind.rawValue, title: req.t("vocabulary.\(kind.rawValue)"), entries: (grouped[kind] ?? []).map {
                .init(id: $0.id!.uuidString.lowercased(), code: $0.code, titleRu: $0.titleRu, titleEn: $0.titleEn,
                      action: RouteTable.settingsVocabulary.path($0.id!.uuidString.lowercased()), active: $0.active)
            })
        }
        return try await req.view.render("settings/vocabularies", VocabularyPage(
            page: try req.page(req.t("vocabulary.title"), section: "settings"), lists: lists, error: error,
            saved: (try? req.query.get(Int.self, at: "saved")) == 1)).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func vocabularies(req: Request) async throws -> Response {
        try await vocabularyPage(req, try manager(req))
    }

    struct EntryForm: Content { var vocabulary: String?; var title_ru: String?; var title_en: String?; var active: String? }

    @Sendable func addEntry(req: Request) async throws -> Response {
        let actor = try manager(req)
        let form = try req.content.decode(EntryForm.self)
        let ru = (form.title_ru ?? "").trimmingCharacters(in: .whitespaces), en = (form.title_en ?? "").trimmingCharacters(in: .whitespaces)
        guard let kind = form.vocabulary.flatMap(VocabularyKind.init(rawValue:)) else {
            return try await vocabularyPage(req, actor, error: req.t("vocabulary.error.kind"))
        }
        guard !ru.isEmpty, ru.count <= 200, en.count <= 200 else { return try await vocabularyPage(req, actor, error: req.t("vocabulary.error.title")) }
        let existing = try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$vocabulary == kind).all()
        guard !existing.contains(where: { $0.titleRu.lowercased() == ru.lowercased() }) else {
            return try await vocabularyPage(req, actor, error: req.t("vocabulary.error.duplicate"))
        }
        // New entries get a stable code of their own; the defaults keep theirs (rules such as the gifted list read them).
        let e = VocabularyEntry(schoolID: actor.schoolID, vocabulary: kind, code: "custom_" + String(UUID().uuidString.prefix(8)).lowercased(),
                                titleRu: ru, titleEn: en, sort: (existing.map(\.sort).max() ?? -1) + 1)
        // A repeated submit of the form (a double click) adds no second row.
        _ = try await OneTime.run(req, command: "settings.vocabulary") { tx in
            try await e.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_vocabulary", objectID: e.id, pupilID: nil, details: kind.rawValue)
            return ""
        }
        return req.redirect(to: RouteTable.settingsVocabularies.path() + "?saved=1#\(kind.rawValue)")
    }

    @Sendable func saveEntry(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let e = try await VocabularyEntry.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let form = try req.content.decode(EntryForm.self)
        let ru = (form.title_ru ?? "").trimmingCharacters(in: .whitespaces), en = (form.title_en ?? "").trimmingCharacters(in: .whitespaces)
        guard !ru.isEmpty, ru.count <= 200, en.count <= 200 else { return try await vocabularyPage(req, actor, error: req.t("vocabulary.error.title")) }
        e.titleRu = ru; e.titleEn = en
        // Entries are switched off, never deleted: old records keep their titles. The checkbox is named per row.
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        e.active = form.active == "on" || form.active == "true" || fields.keys.contains { $0.hasPrefix("active_") }
        try await req.db.writeTransaction { tx in
            try await e.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_vocabulary", objectID: id, pupilID: nil, details: e.vocabulary.rawValue)
        }
        return req.redirect(to: RouteTable.settingsVocabularies.path() + "?saved=1#\(e.vocabulary.rawValue)")
    }

    private func manager(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.decide(.manageSettings, .school(actor.schoolID)).allowed else { throw Abort(.forbidden) }
        return actor
    }

    struct Page: Encodable {
        struct PeriodRow: Encodable { let id, title, startsOn, endsOn, gradeFrom, gradeTo, kind: String }
        struct PolicyRow: Encodable {
            let id, grades, t5, t4, t3, minMarks: String
            let marksAllowed, gradeOne: Bool
        }
        struct WorkTypeRow: Encodable { let id, title, weight: String }
        struct ScaleRow: Encodable { let id, title, kind, values: String; let editable: Bool }
        struct IndicatorRow: Encodable { let id, title, group: String; let active: Bool }
        struct Option: Encodable { let id, title: String }
        let page: PageMeta
        let year: String
        let periods: [PeriodRow]
        let policies: [PolicyRow]
        let workTypes: [WorkTypeRow]
        let scales: [ScaleRow]
        let indicators: [IndicatorRow]
        let groups: [Option]
        let kinds: [Option]
        let error: String?
        let saved: Bool
    }

    private func render(_ req: Request, _ actor: CurrentActor, error: String? = nil) async throws -> Response {
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else {
            throw Abort(.notFound)
        }
        let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$gradeFrom).sort(\.$startsOn).all()
        let policies = try await AssessmentPolicy.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == year.id!).sort(\.$gradeFrom).all()
        let workTypes = try await WorkType.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all()
        let scales = try await MarkScale.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$code).all()
        let indicators = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$sort).all()
        func f(_ x: Double) -> String { PeriodMarksFormat.weight(x) }
        let page = Page(
            page: try req.page(req.t("settings.title"), section: "settings"), year: year.title,
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, startsOn: $0.startsOn.iso, endsOn: $0.endsOn.iso,
                                         gradeFrom: String($0.gradeFrom), gradeTo: String($0.gradeTo), kind: req.t("period.kind.\($0.kind.rawValue)")) },
            policies: policies.map { .init(id: $0.id!.uuidString.lowercased(), grades: "\($0.gradeFrom)–\($0.gradeTo)", t5: f($0.threshold5),
                                           t4: f($0.threshold4), t3: f($0.threshold3), minMarks: String($0.minMarks),
                                           marksAllowed: $0.marksAllowed, gradeOne: $0.gradeFrom <= 1) },
            workTypes: workTypes.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, weight: f($0.weight)) },
            scales: scales.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, kind: req.t("scale.kind.\($0.kind.rawValue)"),
                                       values: $0.allowedValues.joined(separator: ", "), editable: $0.kind != .verbal) },
            indicators: indicators.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title,
                                               group: req.t("indicator.group.\($0.group.rawValue)"), active: $0.active) },
            groups: IndicatorGroup.allCases.map { .init(id: $0.rawValue, title: req.t("indicator.group.\($0.rawValue)")) },
            kinds: PeriodKind.allCases.map { .init(id: $0.rawValue, title: req.t("period.kind.\($0.rawValue)")) },
            error: error, saved: (try? req.query.get(Int.self, at: "saved")) == 1)
        return try await req.view.render("settings/index", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, try manager(req))
    }

    private func saved(_ req: Request) -> Response { req.redirect(to: RouteTable.settings.path() + "?saved=1") }

    struct PeriodForm: Content {
        var title: String?; var starts_on: String?; var ends_on: String?
        var grade_from: String?; var grade_to: String?; var kind: String?
    }

    /// Checks a period's dates and grades against the year and the other periods of its kind; nil when valid.
    private func periodProblem(_ req: Request, year: AcademicYear, kind: PeriodKind, start: LocalDate, end: LocalDate,
                               grades: ClosedRange<Int>, except: UUID?) async throws -> String? {
        guard start <= end else { return req.t("settings.error.period_order") }
        guard year.startsOn <= start, end <= year.endsOn else {
            return req.t("settings.error.period_year", year.startsOn.russian, year.endsOn.russian)
        }
        let others = try await Period.query(on: req.db).filter(\.$academicYear.$id == year.id!).all()
            .filter { $0.id != except && $0.kind == kind && $0.gradeFrom <= grades.upperBound && grades.lowerBound <= $0.gradeTo }
        if let clash = others.first(where: { $0.startsOn <= end && start <= $0.endsOn }) {
            return req.t("settings.error.period_overlap", clash.title)
        }
        return nil
    }

    private func grades(_ form: PeriodForm) -> ClosedRange<Int>? {
        guard let f = form.grade_from.flatMap({ Int($0) }), let t = form.grade_to.flatMap({ Int($0) }), 1 <= f, f <= t, t <= 11 else { return nil }
        return f...t
    }

    /// A new period (another scheme — trimesters — or grade 1's own dates with its extra February holidays).
    @Sendable func addPeriod(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let form = try req.content.decode(PeriodForm.self)
        guard let kind = form.kind.flatMap(PeriodKind.init(rawValue:)) else { return try await render(req, actor, error: req.t("settings.error.period_kind")) }
        guard let start = form.starts_on.flatMap(LocalDate.init), let end = form.ends_on.flatMap(LocalDate.init) else {
            return try await render(req, actor, error: req.t("settings.error.period_dates"))
        }
        guard let g = grades(form) else { return try await render(req, actor, error: req.t("settings.error.period_grades")) }
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { return try await render(req, actor, error: req.t("settings.error.period_title")) }
        if let problem = try await periodProblem(req, year: year, kind: kind, start: start, end: end, grades: g, except: nil) {
            return try await render(req, actor, error: problem)
        }
        let number = try await Period.query(on: req.db).filter(\.$academicYear.$id == year.id!).filter(\.$kind == kind).count() + 1
        let p = Period(id: UUID(), schoolID: actor.schoolID, academicYearID: year.id!, kind: kind, number: number, title: title,
                       startsOn: start, endsOn: end, gradeFrom: g.lowerBound, gradeTo: g.upperBound)
        // A repeated submit of the form (a double click) adds no second row.
        _ = try await OneTime.run(req, command: "settings.period") { tx in
            try await p.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_period", objectID: p.id, pupilID: nil)
            return ""
        }
        return saved(req)
    }

    /// A period nothing rests on yet (no period marks, locks or УУД levels) may be removed.
    @Sendable func deletePeriod(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let period = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let used = try await PeriodMark.query(on: req.db).filter(\.$period.$id == id).count()
            + PeriodLock.query(on: req.db).filter(\.$period.$id == id).count()
            + IndicatorLevel.query(on: req.db).filter(\.$period.$id == id).count()
        guard used == 0 else { return try await render(req, actor, error: req.t("settings.error.period_used", period.title)) }
        try await req.db.writeTransaction { tx in
            try await period.delete(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_period", objectID: id, pupilID: nil)
        }
        return saved(req)
    }

    struct IndicatorForm: Content { var title: String?; var group: String?; var active: String? }

    @Sendable func addIndicator(req: Request) async throws -> Response {
        let actor = try manager(req)
        let form = try req.content.decode(IndicatorForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 200, let group = form.group.flatMap(IndicatorGroup.init(rawValue:)) else {
            return try await render(req, actor, error: req.t("settings.error.indicator"))
        }
        let count = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).count()
        let i = Indicator(schoolID: actor.schoolID, group: group, title: title, sort: count)
        // A repeated submit of the form (a double click) adds no second row.
        _ = try await OneTime.run(req, command: "settings.indicator") { tx in
            try await i.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_indicator", objectID: i.id, pupilID: nil)
            return ""
        }
        return saved(req)
    }

    @Sendable func saveIndicator(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let i = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let form = try req.content.decode(IndicatorForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 200 else { return try await render(req, actor, error: req.t("settings.error.indicator")) }
        i.title = title
        // The checkbox is named per row («active_<id>»): checked when any such field came.
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        i.active = form.active == "on" || form.active == "true" || fields.keys.contains { $0.hasPrefix("active_") }
        try await req.db.writeTransaction { tx in
            try await i.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_indicator", objectID: id, pupilID: nil)
        }
        return saved(req)
    }

    @Sendable func savePeriod(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let period = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id)
                .with(\.$academicYear).first() else { throw Abort(.notFound) }
        let form = try req.content.decode(PeriodForm.self)
        guard let start = form.starts_on.flatMap(LocalDate.init), let end = form.ends_on.flatMap(LocalDate.init) else {
            return try await render(req, actor, error: req.t("settings.error.period_dates"))
        }
        var g = period.gradeFrom...period.gradeTo
        if form.grade_from != nil || form.grade_to != nil {
            guard let parsed = grades(form) else { return try await render(req, actor, error: req.t("settings.error.period_grades")) }
            g = parsed
        }
        if let problem = try await periodProblem(req, year: period.academicYear, kind: period.kind, start: start, end: end, grades: g, except: id) {
            return try await render(req, actor, error: problem)
        }
        period.gradeFrom = g.lowerBound
        period.gradeTo = g.upperBound
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        if !title.isEmpty { period.title = title }
        period.startsOn = start
        period.endsOn = end
        try await req.db.writeTransaction { tx in
            try await period.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_period", objectID: id, pupilID: nil)
        }
        return saved(req)
    }

    struct PolicyForm: Content { var threshold_5: String?; var threshold_4: String?; var threshold_3: String?; var min_marks: String?; var marks_allowed: String? }

    @Sendable func savePolicy(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let policy = try await AssessmentPolicy.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let form = try req.content.decode(PolicyForm.self)
        func number(_ s: String?) -> Double? { s.flatMap { Double($0.replacingOccurrences(of: ",", with: ".")) } }
        let marksAllowed = form.marks_allowed == "on" || form.marks_allowed == "true"
        // СП 2.4.3648-20 п. 3.4.16: grade 1 is assessed without marks, whatever the form says.
        if policy.gradeFrom <= 1 && marksAllowed {
            return try await render(req, actor, error: req.t("settings.error.grade_one"))
        }
        if marksAllowed {
            guard let t5 = number(form.threshold_5), let t4 = number(form.threshold_4), let t3 = number(form.threshold_3),
                  2 < t3, t3 < t4, t4 < t5, t5 <= 5 else {
                return try await render(req, actor, error: req.t("settings.error.thresholds"))
            }
            guard let m = form.min_marks.flatMap({ Int($0) }), (0...20).contains(m) else {
                return try await render(req, actor, error: req.t("settings.error.min_marks"))
            }
            policy.threshold5 = t5; policy.threshold4 = t4; policy.threshold3 = t3; policy.minMarks = m
        }
        policy.marksAllowed = marksAllowed
        try await req.db.writeTransaction { tx in
            try await policy.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_policy", objectID: id, pupilID: nil)
        }
        return saved(req)
    }

    struct WorkTypeForm: Content { var title: String?; var weight: String? }

    private func validWorkType(_ req: Request, _ form: WorkTypeForm) -> (String, Double)? {
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty, title.count <= 100,
              let w = form.weight.flatMap({ Double($0.replacingOccurrences(of: ",", with: ".")) }), w > 0, w <= 5 else { return nil }
        return (title, w)
    }

    @Sendable func addWorkType(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let (title, weight) = validWorkType(req, try req.content.decode(WorkTypeForm.self)) else {
            return try await render(req, actor, error: req.t("settings.error.work_type"))
        }
        let count = try await WorkType.query(on: req.db).filter(\.$schoolID == actor.schoolID).count()
        let w = WorkType(id: UUID(), schoolID: actor.schoolID, code: "custom_\(count + 1)_\(UUID().uuidString.prefix(4).lowercased())",
                         title: title, weight: weight, sort: count)
        // A repeated submit of the form (a double click) adds no second row.
        _ = try await OneTime.run(req, command: "settings.work_type") { tx in
            try await w.create(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_work_type", objectID: w.id, pupilID: nil)
            return ""
        }
        return saved(req)
    }

    @Sendable func saveWorkType(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let w = try await WorkType.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        guard let (title, weight) = validWorkType(req, try req.content.decode(WorkTypeForm.self)) else {
            return try await render(req, actor, error: req.t("settings.error.work_type"))
        }
        w.title = title
        w.weight = weight
        try await req.db.writeTransaction { tx in
            try await w.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_work_type", objectID: id, pupilID: nil)
        }
        return saved(req)
    }

    struct ScaleForm: Content { var title: String?; var values: String? }

    @Sendable func saveScale(req: Request) async throws -> Response {
        let actor = try manager(req)
        guard let id = req.parameters.get("id", as: UUID.self),
              let scale = try await MarkScale.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first(),
              scale.kind != .verbal
        else { throw Abort(.notFound) }
        let form = try req.content.decode(ScaleForm.self)
        let values = (form.values ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // «н» is attendance and symbols are not marks: a scale holds numbers, or words for pass/fail.
        let valid = !values.isEmpty && Set(values).count == values.count && !values.contains { MarkRules.attendanceCodes[$0.lowercased()] != nil }
            && (scale.kind == .numeric ? values.allSatisfy { Int($0).map { (1...10).contains($0) } ?? false } : values.allSatisfy { $0.count >= 3 })
        guard valid else { return try await render(req, actor, error: req.t("settings.error.scale")) }
        scale.allowedValues = values
        let title = (form.title ?? "").trimmingCharacters(in: .whitespaces)
        if !title.isEmpty { scale.title = title }
        try await req.db.writeTransaction { tx in
            try await scale.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "settings_scale", objectID: id, pupilID: nil)
        }
        return saved(req)
    }
}
