import Domain
import Fluent
import SQLKit
import Vapor

/// The pupil's portfolio (4.9): achievements by section, awards, works by section, and the dynamics of period marks
/// and УУД levels. The same loader serves the staff and family view, the printable view and a shared link
/// (which sees only what the family chose to share, and only records the school vouches for).
enum PortfolioQueries {
    struct FileRow: Encodable {
        let id: String
        let name: String
        let href: String
        let thumbHref: String
        let isImage: Bool
        let size: String
    }

    struct AchievementRow: Encodable {
        let id: String
        let href: String
        let title: String
        let kind: String
        let level: String
        let result: String
        let dates: String
        let organiser: String
        let subject: String
        let external: Bool
        let inDecree1239List: Bool
        let status: String
        let statusCode: String
        let enteredBy: String
        let verifiedBy: String
        let rejectionReason: String
        let files: [FileRow]
        let shared: Bool
        let gifted: Bool
    }

    struct Section<Row: Encodable>: Encodable {
        let code: String
        let title: String
        let rows: [Row]
    }

    struct AwardRow: Encodable {
        let id: String
        let kind: String
        let ground: String
        let title: String
        let date: String
        let basis: String
        let awardedBy: String
        let achievements: [String]
        let shared: Bool
    }

    struct WorkRow: Encodable {
        let id: String
        let title: String
        let description: String
        let date: String
        let file: FileRow?
        let shared: Bool
    }

    struct DynamicsRow: Encodable {
        let title: String
        let values: [String]
    }

    struct Dynamics: Encodable {
        let periods: [String]
        let subjects: [DynamicsRow]
        let indicators: [DynamicsRow]
        var levelsChart = ""
        var levelsSummary = ""
    }

    struct Portfolio: Encodable {
        let achievements: [Section<AchievementRow>]
        let awards: [AwardRow]
        let works: [Section<WorkRow>]
        let dynamics: Dynamics?
        let achievementCount: Int
        let awardCount: Int
        let workCount: Int
    }

    enum Audience {
        /// Staff or family in the school: everything, with statuses.
        case school
        /// A shared link: only what the family shared; achievements only when verified or confirmed.
        case shared(token: String)
    }

    static func fileHref(_ id: UUID, audience: Audience) -> String {
        switch audience {
        case .school: return RouteTable.file.path(id.uuidString.lowercased())
        case .shared(let token): return RouteTable.shareFile.path(token, id.uuidString.lowercased())
        }
    }


