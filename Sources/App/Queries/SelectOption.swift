import Domain
import Fluent
import Vapor

struct SelectOption: Encodable, Sendable {
    let value: String
    let title: String
    let selected: Bool
}
