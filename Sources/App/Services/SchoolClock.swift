import Domain
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// "Today" for every decision the school's calendar makes (a period's or the year's close, a lesson's day, retention,
/// the policy's dates). The one place that asks the system for the date: `StructureTests` refuses
/// `LocalDate.today(in:)` without an explicit moment anywhere else. `KOPILKA_TODAY` moves it (a demonstration of the
/// year's end, the tests of a whole year); every page then says so.
final class SchoolClock: Sendable {
    private let fixed: NIOLockedValueBox<LocalDate?>

    init(fixed: LocalDate?) { self.fixed = NIOLockedValueBox(fixed) }

    /// The moved day, if the calendar is moved.
    var movedTo: LocalDate? { fixed.withLockedValue { $0 } }

    /// Moves the calendar to `day` (nil: back to the real date). Tests of a whole year walk through it.
    func move(to day: LocalDate?) { fixed.withLockedValue { $0 = day } }

    /// Today in the school's time zone.
    func today(in zone: TimeZone) -> LocalDate {
        movedTo ?? LocalDate.today(in: zone, now: Date())
    }
}

struct SchoolClockKey: StorageKey { typealias Value = SchoolClock }

extension Application {
    /// The school calendar's today (see `SchoolClock`); made from `KOPILKA_TODAY` by `configure`.
    var clock: SchoolClock {
        guard let c = storage[SchoolClockKey.self] else { fatalError("configure(_:config:) sets the school clock") }
        return c
    }
}
