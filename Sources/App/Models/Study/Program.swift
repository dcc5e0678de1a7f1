import Domain
import Fluent
import Foundation

/// An educational programme (3.1).
final class Program: Model, @unchecked Sendable {
    static let schema = "programs"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "kind") var kind: ProgramKind
    @Field(key: "title") var title: String
    init() {}
    init(id: UUID? = nil, schoolID: UUID, kind: ProgramKind, title: String) {
        self.id = id; self.schoolID = schoolID; self.kind = kind; self.title = title
    }
}
