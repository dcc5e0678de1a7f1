import Domain
import Fluent
import Vapor

/// The roster import for the admin: upload a CSV or XLSX, map its columns, see every row's problems, then apply
/// in one transaction — all rows when the file is clean, or only the valid ones if the admin says so.
struct ImportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.adminImport, use: uploadForm)
        routes.upload(.adminImport, maxBytes: 20 << 20, use: upload)
        routes.get(.adminImportJob, use: preview)
        routes.post(.adminImportJob, use: preview)
        routes.post(.adminImportApply, use: apply)
    }


    /// Uploaded files wait under the data directory, named by a random id, for this school only.
    private func path(_ req: Request, _ actor: CurrentActor, _ id: UUID) -> String {
        req.application.kopilkaConfig.dataDirectory + "/imports/\(actor.schoolID.uuidString.lowercased())-\(id.uuidString.lowercased())"
    }

    struct UploadPage: Encodable { let page: PageMeta; let error: String? }

    @Sendable func uploadForm(req: Request) async throws -> View {
        _ = try req.requireAdmin()
        return try await req.view.render("admin/import", UploadPage(page: try req.page(req.t("import.title"), section: "users"), error: nil))
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let actor = try req.requireAdmin()
        guard let file = try await req.uploadForm.file("file"), file.size > 0 else {
            return try await req.view.render("admin/import", UploadPage(page: try req.page(req.t("import.title"), section: "users"),
                                                                         error: TableError.empty.message))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
        do {
            _ = try RosterImport.readTable(data)
        } catch let e as TableError {
            return try await req.view.render("admin/import", UploadPage(page: try req.page(req.t("import.title"), section: "users"), error: e.message))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let id = UUID()
        let target = path(req, actor, id)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: target))
        return req.redirect(to: RouteTable.adminImportJob.path(id.uuidString.lowercased()))
    }

    struct PreviewPage: Encodable {
        struct Field: Encodable { let id, title: String; let options: [Option] }
        struct Option: Encodable { let value, title: String; let selected: Bool }
        struct Issue: Encodable { let line: Int; let message: String; let error: Bool }
        let page: PageMeta
        let action: String
        let applyAction: String
        let fields: [Field]
        let total: Int
        let valid: Int
        let errors: Int
        let issues: [Issue]
        let sample: [[String]]
        let headers: [String]
        let message: String?
    }

    private func load(_ req: Request, _ actor: CurrentActor) throws -> (UUID, Table) {
        guard let id = req.parameters.get("importID", as: UUID.self),
              let data = FileManager.default.contents(atPath: path(req, actor, id)) else { throw Abort(.notFound) }
        return (id, try RosterImport.readTable(data))
    }

    /// The mapping from the form (`map_<field>` = header), else guessed from the headers.
    private func mapping(_ req: Request, _ table: Table) -> RosterMapping {
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        guard form.keys.contains(where: { $0.hasPrefix("map_") }) else { return Roster.guess(headers: table.headers) }
        var m: RosterMapping = [:]
        for f in RosterField.allCases {
            if let h = form["map_\(f.rawValue)"], !h.isEmpty, table.headers.contains(h) { m[f] = h }
        }
        return m
    }

    private func render(_ req: Request, _ actor: CurrentActor, id: UUID, table: Table, mapping: RosterMapping,
                        message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let classes = try await RosterImport.classes(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let (rows, issues) = Roster.validate(table, mapping: mapping, knownClasses: Set(classes.keys))
        let errorLines = Set(issues.filter(\.isError).map(\.line))
        let page = PreviewPage(
            page: try req.page(req.t("import.title"), section: "users"), action: RouteTable.adminImportJob.path(id.uuidString.lowercased()), applyAction: RouteTable.adminImportApply.path(id.uuidString.lowercased()),
            fields: RosterField.allCases.map { f in
                PreviewPage.Field(id: f.rawValue, title: f.title, options: [PreviewPage.Option(value: "", title: "—", selected: mapping[f] == nil)]
                    + table.headers.map { PreviewPage.Option(value: $0, title: $0, selected: mapping[f] == $0) })
            },
            total: table.rows.count, valid: rows.count, errors: errorLines.count,
            issues: issues.sorted { $0.line < $1.line }.prefix(500).map { .init(line: $0.line, message: $0.message, error: $0.isError) },
            sample: Array(table.rows.prefix(5)), headers: table.headers, message: message)
        return try await req.view.render("admin/import-preview", page).encodeResponse(status: status, for: req)
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let actor = try req.requireAdmin()
        let (id, table) = try load(req, actor)
        return try await render(req, actor, id: id, table: table, mapping: mapping(req, table))
    }

    @Sendable func apply(req: Request) async throws -> Response {
        let actor = try req.requireAdmin()
        let (id, table) = try load(req, actor)
        let m = mapping(req, table)
        let classes = try await RosterImport.classes(on: req.db, schoolID: actor.schoolID, today: actor.today)
        let (rows, issues) = Roster.validate(table, mapping: m, knownClasses: Set(classes.keys))
        let validOnly = (try? req.content.get(String.self, at: "mode")) == "valid"
        if issues.contains(where: \.isError) && (!validOnly || rows.isEmpty) {
            return try await render(req, actor, id: id, table: table, mapping: m, message: req.t("import.not_clean"), status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(CSRF.randomToken())
        let report = try await RosterImport.apply(rows, on: req.db, schoolID: actor.schoolID, today: actor.today, actorID: actor.userID,
                                                  passwordHash: hash)
        try? FileManager.default.removeItem(atPath: path(req, actor, id))
        struct Done: Encodable { let page: PageMeta; let created, updated, unchanged, parents, skipped: Int; let lines: [String] }
        return try await req.view.render("admin/import-done", Done(
            page: try req.page(req.t("import.title"), section: "users"), created: report.created, updated: report.updated,
            unchanged: report.unchanged, parents: report.parentsCreated, skipped: table.rows.count - rows.count,
            lines: report.lines.prefix(300).map { "строка \($0.line): \($0.text)" })).encodeResponse(for: req)
    }
}
