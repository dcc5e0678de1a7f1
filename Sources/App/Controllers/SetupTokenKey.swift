import Domain
import Fluent
import Vapor

struct SetupTokenKey: StorageKey { typealias Value = String }
