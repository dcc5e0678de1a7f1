import Foundation

/// The journal's rules for writing one cell, in one place for the grid, the lesson form, the API and the imports.
public enum CellWrite {
    /// 2.4: the current mark is the latest event of the cell's history; a deletion leaves no mark.
    public static func current(_ history: [CellEvent]) -> CellEvent? {
        guard let last = MarkHistory.latest(history, recordedAt: \.recordedAt), last.isSet else { return nil }
        return last
    }

    /// The decision for writing `entry` into a cell in `state`, with the teacher's `reason` (trimmed; nil when empty).
    public static func decide(_ entry: CellEntry, state: CellState, reason: String?) -> CellDecision {
        // VI: a closed school year is frozen for everyone: its archive has been written.
        if let year = state.closedYear { return .refuse(.yearClosed(title: year)) }
        let current = current(state.history)
        let changes = changes(entry, current: current, attendance: state.attendance)
        if changes.isEmpty { return .nothingToDo }
        // A locked period changes only by the deputy head or head, with a reason.
        if let title = state.lockedPeriod {
            guard state.mayCorrectLocked else { return .refuse(.periodLocked(title: title)) }
            guard reason != nil else { return .refuse(.reasonRequired) }
        }
        // Changing or removing a mark given on an earlier day (of the school's own calendar) needs a reason.
        let touchesMark = changes.contains { if case .setAttendance = $0 { return false }; if case .removeAttendance = $0 { return false }; return true }
        if touchesMark, let current, current.recordedOn < state.today, reason == nil { return .refuse(.reasonRequired) }
        return .apply(changes)
    }

    private static func changes(_ entry: CellEntry, current: CellEvent?, attendance: AttendanceStatus?) -> [CellChange] {
        switch entry {
        case .mark(let v):
            guard current?.value != v || current?.verbal != nil else { return [] }
            // A mark means the pupil was there (or came late).
            var out: [CellChange] = [.appendMark(value: v)]
            if let attendance, attendance != .late { out.append(.removeAttendance) }
            return out
        case .verbal(let text):
            return current?.verbal == text ? [] : [.appendVerbal(text)]
        case .attendance(let status):
            var out: [CellChange] = []
            // An absent pupil has no mark for the lesson.
            if current != nil, status != .late { out.append(.appendDeletion) }
            if attendance != status { out.append(.setAttendance(status)) }
            return out
        case .clear:
            var out: [CellChange] = []
            if current != nil { out.append(.appendDeletion) }
            if attendance != nil { out.append(.removeAttendance) }
            return out
        }
    }
}
