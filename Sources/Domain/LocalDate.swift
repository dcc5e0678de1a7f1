import Foundation

/// A calendar date without a time zone (birth dates, lesson dates, period bounds).
/// Stored and exchanged as ISO 8601 `yyyy-MM-dd`, so SQLite and PostgreSQL sort it alike.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `yyyy-MM-dd` (ISO) or `dd.MM.yyyy` (as Russian schools write dates), spaces around allowed.
    /// Read byte by byte: imports parse a date per row, millions of them.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while let f = bytes.first, f == 0x20 || f == 0x09 { bytes = bytes.dropFirst() }
        while let l = bytes.last, l == 0x20 || l == 0x09 { bytes = bytes.dropLast() }
        var parts: [Int] = []
        var lengths: [Int] = []
        var separator: UInt8 = 0
        var value = 0, length = 0
        for b in bytes {
            if b >= 0x30 && b <= 0x39 {
                value = value * 10 + Int(b - 0x30); length += 1
                if length > 4 { return nil }
            } else if (b == 0x2D || b == 0x2E) && (separator == 0 || separator == b) && length > 0 {
                separator = b; parts.append(value); lengths.append(length); value = 0; length = 0
            } else {
                return nil
            }
        }
        guard length > 0 else { return nil }
        parts.append(value); lengths.append(length)
        guard parts.count == 3 else { return nil }
        if separator == 0x2D, lengths == [4, 2, 2] {
            self.init(year: parts[0], month: parts[1], day: parts[2])
        } else if separator == 0x2E, lengths[2] == 4, (1...2).contains(lengths[0]), (1...2).contains(lengths[1]) {
            self.init(year: parts[2], month: parts[1], day: parts[0])
        } else {
            return nil
        }
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic without Foundation calendars.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 + 1 }

    /// Full years between `self` (a birth date) and `date`.
    public func age(on date: LocalDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    public var iso: String { Self.digits(year, 4) + "-" + Self.digits(month, 2) + "-" + Self.digits(day, 2) }
    /// `dd.MM.yyyy`, the way Russian documents write a date.
    public var russian: String { Self.digits(day, 2) + "." + Self.digits(month, 2) + "." + Self.digits(year, 4) }

    /// A zero-padded number, without `String(format:)` (which goes through C's printf).
    static func digits(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    public var description: String { iso }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func today(in timeZone: TimeZone = .current, now: Date = Date()) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "Expected a date yyyy-MM-dd, got \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
