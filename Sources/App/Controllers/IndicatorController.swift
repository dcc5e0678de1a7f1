import Domain
import Fluent
import Vapor

/// Metasubject results (3.2.4): УУД indicators assessed per pupil per period on levels, never as marks.
/// Personal results (3.2.3) only as class-level anonymous counts (ФГОС НОО does not score a child's qualities).
struct IndicatorController: RouteCollection {
    static let levels: [IndicatorLevelValue] = [.belowBasic, .basic, .advanced]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.classesIndicators, use: show)
        routes.post(.classesIndicators, use: save)
        routes.post(.classesIndicatorsPersonal, use: savePersonal)
    }

    struct Page: Encodable {
        struct Column: Encodable { let id, title, group: String }
        /// `extra`: the stored level's title when it is not among the levels offered (the demo's «высокий»): the
        /// form shows it, so saving the form unchanged keeps it.
        struct Cell: Encodable { let indicator, level: String; let extra: String? }
        struct Row: Encodable { let pupil, name: String; let cells: [Cell] }
        struct Personal: Encodable { let id, title: String; let counts: [Count] }
        struct Count: Encodable { let level, title, value: String }
        struct Option: Encodable { let id, title: String }
        let page: PageMeta
        let classTitle: String
        let action: String
        let personalAction: String
        let periodID: String
        let periods: [JournalGridPage.PeriodOption]
        let columns: [Column]
        let rows: [Row]
        let levels: [Option]
        let personal: [Personal]
        let canWrite: Bool
        /// The period is closed for the class (or its year is): the levels are shown, not offered for change.
        let locked: String?
        let saved: Bool
        let error: String?
    }

    private func context(_ req: Request, write: Bool) async throws -> (CurrentActor, ClassGroup, Period, [Period], Target) {
        let actor = try req.actor
        guard let id = req.parameters.get("classID", as: UUID.self),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        let facts = actor.classRecords(id, grade: c.grade)
        guard actor.may(.read(.indicators), facts) else { throw Abort(.notFound) }
        if write && !actor.may(.write(.indicators), facts) { throw Abort(.forbidden) }
        let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == c.$academicYear.id)
            .sort(\.$startsOn).all().filter { $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }
        let wanted = (try? req.query.get(UUID.self, at: "period")) ?? (try? req.content.get(UUID.self, at: "period"))
        guard let period = Period.choose(periods, wanted: wanted, today: actor.today) else { throw Abort(.notFound) }
        return (actor, c, period, periods, facts)
    }

    private func render(_ req: Request, _ actor: CurrentActor, _ c: ClassGroup, _ period: Period, _ periods: [Period], _ facts: Target,
                        error: String? = nil) async throws -> Response {
        let locked = try await Self.lockedTitle(on: req.db, c, period)
        let indicators = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$active == true).sort(\.$sort).all()
        let meta = indicators.filter { $0.group != .personal }
        let personal = indicators.filter { $0.group == .personal }
        let pupils = try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == c.id!).with(\.$pupil).all()
            .filter { $0.overlaps(period.startsOn, period.endsOn) }.map(\.pupil)
            .sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        let levels = try await IndicatorLevel.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$period.$id == period.id!)
            .filter(\.$pupil.$id ~~ pupils.compactMap(\.id)).all()
        // Every child on the page reaches their access log (one INSERT), whether the page is shown or refused a save.
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "indicators", objectID: c.id, pupilIDs: pupils.compactMap(\.id))
        let byKey = Dictionary(levels.map { ("\($0.$pupil.id)|\($0.$indicator.id)", $0.level.rawValue) }, uniquingKeysWith: { a, _ in a })
        let aggregates = try await PersonalResultAggregate.query(on: req.db).filter(\.$classGroup.$id == c.id!).filter(\.$period.$id == period.id!).all()
        let countOf = Dictionary(aggregates.map { ("\($0.$indicator.id)|\($0.level.rawValue)", $0.pupilCount) }, uniquingKeysWith: { a, _ in a })
        let page = Page(
            page: try req.page(req.t("indicators.title"), section: "classes"), classTitle: c.title,
            action: RouteTable.classesIndicators.path(c.id!), personalAction: RouteTable.classesIndicatorsPersonal.path(c.id!), periodID: period.id!.uuidString.lowercased(),
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == period.id) },
            columns: meta.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, group: req.t("indicator.group.\($0.group.rawValue)")) },
            rows: pupils.map { p in
                Page.Row(pupil: p.id!.uuidString.lowercased(), name: p.name.short, cells: meta.map { i in
                    let level = byKey["\(p.id!)|\(i.id!)"] ?? ""
                    let offered = level.isEmpty || Self.levels.contains { $0.rawValue == level }
                    return Page.Cell(indicator: i.id!.uuidString.lowercased(), level: level, extra: offered ? nil : req.t("level.\(level)"))
                })
            },
            levels: Self.levels.map { .init(id: $0.rawValue, title: req.t("level.\($0.rawValue)")) },
            personal: personal.map { i in
                Page.Personal(id: i.id!.uuidString.lowercased(), title: i.title, counts: Self.levels.map { l in
                    Page.Count(level: l.rawValue, title: req.t("level.\(l.rawValue)"), value: countOf["\(i.id!)|\(l.rawValue)"].map(String.init) ?? "")
                })
            },
            canWrite: actor.may(.write(.indicators), facts) && locked == nil, locked: locked,
            saved: (try? req.query.get(Int.self, at: "saved")) == 1, error: error)
        return try await req.view.render("classes/indicators", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    /// Why the class's levels for `period` cannot change: the year is closed, or the period is locked for the class.
    static func lockedTitle(on db: any Database, _ c: ClassGroup, _ period: Period) async throws -> String? {
        if let closed = try await AcademicYear.closedTitle(on: db, id: c.$academicYear.id) { return closed }
        return try await PeriodLock.isLocked(on: db, classID: c.id!, periodID: period.id!) ? period.title : nil
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (actor, c, period, periods, facts) = try await context(req, write: false)
        return try await render(req, actor, c, period, periods, facts)
    }

    /// All levels of the class for the period in one transaction; personal-group indicators are refused per pupil.
    @Sendable func save(req: Request) async throws -> Response {
        let (actor, c, period, periods, facts) = try await context(req, write: true)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        if let title = try await Self.lockedTitle(on: req.db, c, period) {
            return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.locked", title))
        }
        let indicators = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).all()
        let byID = Dictionary(uniqueKeysWithValues: indicators.map { ($0.id!, $0) })
        let members = Set(try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == c.id!).all().map { $0.$pupil.id })
        var entries: [(UUID, UUID, IndicatorLevelValue?)] = []
        for (key, value) in form where key.hasPrefix("level_") {
            let parts = key.dropFirst(6).split(separator: "_")
            guard parts.count == 2, let pupil = UUID(uuidString: String(parts[0])), let ind = UUID(uuidString: String(parts[1])),
                  members.contains(pupil), let indicator = byID[ind] else {
                return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.unknown"))
            }
            guard indicator.group != .personal else {
                return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.personal"))
            }
            // A form never erases what it did not show: a field sent back as it was shown (`was_…`) changes nothing.
            if let was = form["was_" + key.dropFirst(6)], was == value { continue }
            if value.isEmpty { entries.append((pupil, ind, nil)); continue }
            guard let level = IndicatorLevelValue(rawValue: value), Self.levels.contains(level) else {
                return try await render(req, actor, c, period, periods, facts, error: req.t("assessment.error.result_level"))
            }
            entries.append((pupil, ind, level))
        }
        let schoolID = actor.schoolID, periodID = period.id!, userID = actor.userID, all = entries, classID = c.id!
        try await req.db.writeTransaction { tx in
            // The lock is read again inside: a close that came first wins.
            try await tx.lock("period-lock:\(classID):\(periodID)")
            if try await PeriodLock.isLocked(on: tx, classID: classID, periodID: periodID) {
                throw Abort(.unprocessableEntity, reason: req.t("indicators.error.locked", period.title))
            }
            var changedPupils = Set<UUID>()
            for (pupil, ind, level) in all {
                let existing = try await IndicatorLevel.query(on: tx).filter(\.$pupil.$id == pupil).filter(\.$indicator.$id == ind)
                    .filter(\.$period.$id == periodID).first()
                guard let level else {
                    if let existing { try await existing.delete(on: tx); changedPupils.insert(pupil) }
                    continue
                }
                // The same level again changes nothing and logs nothing.
                if existing?.level == level { continue }
                let row = existing ?? IndicatorLevel()
                if row.id == nil { row.schoolID = schoolID; row.$pupil.id = pupil; row.$indicator.id = ind; row.$period.id = periodID }
                row.level = level
                row.assessedBy = userID
                try await row.save(on: tx)
                changedPupils.insert(pupil)
            }
            // УУД levels are a pupil's record: each pupil whose levels changed gets the event in their log.
            for pupil in changedPupils {
                try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "indicators", objectID: classID, pupilID: pupil)
            }
        }
        return req.redirect(to: RouteTable.classesIndicators.path(c.id!.uuidString.lowercased()) + "?period=\(periodID.uuidString.lowercased())&saved=1")
    }

    /// Personal results: how many pupils of the class at each level — a count, never a name.
    @Sendable func savePersonal(req: Request) async throws -> Response {
        let (actor, c, period, periods, facts) = try await context(req, write: true)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        if let title = try await Self.lockedTitle(on: req.db, c, period) {
            return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.locked", title))
        }
        let personal = try await Indicator.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$group == .personal).all()
        let classSize = try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == c.id!).filter(\.$endsOn == nil).count()
        var rows: [(UUID, IndicatorLevelValue, Int)] = []
        for i in personal {
            var total = 0
            for l in Self.levels {
                let text = (form["count_\(i.id!.uuidString.lowercased())_\(l.rawValue)"] ?? "").trimmingCharacters(in: .whitespaces)
                if text.isEmpty { continue }
                guard let n = Int(text), n >= 0 else {
                    return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.count"))
                }
                total += n
                rows.append((i.id!, l, n))
            }
            guard total <= classSize else {
                return try await render(req, actor, c, period, periods, facts, error: req.t("indicators.error.total", i.title, String(classSize)))
            }
        }
        let schoolID = actor.schoolID, classID = c.id!, periodID = period.id!, all = rows
        try await req.db.writeTransaction { tx in
            for (ind, level, n) in all {
                let row = try await PersonalResultAggregate.query(on: tx).filter(\.$classGroup.$id == classID).filter(\.$period.$id == periodID)
                    .filter(\.$indicator.$id == ind).filter(\.$level == level).first() ?? PersonalResultAggregate()
                if row.id == nil { row.schoolID = schoolID; row.$classGroup.id = classID; row.$period.id = periodID; row.$indicator.id = ind; row.level = level }
                row.pupilCount = n
                try await row.save(on: tx)
            }
            try await AuditLog.append(try req.audit, on: tx, action: "write", objectKind: "personal_results", objectID: classID, pupilID: nil)
        }
        return req.redirect(to: RouteTable.classesIndicators.path(classID.uuidString.lowercased()) + "?period=\(periodID.uuidString.lowercased())&saved=1")
    }
}
