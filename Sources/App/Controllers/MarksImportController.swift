import Domain
import Fluent
import Vapor

/// Marks from the school's official e-journal (regulation 4.3), for the deputy head or head: upload the journal's
/// CSV or XLSX export, say which column is what (and the encoding, if the guess is wrong), see what every row
/// would do, then apply in one transaction — everything when the file is clean, or only the valid rows if asked.
struct MarksImportController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.journalsImport, use: uploadForm)
        routes.upload(.journalsImport, maxBytes: maxUpload, use: upload)
        routes.get(.journalsImportJob, use: preview)
        routes.post(.journalsImportJob, use: preview)
        routes.post(.journalsImportApply, use: apply)
    }

    /// Journals are the controllers' to import into: the deputy head and the head.
    private func requireController(_ req: Request) throws -> CurrentActor {
        let actor = try req.actor
        guard actor.may(.importMarks) else { throw Abort(.forbidden) }
        return actor
    }

    private func path(_ req: Request, _ actor: CurrentActor, _ id: UUID) -> String {
        req.application.kopilkaConfig.dataDirectory + "/imports/marks-\(actor.schoolID.uuidString.lowercased())-\(id.uuidString.lowercased())"
    }

    struct UploadPage: Encodable { let page: PageMeta; let error: String? }

    @Sendable func uploadForm(req: Request) async throws -> View {
        _ = try requireController(req)
        return try await req.view.render("journals/import", UploadPage(page: try req.page(req.t("marks_import.title"), section: "control"), error: nil))
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let actor = try requireController(req)
        func refuse(_ message: String) async throws -> Response {
            try await req.view.render("journals/import", UploadPage(page: try req.page(req.t("marks_import.title"), section: "control"), error: message))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard let file = try await req.uploadForm.file("file"), file.size > 0 else { return try await refuse(TableError.empty.message) }
        let id = UUID()
        let target = path(req, actor, id)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: file.path, toPath: target)
        do {
            _ = try MarkImportFile(path: target)
        } catch let e as TableError {
            try? FileManager.default.removeItem(atPath: target)
            return try await refuse(e.message)
        }
        return req.redirect(to: RouteTable.journalsImportJob.path(id.uuidString.lowercased()))
    }

    struct PreviewPage: Encodable {
        struct Field: Encodable { let id, title: String; let options: [Option] }
        struct Option: Encodable { let value, title: String; let selected: Bool }
        struct Issue: Encodable { let line: Int; let message: String }
        let page: PageMeta
        let action: String
        let applyAction: String
        let fields: [Field]
        let encodings: [Option]
        let encoding: String?
        let mode: String?
        let rows, created, changed, unchanged, refused, lessons, valid: Int
        let issues: [Issue]
        let moreIssues: Int
        let headers: [String]
        let sample: [[String]]
        let message: String?
        let applied: Bool
    }

    private struct Loaded { let id: UUID; let path: String; let file: MarkImportFile; let mapping: MarkImportMapping; let encoding: TextEncodingChoice }

    private func load(_ req: Request, _ actor: CurrentActor) throws -> Loaded {
        guard let id = req.parameters.get("importID", as: UUID.self) else { throw Abort(.notFound) }
        let target = path(req, actor, id)
        guard FileManager.default.fileExists(atPath: target) else { throw Abort(.notFound) }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let encoding = form["encoding"].flatMap(TextEncodingChoice.init(rawValue:)) ?? .auto
        let file = try MarkImportFile(path: target, encoding: encoding)
        var mapping = MarksImport.guess(headers: file.headers)
        if form.keys.contains(where: { $0.hasPrefix("map_") }) {
            mapping = [:]
            for f in MarkImportField.allCases {
                if let h = form["map_\(f.rawValue)"], !h.isEmpty, file.headers.contains(h) { mapping[f] = h }
            }
        }
        return Loaded(id: id, path: target, file: file, mapping: mapping, encoding: encoding)
    }

    private func render(_ req: Request, _ l: Loaded, _ report: MarksImportService.Report, message: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let sample = report.applied ? [] : try l.file.sample(5)
        let mapped = MarksImport.check(l.mapping)
        let page = PreviewPage(
            page: try req.page(req.t("marks_import.title"), section: "control"),
            action: RouteTable.journalsImportJob.path(l.id.uuidString.lowercased()), applyAction: RouteTable.journalsImportApply.path(l.id.uuidString.lowercased()),
            fields: MarkImportField.allCases.map { f in
                PreviewPage.Field(id: f.rawValue, title: f.title, options: [PreviewPage.Option(value: "", title: "—", selected: l.mapping[f] == nil)]
                    + l.file.headers.map { PreviewPage.Option(value: $0, title: $0, selected: l.mapping[f] == $0) })
            },
            encodings: l.file.encodingTitle == nil ? [] : TextEncodingChoice.allCases.map {
                PreviewPage.Option(value: $0.rawValue, title: $0.title, selected: $0 == l.encoding)
            },
            encoding: l.file.encodingTitle,
            mode: (try? mapped.get())?.title,
            rows: report.rows, created: report.created, changed: report.changed, unchanged: report.unchanged, refused: report.refused,
            lessons: report.lessonsCreated, valid: report.valid,
            issues: report.issues.map { .init(line: $0.line, message: $0.message) },
            moreIssues: max(0, report.refused - report.issues.filter { $0.line > 1 }.count),
            headers: l.file.headers, sample: sample, message: message, applied: report.applied)
        return try await req.view.render(report.applied ? "journals/import-done" : "journals/import-preview", page)
            .encodeResponse(status: status, for: req)
    }

    @Sendable func preview(req: Request) async throws -> Response {
        let actor = try requireController(req)
        let l = try load(req, actor)
        let report = try await MarksImportService(db: req.db, schoolID: actor.schoolID, authorID: actor.userID)
            .run(l.file, mapping: l.mapping, apply: false, validOnly: false)
        return try await render(req, l, report)
    }

    @Sendable func apply(req: Request) async throws -> Response {
        let actor = try requireController(req)
        let l = try load(req, actor)
        let validOnly = (try? req.content.get(String.self, at: "mode")) == "valid"
        let report = try await MarksImportService(db: req.db, schoolID: actor.schoolID, authorID: actor.userID)
            .run(l.file, mapping: l.mapping, apply: true, validOnly: validOnly, audit: try req.audit, auditObject: l.id)
        guard report.applied else {
            let message = report.valid == 0 ? req.t("marks_import.nothing") : req.t("import.not_clean")
            return try await render(req, l, report, message: message, status: .unprocessableEntity)
        }
        let response = try await render(req, l, report)
        try? FileManager.default.removeItem(atPath: l.path)
        return response
    }
}
