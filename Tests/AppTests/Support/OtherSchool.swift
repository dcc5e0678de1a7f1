@testable import App
import Domain
import Fluent
import Foundation
import Vapor

/// A second school on the same deployment: its rows must never reach the demo school's users.
enum OtherSchool {
    struct Fixture: Sendable {
        let schoolID: UUID
        let classID: UUID
        let pupilID: UUID
        let userID: UUID
        let assignmentID: UUID
    }

    static func create(on db: any Database, passwordHash: String) async throws -> Fixture {
        let school = School(id: UUID(), name: "МБОУ «Школа № 2»", shortName: "МБОУ СШ №2")
        try await school.create(on: db)
        let sid = school.id!
        let year = AcademicYear(id: UUID(), schoolID: sid, title: "2026/2027", startsOn: LocalDate("2026-09-01")!, endsOn: LocalDate("2027-05-26")!)
        try await year.create(on: db)
        let admin = User(id: UUID(), schoolID: sid, login: "other.admin", passwordHash: passwordHash,
                         name: PersonName(lastName: "Чужой", firstName: "Админ", middleName: "Иванович"))
        try await admin.create(on: db)
        let c = ClassGroup(id: UUID(), schoolID: sid, academicYearID: year.id!, grade: 2, letter: "А", classTeacherID: admin.id)
        try await c.create(on: db)
        let p = Pupil(id: UUID(), schoolID: sid, name: PersonName(lastName: "Чужая", firstName: "Ученица", middleName: "Петровна"),
                      sex: .female, birthDate: LocalDate("2018-05-05")!)
        try await p.create(on: db)
        try await Enrolment(schoolID: sid, pupilID: p.id!, classGroupID: c.id!, startsOn: year.startsOn).create(on: db)
        let a = RoleAssignment(schoolID: sid, userID: admin.id!, role: .admin, scope: .school)
        try await a.create(on: db)
        return Fixture(schoolID: sid, classID: c.id!, pupilID: p.id!, userID: admin.id!, assignmentID: a.id!)
    }
}
