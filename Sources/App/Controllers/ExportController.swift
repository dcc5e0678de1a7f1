import Documents
import Domain
import Fluent
import Vapor

/// Spreadsheets (XLSX through libxlsxwriter, CSV safe against formula injection): the сводная ведомость of a class
/// and of the school, a class journal for a period, the achievements list with its filters.
struct ExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.classesSummary, use: classSummary)
        routes.get(.summary, use: schoolSummary)
        routes.get(.journalsClassExport, use: journal)
        routes.get(.journalsGroupExport, use: groupJournal)
        routes.get(.journalsIndividualExport, use: individualJournal)
        routes.get(.achievements, use: achievements)
    }

    // MARK: Сводная ведомость

    private func period(_ req: Request, _ actor: CurrentActor, year: AcademicYear, grade: Int?) async throws -> Period {
        var query = Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == year.id!)
        if let grade { query = query.filter(\.$gradeFrom <= grade).filter(\.$gradeTo >= grade) }
        let periods = try await query.sort(\.$startsOn).all()
        guard let p = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: actor.today) else {
            throw Abort(.notFound)
        }
        return p
    }

    /// The leadership and the class teacher of the class: the whole class's period marks.
    @Sendable func classSummary(req: Request) async throws -> Response {
        let actor = try req.actor
        let format = try SheetResponse.format(req)
        guard let id = req.parameters.get("classID", as: UUID.self),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).with(\.$academicYear).first(),
              actor.decide(.viewClass, .classGroup(schoolID: actor.schoolID, classGroupID: id, grade: c.grade)).allowed
        else { throw Abort(.notFound) }
        guard actor.may(.exportResults, actor.classTarget(id, grade: c.grade)) else { throw Abort(.forbidden) }
        let p = try await period(req, actor, year: c.academicYear, grade: c.grade)
        let sheet = try await SheetQueries.summary(on: req.db, classGroup: c, period: p, yearTitle: c.academicYear.title)
        try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "summary", objectID: id,
                                    pupilIDs: try await SchoolQueries.pupilsOfClasses(on: req.db, schoolID: actor.schoolID, classIDs: [id]),
                                    details: "\(c.title), \(p.title)")
        return try SheetResponse.file([sheet], name: "Сводная ведомость \(c.title) \(p.title)", format: format, req: req)
    }

    /// The school's ведомость: a sheet per class the head or deputy head reaches.
    @Sendable func schoolSummary(req: Request) async throws -> Response {
        let actor = try req.require(.exportResults)
        let format = try SheetResponse.format(req)
        guard let year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        let wanted = try await period(req, actor, year: year, grade: nil)
        // A sheet per class the policy lets the actor export, class by class (not the union of all their roles' reach).
        let classes = try await ClassQueries.list(on: req.db, actor: actor).filter { actor.may(.exportResults, actor.classTarget($0.id, grade: $0.grade)) }
        var sheets: [Sheet] = []
        for row in classes {
            guard let c = try await ClassGroup.find(row.id, on: req.db) else { continue }
            // Each class by its own period of the same kind and number (grade 1 may have its own dates).
            let own = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == year.id!)
                .filter(\.$kind == wanted.kind).filter(\.$number == wanted.number)
                .filter(\.$gradeFrom <= c.grade).filter(\.$gradeTo >= c.grade).first() ?? wanted
            sheets.append(try await SheetQueries.summary(on: req.db, classGroup: c, period: own, yearTitle: year.title))
        }
        try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "summary", objectID: nil,
                                    pupilIDs: try await SchoolQueries.pupilsOfClasses(on: req.db, schoolID: actor.schoolID, classIDs: classes.map(\.id)),
                                    details: "школа, \(wanted.title)")
        return try SheetResponse.file(sheets, name: "Сводная ведомость школы \(wanted.title)", format: format, req: req)
    }

    // MARK: A journal for a period (class, individual, extracurricular course, club or section)

    @Sendable func journal(req: Request) async throws -> Response {
        try await journal(req, req.parameters.get("journalID", as: UUID.self).map { .classSubject(itemID: $0) })
    }

    @Sendable func groupJournal(req: Request) async throws -> Response {
        try await journal(req, req.parameters.get("journalID", as: UUID.self).map { .group(groupID: $0) })
    }

    @Sendable func individualJournal(req: Request) async throws -> Response {
        guard let item = req.parameters.get("journalID", as: UUID.self), let pupil = req.parameters.get("pupilID", as: UUID.self) else {
            throw Abort(.notFound)
        }
        return try await journal(req, .individual(itemID: item, pupilID: pupil))
    }

    private func journal(_ req: Request, _ ref: JournalRef?) async throws -> Response {
        let actor = try req.actor
        let format = try SheetResponse.format(req)
        let j = try await JournalAccess.journal(req, ref)
        let id = j.curriculumItemID ?? j.groupID
        let periods = try await JournalQueries.periods(on: req.db, j)
        guard let p = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: actor.today) else { throw Abort(.notFound) }
        let sheet = try await SheetQueries.journal(on: req.db, j, period: p)
        try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "journal", objectID: id,
                                    pupilIDs: try await JournalQueries.pupils(on: req.db, j, from: p.startsOn, to: p.endsOn).compactMap(\.pupil.id),
                                    details: p.title)
        return try SheetResponse.file([sheet], name: "Журнал \(j.title) \(p.title)", format: format, req: req)
    }

    // MARK: Achievements with filters

    struct AchievementsPage: Encodable {
        struct Row: Encodable { let date, pupil, className, title, section, level, result, status, href: String; let external: Bool }
        let page: PageMeta
        let rows: [Row]
        let sections, levels, results, statuses, classes: [SelectOption]
        let from, to: String
        let query: String
        let total: Int
    }

    struct Filter {
        var section: String?, level: String?, result: String?, status: AchievementStatus?, classID: UUID?, from: LocalDate?, to: LocalDate?

        init(_ req: Request) {
            func value(_ k: String) -> String? { req.query[String.self, at: k].flatMap { $0.isEmpty ? nil : $0 } }
            section = value("section"); level = value("level"); result = value("result")
            status = value("status").flatMap(AchievementStatus.init(rawValue:)); classID = value("class").flatMap(UUID.init(uuidString:))
            from = value("from").flatMap(LocalDate.init); to = value("to").flatMap(LocalDate.init)
        }
    }

    /// Rows of the achievements list on the page; the spreadsheet carries every row.
    static let pageRows = 500

    /// The deputy head's list of achievements in reach, filtered; the same filters give the XLSX or CSV.
    @Sendable func achievements(req: Request) async throws -> Response {
        let actor = try req.require(.control)
        guard let reach = try await ReachQueries.inReach(on: req.db, actor) else { throw Abort(.notFound) }
        let f = Filter(req)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.achievementSection, .achievementLevel, .achievementResult],
                                              language: req.language)
        var pupilIDs = Array(reach.pupils.keys)
        if let c = f.classID { pupilIDs = pupilIDs.filter { reach.pupils[$0]?.classID == c } }
        var q = Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id ~~ pupilIDs)
        if let s = f.section { q = q.filter(\.$section == s) }
        if let l = f.level { q = q.filter(\.$level == l) }
        if let r = f.result { q = q.filter(\.$result == r) }
        if let s = f.status { q = q.filter(\.$status == s) }
        if let d = f.from { q = q.filter(\.$startsOn >= d) }
        if let d = f.to { q = q.filter(\.$startsOn <= d) }
        let found = pupilIDs.isEmpty ? [] : try await q.sort(\.$startsOn, .descending).all()
        func row(_ a: Achievement) -> (Achievement, (name: PersonName, classTitle: String, classID: UUID)) { (a, reach.pupils[a.$pupil.id]!) }
        let rows = found.map(row)
        if let fmt = req.query[String.self, at: "format"], !fmt.isEmpty {
            let format = try SheetResponse.format(req)
            let sheet = Sheet(name: "Достижения", title: "Достижения обучающихся · выгружено \(actor.today.russian)",
                              columns: [.init("Дата", width: 11), .init("Обучающийся", width: 32), .init("Класс", width: 7),
                                        .init("Мероприятие", width: 44), .init("Раздел", width: 16), .init("Уровень", width: 16),
                                        .init("Результат", width: 18), .init("Организатор", width: 28), .init("Перечень № 1239", width: 10),
                                        .init("Из другой организации", width: 12), .init("Статус", width: 22)],
                              rows: rows.map { a, p in
                                  [.text(a.startsOn.russian), .text(p.name.full), .text(p.classTitle), .text(a.title),
                                   .text(vocab.title(.achievementSection, a.section)), .text(vocab.title(.achievementLevel, a.level)),
                                   .text(vocab.title(.achievementResult, a.result) + (a.place.map { ", " + $0 } ?? "")),
                                   .text(a.organiser ?? ""), .text(a.inDecree1239List ? "да" : ""), .text(a.origin == .external ? "да" : ""),
                                   .text(req.t("achievement.status.\(a.status.rawValue)"))]
                              })
            try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "achievements", objectID: nil,
                                        pupilIDs: Array(Set(found.map { $0.$pupil.id })), details: "\(rows.count)")
            return try SheetResponse.file([sheet], name: "Достижения \(actor.today.iso)", format: format, req: req)
        }
        // The page shows the first 500 rows (the spreadsheet carries them all): the children of those rows.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "achievements", objectID: nil,
                                    pupilIDs: Array(Set(found.prefix(Self.pageRows).map { $0.$pupil.id })))
        let query = req.url.query.map { $0.split(separator: "&").filter { !$0.hasPrefix("format=") }.joined(separator: "&") } ?? ""
        return try await req.view.render("control/achievements", AchievementsPage(
            page: try req.page(req.t("achievements.title"), section: "control"),
            rows: rows.prefix(Self.pageRows).map { a, p in
                .init(date: a.startsOn.russian, pupil: p.name.full, className: p.classTitle, title: a.title,
                      section: vocab.title(.achievementSection, a.section), level: vocab.title(.achievementLevel, a.level),
                      result: vocab.title(.achievementResult, a.result) + (a.place.map { ", " + $0 } ?? ""),
                      status: req.t("achievement.status.\(a.status.rawValue)"), href: RouteTable.achievement.path(a.id!), external: a.origin == .external)
            },
            sections: [SelectOption(value: "", title: "—", selected: f.section == nil)] + vocab.options(.achievementSection, selected: f.section),
            levels: [SelectOption(value: "", title: "—", selected: f.level == nil)] + vocab.options(.achievementLevel, selected: f.level),
            results: [SelectOption(value: "", title: "—", selected: f.result == nil)] + vocab.options(.achievementResult, selected: f.result),
            statuses: [SelectOption(value: "", title: "—", selected: f.status == nil)] + AchievementStatus.allCases.filter { $0 != .draft }.map {
                SelectOption(value: $0.rawValue, title: req.t("achievement.status.\($0.rawValue)"), selected: f.status == $0)
            },
            classes: [SelectOption(value: "", title: "—", selected: f.classID == nil)] + reach.classes.map {
                SelectOption(value: $0.id.uuidString, title: $0.title, selected: f.classID == $0.id)
            },
            from: f.from?.iso ?? "", to: f.to?.iso ?? "", query: query, total: rows.count)).encodeResponse(for: req)
    }
}
