import Domain
import Fluent
import Foundation

/// How long a kind of record is kept, from the school's номенклатура дел (editable, not law).
final class RetentionRule: Model, @unchecked Sendable {
    static let schema = "retention_rules"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "record_kind") var recordKind: String
    @Field(key: "years") var years: Int
    @Field(key: "starts_at") var startsAt: RetentionStart
    @Field(key: "action") var action: RetentionAction
    @Field(key: "basis") var basis: String
    /// Who confirmed the term for the school, and when: until then nothing is destroyed under it.
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_on") var approvedOn: LocalDate?
    init() {}
    init(schoolID: UUID, recordKind: String, years: Int, startsAt: RetentionStart, action: RetentionAction, basis: String) {
        self.schoolID = schoolID; self.recordKind = recordKind; self.years = years; self.startsAt = startsAt
        self.action = action; self.basis = basis
    }
}
