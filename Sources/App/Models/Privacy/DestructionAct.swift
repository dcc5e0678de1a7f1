import Domain
import Fluent
import Foundation

/// An act of destruction or depersonalisation (Приказ Роскомнадзора № 179).
final class DestructionAct: Model, @unchecked Sendable {
    static let schema = "destruction_acts"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "number") var number: String
    @Field(key: "date") var date: LocalDate
    @Field(key: "reason") var reason: String
    @Field(key: "subjects") var subjects: String
    @Field(key: "data_categories") var dataCategories: String
    @Field(key: "log_extract") var logExtract: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
