import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

struct InjectedFailure: Error, CustomStringConvertible {
    let objectKind: String
    var description: String { "injected failure before the commit (\(objectKind))" }
}
