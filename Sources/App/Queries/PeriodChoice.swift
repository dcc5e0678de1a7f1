import Domain
import Foundation

extension Period {
    /// The period a page shows: the one asked for; else the quarter (trimester…) in progress; else the last one
    /// started; the year period only when asked for (it spans every other period).
    static func choose(_ periods: [Period], wanted: UUID?, today: LocalDate) -> Period? {
        if let wanted, let p = periods.first(where: { $0.id == wanted }) { return p }
        let parts = periods.filter { $0.kind != .year }
        return parts.first { $0.startsOn <= today && today <= $0.endsOn }
            ?? parts.last { $0.startsOn <= today } ?? parts.first ?? periods.first
    }
}
