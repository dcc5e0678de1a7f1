import Domain
import Fluent
import Foundation

/// A parent's request for information (6.3) with its legal due date.
final class InformationRequest: Model, @unchecked Sendable {
    static let schema = "information_requests"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @OptionalParent(key: "pupil_id") var pupil: Pupil?
    @OptionalParent(key: "requester_user_id") var requester: User?
    @Field(key: "requester_name") var requesterName: String
    @Field(key: "channel") var channel: RequestChannel
    @Field(key: "received_on") var receivedOn: LocalDate
    @Field(key: "due_on") var dueOn: LocalDate
    @OptionalField(key: "extended_until") var extendedUntil: LocalDate?
    @OptionalField(key: "extension_reason") var extensionReason: String?
    @Field(key: "subject") var subject: String
    @Field(key: "status") var status: RequestStatus
    @OptionalField(key: "answered_on") var answeredOn: LocalDate?
    @OptionalField(key: "answer_note") var answerNote: String?
    init() {}
}
