import Domain
import Foundation
import Leaf
import Vapor

struct TemplateError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
