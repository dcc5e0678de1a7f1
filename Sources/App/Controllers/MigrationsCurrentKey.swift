import Fluent
import SQLKit
import Vapor

struct MigrationsCurrentKey: StorageKey { typealias Value = Bool }
