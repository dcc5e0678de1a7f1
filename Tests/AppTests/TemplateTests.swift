import Foundation
import Testing

/// Leaf reads «#tag(...):» as the start of a body: a colon right after a translated string breaks the page.
@Suite struct TemplateTests {
    @Test func noTranslationTagIsFollowedByAColon() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Views")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        #expect(files.count > 10)
        // Any value or tag but the block tags (if, for, export…) followed by ':' is the trap.
        let pattern = try NSRegularExpression(pattern: #"#([a-zA-Z]*)\([^()]*(\([^()]*\)[^()]*)*\):"#)
        let blocks: Set<String> = ["if", "elseif", "for", "export", "extend", "with", "else"]
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let tag = String(text[Range(m.range(at: 1), in: text)!])
                #expect(blocks.contains(tag), "\(file): #\(tag)(...) followed by ':' opens a body; put the colon elsewhere")
            }
        }
    }

    /// The other trap: a block tag without its colon (`#if(x), text#endif`) leaves an `#endif` with no opening tag.
    @Test func everyBlockTagOpensItsBodyWithAColon() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Views")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        let pattern = try NSRegularExpression(pattern: #"#(if|elseif|for)\([^()]*(\([^()]*\)[^()]*)*\)(.)"#)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let next = String(text[Range(m.range(at: 3), in: text)!])
                #expect(next == ":", "\(file): #\(text[Range(m.range(at: 1), in: text)!])(...) must be followed by ':'")
            }
        }
    }

    @Test func everyTranslationKeyExistsInBothLanguages() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let ru = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: root.appendingPathComponent("Resources/Localization/ru.json")))
        let en = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: root.appendingPathComponent("Resources/Localization/en.json")))
        #expect(Set(ru.keys) == Set(en.keys))
        let views = root.appendingPathComponent("Resources/Views")
        let files = FileManager.default.enumerator(atPath: views.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        let pattern = try NSRegularExpression(pattern: #"#t\("([a-z0-9_.]+)""#)
        for file in files {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(m.range(at: 1), in: text)!])
                #expect(ru[key] != nil, "\(file): no Russian string for \(key)")
            }
        }
    }
}

@Suite struct HelpTests {
    @Test func theGuideIsServedAndNothingElseIs() async throws {
        try await withKopilka { app in
            let c = try await TestClient.start(app)
            let index = try await c.get("/help")
            #expect(index.status == .ok)
            #expect(c.body(index).contains("href=\"/help/roditel\""))
            let parent = c.body(try await c.get("/help/roditel"))
            #expect(parent.contains("<img src=\"/help/img/parent-results.png\""))
            for path in ["/help/..%2F..%2FPackage.swift", "/help/img/..%2F..%2F..%2FPackage.swift", "/help/img/a.txt"] {
                let res = try await c.get(path)
                #expect(res.status == .notFound || res.status == .forbidden, "\(path)")
                #expect(!c.body(res).contains("swift-tools-version"))
            }
        }
    }
}
