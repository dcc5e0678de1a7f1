import Domain
import Fluent
import Vapor

/// OneRoster 1.2 for the school's IT admin (and the head): the school year as a CSV bulk package for other systems.
/// A package goes into a new school through `kopilka oneroster import` (an empty installation or a region's server).
struct OneRosterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.adminOneroster, use: page)
        routes.get(.adminOnerosterExport, use: export)
    }

    private func allowed(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.exportRoster) else { throw Abort(.forbidden) }
        return actor
    }

    struct Page: Encodable { let page: PageMeta; let years: [SelectOption] }

    @Sendable func page(req: Request) async throws -> View {
        let actor = try allowed(req)
        let current = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let years = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$startsOn, .descending).all()
        return try await req.view.render("admin/oneroster", Page(
            page: try req.page(req.t("oneroster.title"), section: "import"),
            years: years.map { SelectOption(value: $0.id!.uuidString.lowercased(), title: $0.title, selected: $0.id == current?.id) }))
    }

    @Sendable func export(req: Request) async throws -> Response {
        let actor = try allowed(req)
        let year: AcademicYear?
        if let text = req.query[String.self, at: "year"] {
            guard let id = UUID(uuidString: text) else { throw Abort(.notFound) }
            year = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        } else {
            year = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today)
        }
        guard let year else { throw Abort(.notFound) }
        let data = try await OneRosterExport(db: req.db).zip(schoolID: actor.schoolID, yearID: year.id!)
        try await AuditLog.logRead(try req.audit, on: req.db, .export, objectKind: "oneroster", objectID: year.id, pupilID: nil, details: year.title)
        // Each child whose marks and birth date left in the package sees it in their access log.
        try await AuditLog.logReads(try req.audit, on: req.db, .export, objectKind: "oneroster", objectID: year.id,
                                    pupilIDs: try await SchoolQueries.pupilsOfYear(on: req.db, schoolID: actor.schoolID, yearID: year.id!),
                                    details: year.title)
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        res.headers.replaceOrAdd(name: .contentDisposition,
                                 value: "attachment; filename=\"oneroster-\(year.title.replacingOccurrences(of: "/", with: "-")).zip\"")
        return res
    }
}
