import Domain
import Fluent
import Foundation

/// The tenant: every other row carries its `school_id`.
final class School: Model, @unchecked Sendable {
    static let schema = "schools"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "short_name") var shortName: String
    @Field(key: "address") var address: String
    @Field(key: "inn") var inn: String
    @Field(key: "ogrn") var ogrn: String
    @Field(key: "head_name") var headName: String
    @Field(key: "time_zone") var timeZone: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
    init(id: UUID? = nil, name: String, shortName: String, address: String = "", inn: String = "", ogrn: String = "",
         headName: String = "", timeZone: String = SchoolTime.defaultIdentifier) {
        self.id = id; self.name = name; self.shortName = shortName; self.address = address
        self.inn = inn; self.ogrn = ogrn; self.headName = headName; self.timeZone = timeZone
    }
}

extension School {
    /// The school's own time zone (its calendar decides "today").
    var zone: TimeZone { SchoolTime.zone(timeZone) }
}
