import Domain
import Foundation

extension Array where Element == MarkEvent {
    /// The current marks among these events (`MarkHistory.current`: the latest event of each lesson × pupil, if it sets a value).
    var currentMarks: [MarkEvent] {
        MarkHistory.current(self, cell: { "\($0.$lesson.id)|\($0.$pupil.id)" }, recordedAt: \.recordedAt, isSet: { $0.action == .set })
    }
}
