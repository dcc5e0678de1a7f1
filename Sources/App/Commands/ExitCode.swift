import Foundation
import Vapor

/// Makes `kopilka` exit with a given code after printing its own message.
struct ExitCode: Error {
    let code: Int32
    init(_ code: Int32) { self.code = code }
}
