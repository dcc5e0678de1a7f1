import Domain
import Fluent
import Vapor

/// A command-line mistake: printed as one line, exit code 2.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
