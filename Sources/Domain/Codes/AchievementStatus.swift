

/// 5.2: who vouches for a record. A class teacher's own entry is «подтверждено классным руководителем»;
/// the deputy head's verification or rejection (with a reason) closes the control.
public enum AchievementStatus: String, Codable, Sendable, CaseIterable {
    case draft, submitted
    case confirmed
    case verified, rejected

    /// Waiting for the deputy head's control.
    public var isPending: Bool { self == .submitted || self == .confirmed }
    /// Trustworthy enough for the gifted list and a shared portfolio.
    public var counts: Bool { self == .verified || self == .confirmed }
}
