import Domain
import Foundation
import Leaf
import Vapor

/// User-visible strings, one file per language: `Resources/Localization/ru.json`, `en.json`.
struct Localization: Sendable {
    var tables: [String: [String: String]]

    static func load(from directory: String) throws -> Localization {
        var tables: [String: [String: String]] = [:]
        for lang in ["ru", "en"] {
            let path = directory + "\(lang).json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Abort(.internalServerError, reason: "Нет файла переводов \(path)")
            }
            tables[lang] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Localization(tables: tables)
    }

    /// The string for `key` in `lang`, falling back to Russian, then to the key itself.
    func text(_ key: String, _ lang: String, _ args: [String] = []) -> String {
        var s = tables[lang]?[key] ?? tables["ru"]?[key] ?? key
        for (i, a) in args.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: a) }
        return s
    }
}

extension Application {
    var localization: Localization { storage[LocalizationKey.self] ?? Localization(tables: [:]) }
}

extension Request {
    /// The interface language: the user's choice (cookie), else the configured default.
    /// The interface language: the `kopilka_lang` cookie, else the configured default; worked out once per
    /// request (every `t()` and `#t` asks for it).
    var language: String {
        if let known = storage[RequestLanguageKey.self] { return known }
        let chosen: String
        if let c = cookies["kopilka_lang"]?.string, c == "ru" || c == "en" { chosen = c } else { chosen = application.kopilkaConfig.defaultLanguage }
        storage[RequestLanguageKey.self] = chosen
        return chosen
    }

    func t(_ key: String, _ args: String...) -> String {
        application.localization.text(key, language, args)
    }

    /// «3 минуты», "3 minutes": a number with its word in the page's language, from `<unit>.one`, `.few`, `.many`
    /// (English uses `one` for 1 and `many` for the rest).
    func count(_ n: Int, _ unit: String) -> String {
        if language == "ru" { return RussianText.count(n, t(unit + ".one"), t(unit + ".few"), t(unit + ".many")) }
        return "\(n) " + t(n == 1 ? unit + ".one" : unit + ".many")
    }
}
