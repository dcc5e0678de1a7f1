import Domain
import Fluent
import Foundation
import ZIPFoundation

struct OneRosterError: Error {
    let messages: [String]
}
