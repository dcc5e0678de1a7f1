import Domain
import Fluent
import Foundation

/// An award (поощрение) on one of the nine grounds of clause 3.3, resting on an order.
final class Award: Model, @unchecked Sendable {
    static let schema = "awards"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "pupil_id") var pupil: Pupil
    @Field(key: "kind") var kind: String
    @Field(key: "ground") var ground: String
    @Field(key: "title") var title: String
    @Field(key: "date") var date: LocalDate
    @Field(key: "basis_document") var basisDocument: String
    @Field(key: "awarded_by") var awardedBy: String
    @OptionalField(key: "order_number") var orderNumber: String?
    @OptionalField(key: "order_date") var orderDate: LocalDate?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Field(key: "shared") var shared: Bool
    init() {}
}
