import Domain
import Fluent
import Foundation

/// An УУД (metasubject) or personal-result indicator (3.2.3, 3.2.4).
final class Indicator: Model, @unchecked Sendable {
    static let schema = "indicators"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "group") var group: IndicatorGroup
    @Field(key: "title") var title: String
    @Field(key: "sort") var sort: Int
    @Field(key: "active") var active: Bool
    init() {}
    init(schoolID: UUID, group: IndicatorGroup, title: String, sort: Int) {
        self.schoolID = schoolID; self.group = group; self.title = title; self.sort = sort; self.active = true
    }
}
