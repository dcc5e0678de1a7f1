import Domain
import Fluent
import Vapor

/// The school's editable lists (achievement sections, kinds, levels, results, award kinds and grounds…), loaded once
/// per page and read by code.
struct Vocabulary: Sendable {
    private let entries: [VocabularyKind: [VocabularyEntry]]
    let language: String

    static func load(_ db: any Database, schoolID: UUID, _ kinds: [VocabularyKind], language: String) async throws -> Vocabulary {
        let rows = try await VocabularyEntry.query(on: db).filter(\.$schoolID == schoolID).filter(\.$vocabulary ~~ kinds)
            .sort(\.$sort).all()
        return Vocabulary(entries: Dictionary(grouping: rows, by: \.vocabulary), language: language)
    }

    func title(_ kind: VocabularyKind, _ code: String) -> String {
        guard let e = entries[kind]?.first(where: { $0.code == code }) else { return code }
        return language == "en" && !e.titleEn.isEmpty ? e.titleEn : e.titleRu
    }

    /// An active entry of the list: what a form may choose.
    func has(_ kind: VocabularyKind, _ code: String?) -> Bool {
        guard let code else { return false }
        return entries[kind]?.contains { $0.code == code && $0.active } ?? false
    }

    func options(_ kind: VocabularyKind, selected: String? = nil) -> [SelectOption] {
        (entries[kind] ?? []).filter(\.active).map {
            SelectOption(value: $0.code, title: language == "en" && !$0.titleEn.isEmpty ? $0.titleEn : $0.titleRu, selected: $0.code == selected)
        }
    }

    /// Codes in the school's order (sections of a portfolio page follow it).
    func codes(_ kind: VocabularyKind) -> [String] { (entries[kind] ?? []).map(\.code) }
}
