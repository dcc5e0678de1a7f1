import Foundation

/// Who a user is in a school (5.2): teachers record, the deputy head controls.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case head
    case deputyHead = "deputy_head"
    case classTeacher = "class_teacher"
    case subjectTeacher = "subject_teacher"
    case additionalTeacher = "additional_teacher"
    case parent
    case pupil

    public var isStaff: Bool { self != .parent && self != .pupil }
}

/// Where an assignment reaches.
public enum Scope: Hashable, Sendable {
    case school
    case grades(ClosedRange<Int>)
    case classGroup(UUID)
    case classSubject(classGroup: UUID, subject: UUID)
    case programGroup(UUID)
    case pupil(UUID)
}

/// One role a user holds in one school, for a scope and (optionally) for dates.
public struct Assignment: Hashable, Sendable {
    public var role: Role
    public var schoolID: UUID
    public var scope: Scope
    public var validFrom: LocalDate?
    public var validTo: LocalDate?

    public init(role: Role, schoolID: UUID, scope: Scope, validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.role = role
        self.schoolID = schoolID
        self.scope = scope
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on date: LocalDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, to < date { return false }
        return true
    }
}
