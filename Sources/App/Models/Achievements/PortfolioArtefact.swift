import Domain
import Fluent
import Foundation

/// A work or document of the portfolio (4.8): album, presentation, creative work, table of skills.
final class PortfolioArtefact: Model, @unchecked Sendable {
    static let schema = "portfolio_artefacts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "section") var section: String
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @OptionalParent(key: "attachment_id") var attachment: Attachment?
    @Field(key: "date") var date: LocalDate
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "shared") var shared: Bool
    init() {}
}
