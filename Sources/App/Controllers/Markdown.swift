import Domain
import Vapor

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
