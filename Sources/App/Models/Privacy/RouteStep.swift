import Domain
import Fluent
import Foundation

/// One step of an individual route (6.1): what, who is responsible, when, and what came of it.
final class RouteStep: Model, @unchecked Sendable {
    static let schema = "route_steps"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Parent(key: "route_id") var route: IndividualRoute
    @Field(key: "title") var title: String
    @Field(key: "responsible") var responsible: String
    @OptionalField(key: "starts_on") var startsOn: LocalDate?
    @OptionalField(key: "due_on") var dueOn: LocalDate?
    @OptionalField(key: "done_on") var doneOn: LocalDate?
    @Field(key: "outcome") var outcome: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}
