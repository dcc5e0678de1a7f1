import Foundation

/// The school's clock: every school keeps its own time zone (`schools.time_zone`); its calendar decides "today",
/// "an earlier day" and the dates printed on its documents.
public enum SchoolTime {
    /// The zone a new school starts with, until the school sets its own.
    public static let defaultIdentifier = "Europe/Moscow"
    public static var defaultZone: TimeZone { TimeZone(identifier: defaultIdentifier)! }

    /// The zone named by a school's setting, or the default when the name is unknown.
    public static func zone(_ identifier: String) -> TimeZone { TimeZone(identifier: identifier) ?? defaultZone }

    /// «03.12.2026 14:05»: a moment as the school's clock shows it (the one format of journal histories, the access
    /// log and the year's audit checkpoint).
    public static func dateTime(_ moment: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
