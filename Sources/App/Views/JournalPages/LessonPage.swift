import Domain
import Fluent
import Vapor

/// The plain form of one lesson: every pupil with an input, for browsers without JavaScript.
struct LessonPage: Encodable {
    struct Row: Encodable {
        let pupil: String
        let name: String
        let value: String
        let error: String?
        let history: [HistoryRow]
    }
    struct HistoryRow: Encodable {
        let when: String
        let what: String
        let who: String
        let reason: String
    }
    let page: PageMeta
    let title: String
    let date: String
    let topic: String
    let back: String
    let action: String
    let rows: [Row]
    let canWrite: Bool
    let saved: Bool
    let hasErrors: Bool
}
