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

/// Just enough Markdown for the guide: headings, paragraphs, lists, images, links, **bold** and `code`.
enum Markdown {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func inline(_ raw: String) -> String {
        var s = escape(raw)
        s = s.replacingOccurrences(of: #"!\[([^\]]*)\]\(img/([A-Za-z0-9._-]+)\)"#, with: "<img src=\"\(RouteTable.helpImage.path("$2"))\" alt=\"$1\" loading=\"lazy\">",
                                   options: .regularExpression)
        s = s.replacingOccurrences(of: #"\[([^\]]+)\]\(([a-z-]+)\.md\)"#, with: "<a href=\"\(RouteTable.helpPage.path("$2"))\">$1</a>", options: .regularExpression)
        s = s.replacingOccurrences(of: #"\*\*([^*]+)\*\*"#, with: "<strong>$1</strong>", options: .regularExpression)
        s = s.replacingOccurrences(of: #"`([^`]+)`"#, with: "<code>$1</code>", options: .regularExpression)
        return s
    }

    static func html(_ text: String) -> String {
        var out: [String] = []
        var list: String? = nil
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>"); paragraph = [] }
        }
        func closeList() { if let l = list { out.append("</\(l)>"); list = nil } }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { flush(); closeList(); continue }
            if t.hasPrefix("#") {
                flush(); closeList()
                let level = min(3, t.prefix { $0 == "#" }.count)
                out.append("<h\(level)>" + inline(String(t.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)) + "</h\(level)>")
            } else if t.hasPrefix("- ") || t.range(of: #"^\d+\. "#, options: .regularExpression) != nil {
                flush()
                let kind = t.hasPrefix("- ") ? "ul" : "ol"
                if list != kind { closeList(); out.append("<\(kind)>"); list = kind }
                let item = t.hasPrefix("- ") ? String(t.dropFirst(2)) : String(t[t.range(of: ". ")!.upperBound...])
                out.append("<li>" + inline(item) + "</li>")
            } else {
                closeList()
                paragraph.append(t)
            }
        }
        flush(); closeList()
        return out.joined(separator: "\n")
    }
}