    static func load(on db: any Database, schoolID: UUID, pupilID: UUID, audience: Audience, includeResults: Bool,
                     language: String, t: (String) -> String) async throws -> Portfolio {
        let onlyShared: Bool
        if case .shared = audience { onlyShared = true } else { onlyShared = false }
        let vocab = try await Vocabulary.load(db, schoolID: schoolID, [.achievementSection, .achievementKind, .achievementLevel,
                                                                       .achievementResult, .awardKind, .awardGround, .portfolioSection],
                                              language: language)
        var achievementQuery = Achievement.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
        if onlyShared {
            achievementQuery = achievementQuery.filter(\.$shared == true).filter(\.$status ~~ [.verified, .confirmed])
        }
        let achievements = try await achievementQuery.with(\.$subject).sort(\.$startsOn, .descending).all()
        let ids = achievements.compactMap(\.id)
        let evidence = ids.isEmpty ? [] : try await AchievementEvidence.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$achievement.$id ~~ ids).with(\.$attachment).all()
        let filesByAchievement = Dictionary(grouping: evidence, by: { $0.$achievement.id })
        let userIDs = Set(achievements.flatMap { [$0.createdBy] + ($0.verifiedBy.map { [$0] } ?? []) })
        let users = userIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(userIDs)).all()
            .map { ($0.id!, $0.name.short) })
        func file(_ a: Attachment) -> FileRow {
            FileRow(id: a.id!.uuidString.lowercased(), name: a.originalName, href: fileHref(a.id!, audience: audience),
                    thumbHref: fileHref(a.id!, audience: audience) + "?size=thumb",
                    isImage: FileSniffer.isDisplayableImage(mime: a.mime), size: Shown.size(a.size, language: language))
        }
        let rows = achievements.map { a -> (String, AchievementRow) in
            let result = vocab.title(.achievementResult, a.result) + (a.place.map { ", " + $0 } ?? "")
            let dates = a.startsOn.russian + (a.endsOn.flatMap { $0 == a.startsOn ? nil : " – " + $0.russian } ?? "")
            let row = AchievementRow(
                id: a.id!.uuidString.lowercased(), href: onlyShared ? "" : RouteTable.achievement.path(a.id!.uuidString.lowercased()), title: a.title,
                kind: vocab.title(.achievementKind, a.kind), level: vocab.title(.achievementLevel, a.level), result: result,
                dates: dates, organiser: a.organiser ?? "", subject: a.subject?.name ?? "", external: a.origin == .external,
                inDecree1239List: a.inDecree1239List, status: t("achievement.status.\(a.status.rawValue)"), statusCode: onlyShared ? "" : a.status.rawValue,
                enteredBy: onlyShared ? "" : users[a.createdBy] ?? "", verifiedBy: onlyShared ? "" : a.verifiedBy.flatMap { users[$0] } ?? "",
                rejectionReason: onlyShared ? "" : a.rejectionReason ?? "",
                files: (filesByAchievement[a.id!] ?? []).map { file($0.attachment) }, shared: a.shared,
                gifted: AchievementRules.isGifted(level: a.level, result: a.result, inDecree1239List: a.inDecree1239List, status: a.status))
            return (a.section, row)
        }
        let achievementSections = sections(rows, order: vocab.codes(.achievementSection)) { vocab.title(.achievementSection, $0) }

        var awardQuery = Award.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
        if onlyShared { awardQuery = awardQuery.filter(\.$shared == true) }
        let awards = try await awardQuery.sort(\.$date, .descending).all()
        let awardIDs = awards.compactMap(\.id)
        let links = awardIDs.isEmpty ? [] : try await AwardAchievement.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$award.$id ~~ awardIDs).with(\.$achievement).all()
        let linked = Dictionary(grouping: links, by: { $0.$award.id })
        let awardRows = awards.map { w in
            AwardRow(id: w.id!.uuidString.lowercased(), kind: vocab.title(.awardKind, w.kind), ground: vocab.title(.awardGround, w.ground),
                     title: w.title, date: w.date.russian, basis: w.basisDocument, awardedBy: w.awardedBy,
                     achievements: (linked[w.id!] ?? []).map(\.achievement.title), shared: w.shared)
        }

        var workQuery = PortfolioArtefact.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
        if onlyShared { workQuery = workQuery.filter(\.$shared == true) }
        let works = try await workQuery.with(\.$attachment).sort(\.$date, .descending).all()
        let workRows = works.map { w in
            (w.section, WorkRow(id: w.id!.uuidString.lowercased(), title: w.title, description: w.description, date: w.date.russian,
                                file: w.attachment.map(file), shared: w.shared))
        }
        let workSections = sections(workRows, order: vocab.codes(.portfolioSection)) { vocab.title(.portfolioSection, $0) }

        let dynamics = includeResults ? try await self.dynamics(on: db, schoolID: schoolID, pupilID: pupilID, t: t) : nil
        return Portfolio(achievements: achievementSections, awards: awardRows, works: workSections, dynamics: dynamics,
                         achievementCount: achievements.count, awardCount: awards.count, workCount: works.count)
    }

    private static func sections<Row>(_ rows: [(String, Row)], order: [String], title: (String) -> String) -> [Section<Row>] {
        let grouped = Dictionary(grouping: rows, by: \.0)
        let codes = order + grouped.keys.filter { !order.contains($0) }.sorted()
        return codes.compactMap { code in
            guard let items = grouped[code], !items.isEmpty else { return nil }
            return Section(code: code, title: title(code), rows: items.map(\.1))
        }
    }

    /// 2.3, 4.8: «competition with oneself» — per subject, the period mark once posted, else the weighted mean of the
    /// period's marks so far («ср. 4,3»); and the УУД levels period by period. Grade 1 has neither marks nor means.
    static func dynamics(on db: any Database, schoolID: UUID, pupilID: UUID, t: (String) -> String) async throws -> Dynamics {
        guard let year = try await AcademicYear.query(on: db).filter(\.$schoolID == schoolID).filter(\.$status == .open)
            .sort(\.$startsOn, .descending).first() else { return Dynamics(periods: [], subjects: [], indicators: []) }
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$startsOn).sort(\.$number).all()
        let periodIDs = periods.compactMap(\.id)
        let finals = try await PeriodMark.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$period.$id ~~ periodIDs).filter(\.$status ~~ [.posted, .locked]).all()
        let events = try await MarkEventRows.load(on: db) {
            $0.where("school_id", .equal, SQLBind(schoolID)).where("pupil_id", .equal, SQLBind(pupilID))
                .where("date", .greaterThanOrEqual, SQLBind(year.startsOn)).where("date", .lessThanOrEqual, SQLBind(year.endsOn))
                .where("curriculum_item_id", .isNot, SQLLiteral.null)
        }
        let itemIDs = Set(events.compactMap(\.curriculumItemID) + finals.map { $0.$curriculumItem.id })
        let items = itemIDs.isEmpty ? [] : try await CurriculumItem.query(on: db).filter(\.$id ~~ Array(itemIDs))
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all()
        // The current mark of each lesson is its latest event.
        let marks = events.currentMarks
        let levels = try await IndicatorLevel.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$period.$id ~~ periodIDs).with(\.$indicator).all()
        func mean(_ item: CurriculumItem, _ p: Period) -> String? {
            guard item.markScale.inAverage, item.classGroup.grade > 1 else { return nil }
            let inPeriod = marks.filter { $0.curriculumItemID == item.id && p.startsOn <= $0.date && $0.date <= p.endsOn }
                .compactMap { m in m.value.flatMap(Int.init).map { (Double($0), m.weight) } }
            let weight = inPeriod.reduce(0) { $0 + $1.1 }
            guard weight > 0 else { return nil }
            let value = inPeriod.reduce(0) { $0 + $1.0 * $1.1 } / weight
            return "ср. " + String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
        }
        let columns = periods.filter { p in
            finals.contains { $0.$period.id == p.id } || levels.contains { $0.$period.id == p.id }
                || (p.kind != .year && marks.contains { p.startsOn <= $0.date && $0.date <= p.endsOn })
        }
        let subjects = items.sorted { $0.subject.sort < $1.subject.sort }.compactMap { item -> DynamicsRow? in
            let values = columns.map { p in
                finals.first { $0.$curriculumItem.id == item.id && $0.$period.id == p.id }?.finalValue
                    ?? (p.kind == .year ? nil : mean(item, p)) ?? "—"
            }
            return values.allSatisfy { $0 == "—" } ? nil : DynamicsRow(title: item.subject.name, values: values)
        }
        let byIndicator = Dictionary(grouping: levels, by: { $0.$indicator.id })
        let indicators = byIndicator.values.sorted { $0[0].indicator.sort < $1[0].indicator.sort }.map { ls in
            DynamicsRow(title: ls[0].indicator.title, values: columns.map { p in
                ls.first { $0.$period.id == p.id! }.map { t("level.\($0.level.rawValue)") } ?? "—"
            })
        }
        var result = Dynamics(periods: columns.map(\.title), subjects: subjects, indicators: indicators)
        if let chart = try await ResultsQueries.levelsChart(on: db, schoolID: schoolID, pupilID: pupilID, periods: periods, t: t) {
            result.levelsChart = SVG.render(chart)
            result.levelsSummary = chart.summary
        }
        return result
    }
}
