@testable import App
import Foundation
import Testing
import Vapor

/// Issue 15: one route table registers the routes and gives the links of templates, controllers and the grid's script.
@Suite struct RouteTableTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func files(_ folder: String, suffix: String) throws -> [(String, String)] {
        let dir = root.appendingPathComponent(folder)
        let names = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) } ?? []
        return try names.sorted().map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The first segments of the table's patterns ("pupils", "journals", …): a literal starting with one spells a route.
    static let firstSegments = Set(RouteTable.allCases.compactMap { $0.rawValue.split(separator: "/").first.map(String.init) })

    @Test func everyRegisteredRouteComesFromTheTableAndEveryEntryIsServed() async throws {
        try await withKopilka { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let table = Set(RouteTable.allCases.map(\.rawValue))
            #expect(registered.subtracting(table).isEmpty, "registered outside the table: \(registered.subtracting(table).sorted())")
            #expect(table.subtracting(registered).isEmpty, "in the table but not served: \(table.subtracting(registered).sorted())")
        }
    }

    @Test func aPathIsFilledInOrderAndAWrongTemplateNameFailsThePage() throws {
        let pupil = UUID(), step = UUID()
        #expect(RouteTable.pupilsRouteStep.path(pupil, step) == "/pupils/\(pupil.uuidString.lowercased())/route/steps/\(step.uuidString.lowercased())")
        #expect(RouteTable.home.path() == "/")
        #expect(RouteTable.pupilsRouteStep.parameterCount == 2)
        #expect(RouteTable.byName["journalsLessonsCells"] == .journalsLessonsCells)
    }

    @Test func templatesLinkOnlyThroughTheTable() throws {
        var found: [String] = []
        let literal = try NSRegularExpression(pattern: #"(href|action|formaction|src)="/(?!css/|js/|img/)"#)
        let hand = try NSRegularExpression(pattern: ##"(href|action|formaction|src)="#\([a-zA-Z.]+\)/"##)
        let call = try NSRegularExpression(pattern: #"#path\("([A-Za-z]+)"((?:, [A-Za-z.]+|, "[a-z]+")*)\)"#)
        for (path, text) in try Self.files("Resources/Views", suffix: ".leaf") {
            let all = NSRange(text.startIndex..., in: text)
            for m in literal.matches(in: text, range: all) + hand.matches(in: text, range: all) {
                found.append("\(path): \((text as NSString).substring(with: m.range))…")
            }
            for m in call.matches(in: text, range: all) {
                let name = (text as NSString).substring(with: m.range(at: 1))
                let arguments = (text as NSString).substring(with: m.range(at: 2)).components(separatedBy: ", ").count - 1
                guard let route = RouteTable.byName[name] else { found.append("\(path): no route «\(name)»"); continue }
                if route.parameterCount != arguments { found.append("\(path): #path(\"\(name)\") takes \(route.parameterCount), given \(arguments)") }
            }
        }
        #expect(found.isEmpty, "links spelled by hand:\n\(found.joined(separator: "\n"))")
    }

    @Test func noSourceOrScriptSpellsARoutesPath() throws {
        let literal = try NSRegularExpression(pattern: #"["'`]/([a-z][a-z0-9-]*)"#)
        var found: [String] = []
        let sources = try Self.files("Sources/App", suffix: ".swift").filter { $0.0 != "RouteTable.swift" } + Self.files("Public/js", suffix: ".js")
        for (path, text) in sources {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.hasPrefix("*") { continue }
                let s = String(line)
                for m in literal.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                    let segment = (s as NSString).substring(with: m.range(at: 1))
                    if Self.firstSegments.contains(segment) { found.append("\(path):\(n + 1): \(code)") }
                }
            }
        }
        #expect(found.isEmpty, "paths spelled outside RouteTable:\n\(found.joined(separator: "\n"))")
    }

    @Test func theGridPostsToTheAddressTheTableGivesIt() async throws {
        try await withKopilka(demo: true) { app in
            let c = try await TestClient.start(app)
            try await c.signIn("teacher")
            let journals = c.body(try await c.get(RouteTable.journals.path()))
            let grid = try #require(journals.range(of: #"href="(/journals/class/[0-9a-f-]+)""#, options: .regularExpression))
            let href = String(journals[grid]).dropFirst(6).dropLast()
            let page = c.body(try await c.get(String(href)))
            #expect(page.contains("data-cells=\"\(RouteTable.journalsLessonsCells.rawValue)\""))
            let script = try String(contentsOf: Self.root.appendingPathComponent("Public/js/journal.js"), encoding: .utf8)
            #expect(script.contains("cellsURL.replace(\":lessonID\""))
        }
    }
}
