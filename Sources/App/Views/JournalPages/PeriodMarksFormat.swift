import Domain
import Fluent
import Vapor

enum PeriodMarksFormat {
    static func weight(_ w: Double) -> String { w == w.rounded() ? String(Int(w)) : String(w) }
}
