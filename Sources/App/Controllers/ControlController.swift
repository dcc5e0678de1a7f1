import Documents
import Domain
import Fluent
import SQLKit
import Vapor

/// The deputy head's control (5.2): what waits for verification, which journals lack marks this period, which
/// pupils have no achievement recorded this year, achievements by section and level; and the gifted pupils (2.2).
struct ControlController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.control, use: dashboard)
        routes.get(.controlGifted, use: gifted)
    }

    /// Only the school's leadership controls.
    private func controller(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.control) else { throw Abort(.forbidden) }
        return actor
    }

    struct Pending: Encodable {
        let id, title, pupil, className, status, enteredBy, date, level, result, href, verifyAction, rejectAction: String
        let external: Bool
        let files: Int
    }

    struct JournalGap: Encodable {
        let className, subject, teacher: String
        let pupils, withoutMarks, posted: Int
        let href: String
    }

    struct ClassWithout: Encodable {
        let className: String
        let count: Int
        let names: [Named]
    }

    struct Named: Encodable { let name, href: String }

    struct CountRow: Encodable { let section: String; let values: [Int]; let total: Int }

    struct Page: Encodable {
        let page: PageMeta
        let pending: [Pending]
        let period: String
        let gaps: [JournalGap]
        let without: [ClassWithout]
        let withoutTotal: Int
        let pupilsTotal: Int
        let levels: [String]
        let counts: [CountRow]
        let giftedHref: String
    }

    @Sendable func dashboard(req: Request) async throws -> View {
        let actor = try controller(req)
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.achievementSection, .achievementLevel, .achievementResult],
                                              language: req.language)
        guard let reach = try await ReachQueries.inReach(on: req.db, actor) else { throw Abort(.notFound) }
        let pupilIDs = Array(reach.pupils.keys)
        // Pending verifications, oldest first.
        let pending = pupilIDs.isEmpty ? [] : try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ pupilIDs).filter(\.$status ~~ [.submitted, .confirmed]).sort(\.$createdAt).all()
        let authors = Dictionary(uniqueKeysWithValues: try await User.query(on: req.db).filter(\.$id ~~ Array(Set(pending.map(\.createdBy)))).all()
            .map { ($0.id!, $0.name.short) })
        let files = Dictionary(grouping: try await AchievementEvidence.query(on: req.db).filter(\.$achievement.$id ~~ pending.compactMap(\.id)).all(),
                               by: { $0.$achievement.id }).mapValues(\.count)
        let pendingRows = pending.map { a in
            let p = reach.pupils[a.$pupil.id]!
            let base = RouteTable.achievement.path(a.id!)
            return Pending(id: a.id!.uuidString.lowercased(), title: a.title, pupil: p.name.full, className: p.classTitle,
                           status: req.t("achievement.status.\(a.status.rawValue)"), enteredBy: authors[a.createdBy] ?? "",
                           date: a.startsOn.russian, level: vocab.title(.achievementLevel, a.level),
                           result: vocab.title(.achievementResult, a.result) + (a.place.map { ", " + $0 } ?? ""),
                           href: base, verifyAction: RouteTable.achievementsVerify.path(a.id!) + "?back=control", rejectAction: RouteTable.achievementsReject.path(a.id!) + "?back=control",
                           external: a.origin == .external, files: files[a.id!] ?? 0)
        }

        // Journals of the current period with pupils who have no mark yet, or period marks not posted once it ended.
        let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == reach.year.id!)
            .sort(\.$startsOn).all()
        var gaps: [JournalGap] = []
        var periodTitle = ""
        if let period = Period.choose(periods, wanted: nil, today: actor.today) {
            periodTitle = period.title
            gaps = try await journalGaps(req, actor, reach: reach, period: period)
        }

        // Pupils without any achievement recorded this year.
        let withAchievement = pupilIDs.isEmpty ? Set<UUID>() : Set(try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ pupilIDs).filter(\.$startsOn >= reach.year.startsOn).filter(\.$status != .rejected).all().map { $0.$pupil.id })
        let missing = reach.pupils.filter { !withAchievement.contains($0.key) }
        let byClass = Dictionary(grouping: missing, by: { $0.value.classID })
        let without = reach.classes.compactMap { c -> ClassWithout? in
            guard let rows = byClass[c.id] else { return nil }
            let names = rows.sorted { ($0.value.name.lastName, $0.value.name.firstName) < ($1.value.name.lastName, $1.value.name.firstName) }
                .map { Named(name: $0.value.name.full, href: RouteTable.pupilsPortfolio.path($0.key)) }
            return ClassWithout(className: c.title, count: rows.count, names: names)
        }

        // Achievements of the year by section and level.
        let year = pupilIDs.isEmpty ? [] : try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ pupilIDs).filter(\.$startsOn >= reach.year.startsOn).filter(\.$status != .rejected).all()
        let levels = vocab.codes(.achievementLevel)
        let counts = vocab.codes(.achievementSection).map { s in
            let inSection = year.filter { $0.section == s }
            return CountRow(section: vocab.title(.achievementSection, s), values: levels.map { l in inSection.filter { $0.level == l }.count },
                            total: inSection.count)
        }
        // The children the page names: those with a record to verify and those without any achievement.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "control", objectID: nil,
                                    pupilIDs: Array(Set(pending.map { $0.$pupil.id }).union(missing.keys)))
        return try await req.view.render("control/index", Page(
            page: try req.page(req.t("control.title"), section: "control"), pending: pendingRows, period: periodTitle, gaps: gaps,
            without: without, withoutTotal: missing.count, pupilsTotal: reach.pupils.count,
            levels: levels.map { vocab.title(.achievementLevel, $0) }, counts: counts, giftedHref: RouteTable.controlGifted.path()))
    }

    private func journalGaps(_ req: Request, _ actor: CurrentActor, reach: ReachQueries.InReach, period: Period) async throws -> [JournalGap] {
        guard let sql = req.db as? any SQLDatabase else { return [] }
        let classIDs = reach.classes.filter { $0.grade >= 2 }.map(\.id)   // grade 1: no marks (ФГОС НОО)
        guard !classIDs.isEmpty else { return [] }
        let items = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id ~~ classIDs)
            .with(\.$subject).with(\.$teacher).with(\.$markScale).with(\.$classGroup).all()
            .filter { $0.markScale.kind != .verbal }
        guard !items.isEmpty else { return [] }
        struct Row: Decodable { let curriculum_item_id: UUID; let n: Int }
        let marked = try await sql.select()
            .column("curriculum_item_id").column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("pupil_id"))), as: "n")
            .from(MarkEvent.schema)
            .where("school_id", .equal, SQLBind(actor.schoolID))
            .where("curriculum_item_id", .in, SQLBind.group(items.compactMap(\.id)))
            .where("date", .greaterThanOrEqual, SQLBind(period.startsOn.iso))
            .where("date", .lessThanOrEqual, SQLBind(period.endsOn.iso))
            .where("action", .equal, SQLBind(MarkEventAction.set.rawValue))
            .groupBy("curriculum_item_id")
            .all(decoding: Row.self)
        let posted = try await sql.select()
            .column("curriculum_item_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(PeriodMark.schema)
            .where("school_id", .equal, SQLBind(actor.schoolID))
            .where("period_id", .equal, SQLBind(period.id!))
            .where("status", .in, SQLBind.group([PeriodMarkStatus.posted.rawValue, PeriodMarkStatus.locked.rawValue]))
            .groupBy("curriculum_item_id")
            .all(decoding: Row.self)
        let markedBy = Dictionary(uniqueKeysWithValues: marked.map { ($0.curriculum_item_id, $0.n) })
        let postedBy = Dictionary(uniqueKeysWithValues: posted.map { ($0.curriculum_item_id, $0.n) })
        let size = Dictionary(uniqueKeysWithValues: reach.classes.map { ($0.id, $0.pupils) })
        let ended = period.endsOn < actor.today
        return items.sorted { ($0.classGroup.grade, $0.classGroup.letter, $0.subject.sort) < ($1.classGroup.grade, $1.classGroup.letter, $1.subject.sort) }
            .compactMap { i in
                let n = size[i.$classGroup.id] ?? 0
                let without = max(0, n - (markedBy[i.id!] ?? 0))
                let done = postedBy[i.id!] ?? 0
                guard without > 0 || (ended && done < n) else { return nil }
                return JournalGap(className: i.classGroup.title, subject: i.subject.name, teacher: i.teacher?.name.short ?? "—",
                                  pupils: n, withoutMarks: without, posted: done, href: RouteTable.journalsClass.path(i.id!.uuidString.lowercased()))
            }
    }

    struct GiftedRow: Encodable {
        let name, className, href: String
        let achievements: [String]
    }

    struct GiftedPage: Encodable {
        let page: PageMeta
        let rows: [GiftedRow]
        let lead: String
    }

    /// 2.2: winners and prize-winners from the municipal level up, or participants of events in the 1239 list —
    /// counting only records the school vouches for (verified, or confirmed by the class teacher).
    @Sendable func gifted(req: Request) async throws -> Response {
        let actor = try controller(req)
        guard let reach = try await ReachQueries.inReach(on: req.db, actor) else { throw Abort(.notFound) }
        let vocab = try await Vocabulary.load(req.db, schoolID: actor.schoolID, [.achievementLevel, .achievementResult], language: req.language)
        let all = reach.pupils.isEmpty ? [] : try await Achievement.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$pupil.$id ~~ Array(reach.pupils.keys)).filter(\.$status ~~ [.verified, .confirmed]).sort(\.$startsOn, .descending).all()
        let gifted = all.filter { AchievementRules.isGifted(level: $0.level, result: $0.result, inDecree1239List: $0.inDecree1239List, status: $0.status) }
        let grouped = Dictionary(grouping: gifted, by: { $0.$pupil.id })
        let order = Dictionary(uniqueKeysWithValues: reach.classes.enumerated().map { ($0.element.id, $0.offset) })
        let rows = grouped.map { id, items -> (Int, PersonName, GiftedRow) in
            let p = reach.pupils[id]!
            return (order[p.classID] ?? 0, p.name, GiftedRow(
                name: p.name.full, className: p.classTitle, href: RouteTable.pupilsPortfolio.path(id),
                achievements: items.map { "\($0.title) — \(vocab.title(.achievementResult, $0.result))\($0.place.map { ", " + $0 } ?? ""), \(vocab.title(.achievementLevel, $0.level).lowercased()) (\($0.startsOn.russian))\($0.inDecree1239List ? " · перечень № 1239" : "")" }))
        }.sorted { ($0.0, $0.1.lastName, $0.1.firstName) < ($1.0, $1.1.lastName, $1.1.firstName) }.map(\.2)
        if req.query[String.self, at: "format"] != nil {
            let format = try SheetResponse.format(req)
            let sheet = Sheet(name: "Одарённые", title: "Одарённые обучающиеся (п. 2.2) · \(actor.today.russian)",
                              columns: [.init("Обучающийся", width: 32), .init("Класс", width: 7), .init("Достижения", width: 100)],
                              rows: rows.map { [.text($0.name), .text($0.className), .text($0.achievements.joined(separator: "; "))] })
            try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "gifted_list", objectID: nil, pupilIDs: Array(grouped.keys))
            return try SheetResponse.file([sheet], name: "Одарённые \(actor.today.iso)", format: format, req: req)
        }
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "gifted_list", objectID: nil, pupilIDs: Array(grouped.keys))
        return try await req.view.render("control/gifted", GiftedPage(page: try req.page(req.t("gifted.title"), section: "control"),
                                                                      rows: rows, lead: req.t("gifted.lead"))).encodeResponse(for: req)
    }
}
