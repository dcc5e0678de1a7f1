import Domain
import Vapor

/// The user guide (docs/guide/*.md) shown inside the product: the help menu of every page leads here.
struct HelpController: RouteCollection {
    static let pages = ["uchitel", "klassnyi-rukovoditel", "zamestitel", "direktor", "roditel", "administrator"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.help, use: index)
        routes.get(.helpPage, use: page)
        routes.get(.helpImage, use: image)
    }

    private func guide(_ req: Request) -> String { req.application.directory.workingDirectory + "docs/guide/" }

    struct Page: Encodable { let page: PageMeta; let html: String }

    private func render(_ req: Request, file: String) async throws -> View {
        guard let text = try? String(contentsOfFile: guide(req) + file, encoding: .utf8) else { throw Abort(.notFound) }
        let title = text.split(separator: "\n").first.map { $0.replacingOccurrences(of: "# ", with: "") } ?? req.t("nav.help")
        let meta = req.auth.has(User.self) && req.storage[CurrentActorKey.self] != nil ? try req.page(title, section: "help") : req.publicPage(title)
        return try await req.view.render("help/page", Page(page: meta, html: Markdown.html(text)))
    }

    @Sendable func index(req: Request) async throws -> View { try await render(req, file: "README.md") }

    @Sendable func page(req: Request) async throws -> View {
        guard let name = req.parameters.get("page"), Self.pages.contains(name) else { throw Abort(.notFound) }
        return try await render(req, file: name + ".md")
    }

    @Sendable func image(req: Request) async throws -> Response {
        guard let name = req.parameters.get("file"), name.hasSuffix(".png"),
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) else { throw Abort(.notFound) }
        let path = guide(req) + "img/" + name
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound) }
        return try await req.fileio.asyncStreamFile(at: path, mediaType: .png)
    }
}
