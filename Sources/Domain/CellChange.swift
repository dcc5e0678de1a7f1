import Foundation

/// The writes a cell edit makes, in order.
public enum CellChange: Sendable, Equatable {
    case appendMark(value: String)
    case appendVerbal(String)
    case appendDeletion
    case setAttendance(AttendanceStatus)
    case removeAttendance
}
