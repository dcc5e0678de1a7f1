import Foundation

/// What is known about a cell, its lesson and its period when a teacher writes it.
public struct CellState: Sendable {
    /// The cell's history in any order.
    public var history: [CellEvent]
    public var attendance: AttendanceStatus?
    /// The title of the lesson's school year when it is closed (frozen); nil while it is open.
    public var closedYear: String?
    /// The title of the lesson's period when it is locked for the lesson's class; nil otherwise.
    public var lockedPeriod: String?
    /// The actor may correct a locked period (the policy's `correctLockedPeriod`).
    public var mayCorrectLocked: Bool
    /// Today in the school's own time zone.
    public var today: LocalDate

    public init(history: [CellEvent], attendance: AttendanceStatus?, closedYear: String?, lockedPeriod: String?,
                mayCorrectLocked: Bool, today: LocalDate) {
        self.history = history
        self.attendance = attendance
        self.closedYear = closedYear
        self.lockedPeriod = lockedPeriod
        self.mayCorrectLocked = mayCorrectLocked
        self.today = today
    }
}
