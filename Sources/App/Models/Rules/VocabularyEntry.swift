import Domain
import Fluent
import Foundation

/// One entry of a list the school edits: achievement sections/kinds/levels/results, award kinds and grounds,
/// consent purposes, participation kinds, portfolio sections.
final class VocabularyEntry: Model, @unchecked Sendable {
    static let schema = "vocabulary_entries"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "vocabulary") var vocabulary: VocabularyKind
    @Field(key: "code") var code: String
    @Field(key: "title_ru") var titleRu: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "sort") var sort: Int
    @Field(key: "active") var active: Bool
    init() {}
    init(schoolID: UUID, vocabulary: VocabularyKind, code: String, titleRu: String, titleEn: String, sort: Int) {
        self.schoolID = schoolID; self.vocabulary = vocabulary; self.code = code; self.titleRu = titleRu
        self.titleEn = titleEn; self.sort = sort; self.active = true
    }
}
