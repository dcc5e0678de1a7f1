import Foundation

/// The school's clock: every school keeps its own time zone (`schools.time_zone`); its calendar decides "today",
/// "an earlier day" and the dates printed on its documents.
public enum SchoolTime {
    /// The zone a new school starts with, until the school sets its own.
    public static let defaultIdentifier = "Europe/Moscow"
    public static var defaultZone: TimeZone { TimeZone(identifier: defaultIdentifier)! }

    /// The zone named by a school's setting, or the default when the name is unknown.
    public static func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier) ?? defaultZone }
}
