import Foundation

/// 2.4: marks are append-only events; the current mark of a cell (a lesson × a pupil) is its latest event, and a
/// cell whose latest event is a deletion has no mark. Every page, export and document reads current marks this way.
public enum MarkHistory {
    /// The current marks among `events`: per cell the latest event (by `recordedAt`, the later in the list on a tie),
    /// kept only when it sets a value. The order of the result is unspecified.
    public static func current<E, K: Hashable>(_ events: [E], cell: (E) -> K, recordedAt: (E) -> Date, isSet: (E) -> Bool) -> [E] {
        var latest: [K: E] = [:]
        for e in events {
            let k = cell(e)
            if let seen = latest[k], recordedAt(seen) > recordedAt(e) { continue }
            latest[k] = e
        }
        return latest.values.filter(isSet)
    }
}
