import Foundation

/// 2.4: marks are append-only events; the current mark of a cell (a lesson × a pupil) is its latest event, and a
/// cell whose latest event is a deletion has no mark. Every page, export, document, import and the grid read current
/// marks this way.
public enum MarkHistory {
    /// The rule that orders a cell's events: `candidate` replaces `seen` as the cell's latest unless `seen` was
    /// recorded later. On a tie the one met later (in the order events were read, which is the order they were
    /// written) wins.
    @inlinable
    public static func replaces(_ candidate: Date, _ seen: Date) -> Bool { !(seen > candidate) }

    /// The latest event of one cell's history, or nil for an empty history.
    public static func latest<E>(_ history: [E], recordedAt: (E) -> Date) -> E? {
        var latest: E?
        for e in history where latest.map({ replaces(recordedAt(e), recordedAt($0)) }) ?? true { latest = e }
        return latest
    }

    /// The latest event of each cell among `events`, deletions included (the grid shows an emptied cell, and counts
    /// the cell's history).
    public static func latestByCell<E, K: Hashable>(_ events: [E], cell: (E) -> K, recordedAt: (E) -> Date) -> [K: E] {
        var latest: [K: E] = [:]
        latest.reserveCapacity(events.count)
        for e in events {
            let k = cell(e)
            if let seen = latest[k], !replaces(recordedAt(e), recordedAt(seen)) { continue }
            latest[k] = e
        }
        return latest
    }

    /// The current marks among `events`: per cell the latest event, kept only when it sets a value. The order of the
    /// result is unspecified.
    public static func current<E, K: Hashable>(_ events: [E], cell: (E) -> K, recordedAt: (E) -> Date, isSet: (E) -> Bool) -> [E] {
        latestByCell(events, cell: cell, recordedAt: recordedAt).values.filter(isSet)
    }
}
