import Domain
import Fluent
import Foundation

/// A mark scale as data: «5/4/3/2», «зачёт/незачёт», verbal only (1.2: the regulation may change).
final class MarkScale: Model, @unchecked Sendable {
    static let schema = "mark_scales"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: MarkScaleKind
    /// Allowed values, best first: ["5","4","3","2"], ["зачёт","незачёт"], [] for verbal.
    @Field(key: "allowed_values") var allowedValues: [String]
    @Field(key: "in_average") var inAverage: Bool
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, title: String, kind: MarkScaleKind, allowedValues: [String], inAverage: Bool) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.title = title; self.kind = kind
        self.allowedValues = allowedValues; self.inAverage = inAverage
    }
}
