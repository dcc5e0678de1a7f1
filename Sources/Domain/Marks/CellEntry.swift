import Foundation

/// What a journal cell may hold once validated.
public enum CellEntry: Sendable, Equatable {
    case mark(String)
    case verbal(String)
    case attendance(AttendanceStatus)
    case clear
}
