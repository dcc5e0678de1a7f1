import Fluent
import Foundation

enum APIScope: String, CaseIterable {
    case read
    case gradebookWrite = "gradebook:write"
}
