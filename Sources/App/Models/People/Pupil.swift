import Domain
import Fluent
import Foundation

/// A pupil's personal file (личное дело). No health details: a flag for special conditions is enough.
final class Pupil: Model, @unchecked Sendable {
    static let schema = "pupils"
    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "last_name") var lastName: String
    @Field(key: "first_name") var firstName: String
    @Field(key: "middle_name") var middleName: String
    @Field(key: "sex") var sex: Sex
    @Field(key: "birth_date") var birthDate: LocalDate
    @Field(key: "home_schooled") var homeSchooled: Bool
    @Field(key: "special_conditions") var specialConditions: Bool
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "status") var status: PupilStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
    init(id: UUID? = nil, schoolID: UUID, name: PersonName, sex: Sex, birthDate: LocalDate,
         homeSchooled: Bool = false, specialConditions: Bool = false, externalID: String? = nil, status: PupilStatus = .active) {
        self.id = id; self.schoolID = schoolID; self.lastName = name.lastName; self.firstName = name.firstName
        self.middleName = name.middleName; self.sex = sex; self.birthDate = birthDate; self.homeSchooled = homeSchooled
        self.specialConditions = specialConditions; self.externalID = externalID; self.status = status
    }
    var name: PersonName { PersonName(lastName: lastName, firstName: firstName, middleName: middleName) }
}
