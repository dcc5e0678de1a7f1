import Domain
import Fluent
import Vapor

struct CellErrors: Error {
    let errors: [String: String]
}
