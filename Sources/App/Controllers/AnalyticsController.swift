import Documents
import Domain
import Fluent
import SQLKit
import Vapor

/// Analytics for the deputy head and class teachers (2.1, 2.2): pupils at risk with the reason shown, results against
/// the planned ones (share of pupils at each level per subject and УУД), the class's distribution of marks; each list
/// exportable.
struct AnalyticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.analytics, use: show)
    }

    struct RiskRow: Encodable { let pupil, className, href: String; let reasons: [String] }
    struct LevelRow: Encodable { let title, className: String; let counts: [Int]; let none: Int; let achieved: Int; let gap: Int }
    struct DistributionRow: Encodable { let subject, chart, summary: String; let counts: [Int] }

    struct Page: Encodable {
        let page: PageMeta
        let period: String
        let classes: [SelectOption]
        let classID: String
        let risk: [RiskRow]
        let levels: [String]
        let subjects: [LevelRow]
        let indicators: [LevelRow]
        let distribution: [DistributionRow]
        let exportBase: String
        let pupils: Int
    }

    /// Marks of the pupils in reach, read with one query (the columns the rules need, nothing else).
    struct MarkRow: Decodable {
        let pupil_id: UUID
        let curriculum_item_id: UUID
        let lesson_id: UUID
        let date: String
        let value: String?
        let weight: Double
        let action: String
        let recorded_at: Date
    }

    struct Gathered {
        let pupils: [UUID: (name: PersonName, classTitle: String, classID: UUID)]
        let classes: [ClassQueries.Row]
        let period: Period
        let risk: [RiskRow]
        let subjects: [LevelRow]
        let indicators: [LevelRow]
        let distribution: [DistributionRow]
    }

    static let levelCodes = ["high", "advanced", "basic", "below_basic"]

    static func gather(_ req: Request, _ actor: CurrentActor, classFilter: UUID?) async throws -> Gathered {
        guard let reach = try await ReachQueries.inReach(on: req.db, actor, for: .viewAnalytics) else { throw Abort(.notFound) }
        let classes = reach.classes.filter { c in
            classFilter.map { $0 == c.id } ?? true
        }
        let classIDs = Set(classes.map(\.id))
        let pupils = reach.pupils.filter { classIDs.contains($0.value.classID) }
        let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == reach.year.id!)
            .filter(\.$gradeTo >= 2).sort(\.$startsOn).all()
        guard let period = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: actor.today) else { throw Abort(.notFound) }
        let items = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id ~~ Array(classIDs))
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all()
            .filter { $0.markScale.inAverage && $0.classGroup.grade > 1 }
            .sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.subject.sort) < ($1.classGroup.grade, $1.classGroup.letter, $1.subject.sort) }
        let from = min(period.startsOn, actor.today.adding(days: -7 * 2 * RiskRules.weeks))
        var rows: [MarkRow] = []
        if let sql = req.db as? any SQLDatabase, !items.isEmpty {
            rows = try await sql.select()
                .columns("pupil_id", "curriculum_item_id", "lesson_id", "date", "value", "weight", "action", "recorded_at")
                .from(MarkEvent.schema)
                .where("school_id", .equal, SQLBind(actor.schoolID))
                .where("curriculum_item_id", .in, SQLBind.group(items.compactMap(\.id)))
                .where("date", .greaterThanOrEqual, SQLBind(from.iso))
                .where("date", .lessThanOrEqual, SQLBind(actor.today.iso))
                .orderBy("recorded_at")
                .all(decoding: MarkRow.self)
        }
        // The current mark of each cell is its latest event.
        let current = MarkHistory.current(rows, cell: { "\($0.lesson_id)|\($0.pupil_id)" }, recordedAt: \.recorded_at,
                                          isSet: { $0.action == MarkEventAction.set.rawValue })
        var byPupil: [UUID: [UUID: [ChartGeometry.Mark]]] = [:]
        for r in current {
            guard let v = r.value.flatMap(Int.init), let d = LocalDate(r.date), pupils[r.pupil_id] != nil else { continue }
            byPupil[r.pupil_id, default: [:]][r.curriculum_item_id, default: []].append(.init(date: d, value: v, weight: r.weight))
        }
        let debts = try await AcademicDebt.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$clearedOn == nil)
            .filter(\.$pupil.$id ~~ Array(pupils.keys)).with(\.$curriculumItem) { $0.with(\.$subject) }.all()
        let policies = try await AssessmentPolicy.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == reach.year.id!).all()
        func rule(grade: Int) -> PeriodMarkRule {
            guard let p = policies.first(where: { $0.gradeFrom <= grade && grade <= $0.gradeTo }), p.marksAllowed else { return .inFavour }
            return PeriodMarkRule(threshold5: p.threshold5, threshold4: p.threshold4, threshold3: p.threshold3, minMarks: p.minMarks)
        }

        // Pupils at risk.
        var risk: [(Int, PersonName, RiskRow)] = []
        let order = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($0.element.id, $0.offset) })
        for (id, p) in pupils {
            let grade = classes.first { $0.id == p.classID }?.grade ?? 1
            guard grade > 1 else { continue }
            let mine = items.filter { $0.$classGroup.id == p.classID }
            let subjects = mine.map { RiskRules.SubjectMarks(subject: $0.subject.name, marks: byPupil[id]?[$0.id!] ?? []) }
            let reasons = RiskRules.assess(subjects, today: actor.today, periodStart: period.startsOn, periodEnd: period.endsOn,
                                           minMarks: rule(grade: grade).minMarks,
                                           debts: debts.filter { $0.$pupil.id == id }.map(\.curriculumItem.subject.name))
            guard !reasons.isEmpty else { continue }
            risk.append((order[p.classID] ?? 0, p.name, RiskRow(pupil: p.name.full, className: p.classTitle,
                                                                 href: RouteTable.pupilsResults.path(id), reasons: reasons.map(\.text))))
        }
        risk.sort { ($0.0, $0.1.lastName, $0.1.firstName) < ($1.0, $1.1.lastName, $1.1.firstName) }

        // Results against the planned ones: every pupil at the basic level or above, per class × subject.
        var subjectRows: [LevelRow] = []
        var distribution: [DistributionRow] = []
        for item in items {
            let members = pupils.filter { $0.value.classID == item.$classGroup.id }
            var counts = Array(repeating: 0, count: levelCodes.count), none = 0
            var values: [String: Int] = [:]
            for (id, _) in members {
                let inPeriod = (byPupil[id]?[item.id!] ?? []).filter { $0.date >= period.startsOn && $0.date <= period.endsOn }
                for m in inPeriod { values[String(m.value), default: 0] += 1 }
                guard let mean = RiskRules.mean(inPeriod) else { none += 1; continue }
                counts[levelCodes.firstIndex(of: RiskRules.level(ofMean: mean, rule: rule(grade: item.classGroup.grade)))!] += 1
            }
            let achieved = counts[0] + counts[1] + counts[2]
            subjectRows.append(LevelRow(title: item.subject.name, className: item.classGroup.title, counts: counts, none: none,
                                        achieved: achieved, gap: counts[3]))
            if classFilter != nil {
                let chart = ChartGeometry.distribution(values)
                distribution.append(DistributionRow(subject: item.subject.name, chart: SVG.render(chart), summary: chart.summary,
                                                    counts: ["5", "4", "3", "2"].map { values[$0] ?? 0 }))
            }
        }

        // УУД: the levels recorded for the period, per indicator.
        let levels = try await IndicatorLevel.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$period.$id == period.id!)
            .filter(\.$pupil.$id ~~ Array(pupils.keys)).with(\.$indicator).all()
        let indicatorRows = Dictionary(grouping: levels, by: { $0.$indicator.id }).values
            .sorted { $0[0].indicator.sort < $1[0].indicator.sort }
            .map { ls -> LevelRow in
                let counts = [IndicatorLevelValue.high, .advanced, .basic].map { v in ls.filter { $0.level == v }.count }
                    + [ls.filter { $0.level == .belowBasic || $0.level == .low }.count]
                return LevelRow(title: ls[0].indicator.title, className: "", counts: counts, none: max(0, pupils.count - ls.count),
                                achieved: counts[0] + counts[1] + counts[2], gap: counts[3])
            }
        return Gathered(pupils: pupils, classes: classes, period: period, risk: risk.map(\.2), subjects: subjectRows,
                     indicators: indicatorRows, distribution: distribution)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let actor = try req.actor
        guard actor.may(.viewAnalytics) else { throw Abort(.forbidden) }
        let leader = actor.may(.control)
        let reachable = try await ClassQueries.list(on: req.db, actor: actor).filter { actor.may(.viewAnalytics, actor.classTarget($0.id, grade: $0.grade)) }
        let wanted = req.query[String.self, at: "class"].flatMap(UUID.init(uuidString:))
        if wanted != nil, !reachable.contains(where: { $0.id == wanted }) { throw Abort(.notFound) }
        // A class teacher always looks at a class: their own.
        let home = AccessPolicy.homeClasses(actor.assignments, schoolID: actor.schoolID, on: actor.today)
        let classFilter = wanted ?? (leader ? nil : reachable.first { home.contains($0.id) }?.id ?? reachable.first?.id)
        let d = try await Self.gather(req, actor, classFilter: classFilter)
        let levelTitles = Self.levelCodes.map { req.t("level.\($0)") }
        if let list = req.query[String.self, at: "list"] {
            let format = try SheetResponse.format(req)
            let sheet: Sheet
            switch list {
            case "risk":
                sheet = Sheet(name: "Группа риска", title: "Обучающиеся, которым нужно внимание · \(d.period.title)",
                              columns: [.init("Обучающийся", width: 32), .init("Класс", width: 7), .init("Причины", width: 90)],
                              rows: d.risk.map { [.text($0.pupil), .text($0.className), .text($0.reasons.joined(separator: "; "))] })
            case "levels":
                sheet = Sheet(name: "Уровни", title: "Результаты и планируемые результаты · \(d.period.title)",
                              columns: [.init("Класс", width: 7), .init("Предмет или УУД", width: 36)]
                                + levelTitles.map { .init($0, width: 12, format: "0") }
                                + [.init("Нет отметок", width: 10, format: "0"), .init("Базовый и выше", width: 12, format: "0")],
                              rows: (d.subjects + d.indicators).map { r in
                                  [.text(r.className), .text(r.title)] + r.counts.map { .number(Double($0)) }
                                      + [.number(Double(r.none)), .number(Double(r.achieved))]
                              })
            default: throw Abort(.badRequest, reason: req.t("analytics.error.list"))
            }
            try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "analytics", objectID: classFilter,
                                        pupilIDs: Array(d.pupils.keys), details: list)
            return try SheetResponse.file([sheet], name: sheet.name + " " + d.period.title, format: format, req: req)
        }
        // The page reads the marks of every child in its scope (the risk list and the levels come from them).
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "analytics", objectID: classFilter, pupilIDs: Array(d.pupils.keys))
        var base = RouteTable.analytics.path() + "?period=\(d.period.id!.uuidString.lowercased())"
        if let c = classFilter { base += "&class=\(c.uuidString.lowercased())" }
        return try await req.view.render("control/analytics", Page(
            page: try req.page(req.t("analytics.title"), section: "analytics"), period: d.period.title,
            classes: (leader ? [SelectOption(value: "", title: req.t("analytics.all_classes"), selected: classFilter == nil)] : [])
                + reachable.map { SelectOption(value: $0.id.uuidString, title: $0.title, selected: $0.id == classFilter) },
            classID: classFilter?.uuidString ?? "", risk: d.risk, levels: levelTitles, subjects: d.subjects, indicators: d.indicators,
            distribution: d.distribution, exportBase: base, pupils: d.pupils.count)).encodeResponse(for: req)
    }
}
