

/// «н» in a journal is attendance, never a mark.
public enum AttendanceStatus: String, Codable, Sendable, CaseIterable {
    case present, absent, ill, late, excused
}
