import Domain
import Fluent
import Foundation

/// A kind of work with its weight: ответ на уроке, самостоятельная, контрольная, диктант, проект…
final class WorkType: Model, @unchecked Sendable {
    static let schema = "work_types"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "weight") var weight: Double
    @Field(key: "sort") var sort: Int
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, title: String, weight: Double, sort: Int) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.title = title; self.weight = weight; self.sort = sort
    }
}
