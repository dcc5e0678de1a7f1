import Domain
import Fluent
import Vapor

/// The class list and a class page with its pupils.
struct ClassController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.classes, use: index)
        routes.get(.classGroup, use: show)
    }

    struct IndexPage: Encodable {
        let page: PageMeta
        let classes: [ClassQueries.Row]
        let yearChoice: YearChoice?
    }

    struct ShowPage: Encodable {
        let page: PageMeta
        let title: String
        let teacher: String
        let pupilCount: String
        let pupils: [ClassQueries.PupilRow]
        let subjects: [ClassQueries.SubjectRow]
        let marksAllowed: Bool
        let periods: [PeriodRow]
        let canLock: Bool
        let csrf: String
        let indicatorsHref: String
        let summaryHref: String?
        /// The class's year when it is closed: the page is its record, read-only.
        let pastYear: String?
        /// The period just closed or reopened (from the redirect), for the message.
        let lockedNow: Bool
        let reopenedNow: Bool
    }

    struct PeriodRow: Encodable {
        let id: String
        let title: String
        let dates: String
        let locked: Bool
        /// When and (for an early close) why it was closed.
        let lockedOn: String?
        let lockReason: String?
        let closeHref: String
        let reopenAction: String
    }

    @Sendable func index(req: Request) async throws -> View {
        let actor = try req.actor
        guard actor.decide(.viewSchool, .school(actor.schoolID)).allowed else { throw Abort(.forbidden) }
        // Every year of the school can be chosen (issue 17): a closed year's classes with the pupils they had.
        let (years, chosen) = try await YearChoice.schoolYears(req, actor)
        let rows = try await ClassQueries.list(on: req.db, actor: actor, year: chosen)
        return try await req.view.render("classes/index", IndexPage(
            page: req.page(req.t("classes.title"), section: "classes"), classes: rows,
            yearChoice: chosen.map { YearChoice(years: years, chosen: $0, action: RouteTable.classes.path(), note: { req.t("classes.past_year", $0) }) }))
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.actor
        // A malformed or foreign id is simply not found.
        guard let id = req.parameters.get("classID", as: UUID.self),
              let page = try await ClassQueries.page(on: req.db, actor: actor, classID: id, t: { req.t($0) })
        else { throw Abort(.notFound) }
        let c = page.classGroup
        try await AuditLog.logReads(try req.audit, on: req.db, .read, objectKind: "class_roster", objectID: c.id,
                                    pupilIDs: page.pupilIDs)
        let count = RussianText.count(page.pupils.count, "ученик", "ученика", "учеников")
        let yearID: UUID = c.$academicYear.id
        let allPeriods: [Period] = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$academicYear.$id == yearID).sort(\.$startsOn).all()
        let periods = allPeriods.filter { $0.gradeFrom <= c.grade && c.grade <= $0.gradeTo }
        let locks = Dictionary(try await PeriodLock.query(on: req.db).filter(\.$classGroup.$id == id).all().map { ($0.$period.id, $0) },
                               uniquingKeysWith: { a, _ in a })
        // Grade 1 has no marks, but its lessons, attendance and УУД levels close with the period all the same.
        let canLock = actor.may(.lockPeriod, actor.classTarget(id, grade: c.grade)) && c.academicYear.status == .open
        return try await req.view.render("classes/show", ShowPage(
            page: req.page(req.t("class.title", c.title), section: "classes"),
            title: c.title, teacher: c.classTeacher?.name.full ?? "—",
            pupilCount: req.language == "ru" ? count : "\(page.pupils.count)",
            pupils: page.pupils, subjects: page.subjects, marksAllowed: c.grade > 1,
            periods: periods.map { p in
                let lock = locks[p.id!]
                return PeriodRow(id: p.id!.uuidString.lowercased(), title: p.title, dates: "\(p.startsOn.russian) – \(p.endsOn.russian)",
                                 locked: lock != nil, lockedOn: lock.map { LocalDate.today(in: actor.timeZone, now: $0.lockedAt).russian },
                                 lockReason: lock?.reason, closeHref: RouteTable.classesPeriodsLock.path(id, p.id!),
                                 reopenAction: RouteTable.classesPeriodsReopen.path(id, p.id!))
            }, canLock: canLock, csrf: CSRF.token(for: req), indicatorsHref: RouteTable.classesIndicators.path(id.uuidString.lowercased()),
            summaryHref: actor.may(.exportResults, actor.classTarget(id, grade: c.grade)) ? RouteTable.classesSummary.path(id.uuidString.lowercased()) : nil,
            pastYear: c.academicYear.status == .open ? nil : c.academicYear.title,
            lockedNow: req.query[Int.self, at: "locked"] != nil, reopenedNow: req.query[Int.self, at: "reopened"] != nil))
    }
}
