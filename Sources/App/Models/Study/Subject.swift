import Domain
import Fluent
import Foundation

final class Subject: Model, @unchecked Sendable {
    static let schema = "subjects"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "sort") var sort: Int
    init() {}
    init(id: UUID? = nil, schoolID: UUID, code: String, name: String, shortName: String, sort: Int) {
        self.id = id; self.schoolID = schoolID; self.code = code; self.name = name; self.shortName = shortName; self.sort = sort
    }
}
