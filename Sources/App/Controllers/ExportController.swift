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
        routes.get(.achievements, use: achievements)
    }

    enum Format: String { case xlsx, csv }

    static func format(_ req: Request) throws -> Format {
        let f = req.query[String.self, at: "format"] ?? "xlsx"
        guard let format = Format(rawValue: f) else { throw Abort(.badRequest, reason: req.t("export.error.format")) }
        return format
    }

    /// The file in the chosen format, named in Latin letters and in UTF-8 for the browser.
    static func file(_ sheets: [Sheet], name: String, format: Format, req: Request) throws -> Response {
        let data: Data
        let type: HTTPMediaType
        switch format {
        case .xlsx:
            data = try XLSX.render(sheets, temporaryDirectory: req.application.kopilkaConfig.dataDirectory)
            type = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        case .csv:
            // One table per CSV: several sheets follow one another, each under its title.
            var rows: [[String]] = []
            for (i, s) in sheets.enumerated() {
                if i > 0 { rows.append([]) }
                rows.append([s.title])
                rows.append(s.columns.map(\.title))
                rows += s.rows.map { $0.map(Self.csvText) }
            }
            data = CSVWriter.render(rows)
            type = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        }
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = type
        let ascii = name.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false)?
            .replacingOccurrences(of: " ", with: "-").filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } ?? "export"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export"
        res.headers.replaceOrAdd(name: .contentDisposition,
                                 value: "attachment; filename=\"\(ascii).\(format.rawValue)\"; filename*=UTF-8''\(encoded).\(format.rawValue)")
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return res
    }

    static func csvText(_ c: Sheet.Cell) -> String {
        switch c {
        case .text(let s): return s
        case .number(let v): return v == v.rounded() ? String(Int(v)) : String(format: "%.2f", v).replacingOccurrences(of: ".", with: ",")
        case .empty: return ""
        }
    }

    // MARK: Сводная ведомость

    /// A class and one period: pupils × subjects. Posted period marks as numbers; where the teacher has not posted yet,
    /// the rule's proposal marked «*» so the deputy head sees what is missing.
    static func summarySheet(on db: any Database, classGroup: ClassGroup, period: Period, yearTitle: String) async throws -> Sheet {
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == classGroup.schoolID).filter(\.$classGroup.$id == classGroup.id!)
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all().sorted { $0.subject.sort < $1.subject.sort }
        var pupils: [Pupil] = []
        var cells: [UUID: [UUID: Sheet.Cell]] = [:]   // pupil → item → cell
        for item in items {
            let j = JournalContextLite.make(item: item)
            for row in try await PeriodMarkService.rows(on: db, j, period: period) {
                if !pupils.contains(where: { $0.id == row.pupil.id }) { pupils.append(row.pupil) }
                let cell: Sheet.Cell
                if let s = row.stored, s.status != .proposed, let v = s.finalValue {
                    cell = Int(v).map { .number(Double($0)) } ?? .text(v)
                } else if classGroup.grade > 1, let v = row.proposal.value {
                    cell = .text(v + "*")
                } else {
                    cell = .empty
                }
                cells[row.pupil.id!, default: [:]][item.id!] = cell
            }
        }
        pupils.sort { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        let columns = [Sheet.Column("№", width: 5), Sheet.Column("Фамилия, имя, отчество", width: 34)]
            + items.map { Sheet.Column($0.subject.shortName.isEmpty ? $0.subject.name : $0.subject.shortName, width: 9, format: "0") }
            + [Sheet.Column("Средний балл", width: 10, format: "0.00")]
        let rows: [[Sheet.Cell]] = pupils.enumerated().map { i, p in
            let marks = items.map { cells[p.id!]?[$0.id!] ?? .empty }
            let numbers = marks.compactMap { if case .number(let v) = $0 { return v } else { return nil } }
            let mean: Sheet.Cell = numbers.isEmpty ? .empty : .number(numbers.reduce(0, +) / Double(numbers.count))
            return [.number(Double(i + 1)), .text(p.name.full)] + marks + [mean]
        }
        let note = classGroup.grade == 1 ? " (1 класс: без отметок)" : " · * — расчётная, ещё не выставлена"
        return Sheet(name: classGroup.title, title: "Сводная ведомость · \(classGroup.title) · \(period.title) · \(yearTitle)\(note)",
                     columns: columns, rows: rows)
    }

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
        let format = try Self.format(req)
        guard let id = req.parameters.get("classID", as: UUID.self),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).with(\.$academicYear).first(),
              actor.decide(.viewClass, .classGroup(schoolID: actor.schoolID, classGroupID: id, grade: c.grade)).allowed
        else { throw Abort(.notFound) }
        guard actor.may(.exportResults, actor.classTarget(id, grade: c.grade)) else { throw Abort(.forbidden) }
        let p = try await period(req, actor, year: c.academicYear, grade: c.grade)
        let sheet = try await Self.summarySheet(on: req.db, classGroup: c, period: p, yearTitle: c.academicYear.title)
        try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "summary", objectID: id, pupilID: nil, details: "\(c.title), \(p.title)")
        return try Self.file([sheet], name: "Сводная ведомость \(c.title) \(p.title)", format: format, req: req)
    }

    /// The school's ведомость: a sheet per class the head or deputy head reaches.
    @Sendable func schoolSummary(req: Request) async throws -> Response {
        let actor = try req.require(.exportResults)
        let format = try Self.format(req)
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
            sheets.append(try await Self.summarySheet(on: req.db, classGroup: c, period: own, yearTitle: year.title))
        }
        try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "summary", objectID: nil, pupilID: nil, details: "школа, \(wanted.title)")
        return try Self.file(sheets, name: "Сводная ведомость школы \(wanted.title)", format: format, req: req)
    }

    // MARK: A class journal for a period

    @Sendable func journal(req: Request) async throws -> Response {
        let actor = try req.actor
        let format = try Self.format(req)
        guard let id = req.parameters.get("journalID", as: UUID.self),
              let j = try await JournalQueries.context(on: req.db, schoolID: actor.schoolID, ref: .classSubject(itemID: id)),
              actor.decide(.read(.marks), j.target).allowed
        else { throw Abort(.notFound) }
        let periods = try await JournalQueries.periods(on: req.db, j)
        guard let p = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: actor.today) else { throw Abort(.notFound) }
        let sheet = try await Self.journalSheet(on: req.db, j, period: p)
        try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "journal", objectID: id, pupilID: nil, details: p.title)
        return try Self.file([sheet], name: "Журнал \(j.title) \(p.title)", format: format, req: req)
    }

    /// A class journal for a period: pupils × lesson dates, the mean and the period mark.
    static func journalSheet(on db: any Database, _ j: JournalContext, period p: Period, name: String? = nil) async throws -> Sheet {
        let lessons = try await JournalQueries.lessons(on: db, j, from: p.startsOn, to: p.endsOn)
        let pupils = try await JournalQueries.pupils(on: db, j, from: p.startsOn, to: p.endsOn)
        let cells = try await JournalQueries.cells(on: db, schoolID: j.schoolID, lessonIDs: lessons.compactMap(\.id))
        let rows = try await PeriodMarkService.rows(on: db, j, period: p)
        let byPupil = Dictionary(rows.map { ($0.pupil.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = [Sheet.Column("№", width: 5), Sheet.Column("Фамилия, имя, отчество", width: 32)]
            + lessons.map { Sheet.Column(String($0.date.russian.prefix(5)), width: 6, format: "0") }
            + [Sheet.Column("Средний балл", width: 10, format: "0.00"), Sheet.Column("За период", width: 10, format: "0")]
        let data: [[Sheet.Cell]] = pupils.enumerated().map { i, entry in
            let pupil = entry.pupil
            let marks: [Sheet.Cell] = lessons.map { l in
                let v = JournalQueries.display(cells, lesson: l.id!, pupil: pupil.id!)
                return v.isEmpty ? .empty : Int(v).map { .number(Double($0)) } ?? .text(v)
            }
            let r = byPupil[pupil.id!]
            let mean: Sheet.Cell = r?.proposal.mean.map { .number($0) } ?? .empty
            let final: Sheet.Cell = r?.stored.flatMap { s in s.status == .proposed ? nil : s.finalValue }
                .map { v in Int(v).map { .number(Double($0)) } ?? .text(v) } ?? .empty
            return [.number(Double(i + 1)), .text(pupil.name.full)] + marks + [mean, final]
        }
        return Sheet(name: name ?? p.title, title: "Классный журнал · \(j.title) · \(p.title)", columns: columns, rows: data)
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

    /// The deputy head's list of achievements in reach, filtered; the same filters give the XLSX or CSV.
    @Sendable func achievements(req: Request) async throws -> Response {
        let actor = try req.require(.control)
        guard let reach = try await ControlController.inReach(req, actor) else { throw Abort(.notFound) }
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
            let format = try Self.format(req)
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
            try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "achievements", objectID: nil, pupilID: nil, details: "\(rows.count)")
            return try Self.file([sheet], name: "Достижения \(actor.today.iso)", format: format, req: req)
        }
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "achievements", objectID: nil, pupilID: nil)
        let query = req.url.query.map { $0.split(separator: "&").filter { !$0.hasPrefix("format=") }.joined(separator: "&") } ?? ""
        return try await req.view.render("control/achievements", AchievementsPage(
            page: try req.page(req.t("achievements.title"), section: "control"),
            rows: rows.prefix(500).map { a, p in
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
