import Domain
import Fluent
import Vapor

/// Closing a class's period after a second look, and reopening it with a reason (issue 17): the head or the deputy
/// head. The preview lists per subject how far the period marks are, with links to finish them.
struct PeriodCloseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.classesPeriodsLock, use: preview)
        routes.post(.classesPeriodsLock, use: close)
        routes.post(.classesPeriodsReopen, use: reopen)
    }

    /// The class and the period of the address, for someone who may lock it; 404 for what they cannot see.
    private func context(_ req: Request) async throws -> (CurrentActor, ClassGroup, Period) {
        let actor = try req.actor
        guard let classID = req.parameters.get("classID", as: UUID.self), let periodID = req.parameters.get("periodID", as: UUID.self),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == classID).first(),
              let period = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == periodID)
                .filter(\.$academicYear.$id == c.$academicYear.id).first(),
              period.gradeFrom <= c.grade, c.grade <= period.gradeTo,
              actor.decide(.viewClass, actor.classTarget(classID, grade: c.grade)).allowed
        else { throw Abort(.notFound) }
        guard actor.may(.lockPeriod, actor.classTarget(classID, grade: c.grade)) else { throw Abort(.forbidden) }
        return (actor, c, period)
    }

    struct Page: Encodable {
        let page: PageMeta
        let classTitle: String
        let period: String
        let dates: String
        let pupils: Int
        let subjects: [PeriodClose.SubjectRow]
        let incomplete: Int
        let withIndicators: Int
        let lessons: Int
        let marks: Int
        let isYear: Bool
        /// The period is still running: a close needs a reason.
        let early: String?
        let locked: Bool
        let action: String
        let classHref: String
        let error: String?
        let reason: String
    }

    private func render(_ req: Request, _ actor: CurrentActor, _ c: ClassGroup, _ period: Period, error: String? = nil, reason: String = "")
        async throws -> Response {
        let p = try await PeriodClose.preview(on: req.db, classGroup: c, period: period)
        let locked = try await PeriodLock.isLocked(on: req.db, classID: c.id!, periodID: period.id!)
        let page = Page(
            page: try req.page(req.t("period_close.title", period.title, c.title), section: "classes"),
            classTitle: c.title, period: period.title, dates: "\(period.startsOn.russian) – \(period.endsOn.russian)",
            pupils: p.pupils, subjects: p.subjects, incomplete: p.subjects.filter { !$0.complete }.count,
            withIndicators: p.withIndicators, lessons: p.lessons, marks: p.marks, isYear: period.kind == .year,
            early: actor.today <= period.endsOn ? period.endsOn.russian : nil, locked: locked,
            action: RouteTable.classesPeriodsLock.path(c.id!, period.id!), classHref: RouteTable.classGroup.path(c.id!),
            error: error, reason: reason)
        return try await req.view.render("classes/period_close", page).encodeResponse(status: error == nil ? .ok : .unprocessableEntity, for: req)
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let (actor, c, period) = try await context(req)
        return try await render(req, actor, c, period)
    }

    struct Form: Content { var reason: String? }

    @Sendable func close(req: Request) async throws -> Response {
        let (actor, c, period) = try await context(req)
        let reason = try req.content.decode(Form.self).reason
        guard (reason ?? "").count <= 500 else {
            return try await render(req, actor, c, period, error: req.t("period_close.error.long"), reason: String((reason ?? "").prefix(500)))
        }
        do {
            try await PeriodClose.close(on: req.db, audit: try req.audit, classGroup: c, period: period, reason: reason,
                                        lockedBy: actor.userID, today: actor.today)
        } catch let p as PeriodClose.Problem {
            return try await render(req, actor, c, period, error: p.description, reason: reason ?? "")
        }
        return req.redirect(to: RouteTable.classGroup.path(c.id!) + "?locked=\(period.number)#periods")
    }

    @Sendable func reopen(req: Request) async throws -> Response {
        let (_, c, period) = try await context(req)
        let reason = try req.content.decode(Form.self).reason
        guard (reason ?? "").count <= 500 else { throw Abort(.unprocessableEntity, reason: req.t("period_close.error.long")) }
        do {
            try await PeriodClose.reopen(on: req.db, audit: try req.audit, classGroup: c, period: period, reason: reason)
        } catch let p as PeriodClose.Problem {
            throw Abort(.unprocessableEntity, reason: req.t("period_close.error.reopen", period.title, p.description))
        }
        return req.redirect(to: RouteTable.classGroup.path(c.id!) + "?reopened=\(period.number)#periods")
    }
}
