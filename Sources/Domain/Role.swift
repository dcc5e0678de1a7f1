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
