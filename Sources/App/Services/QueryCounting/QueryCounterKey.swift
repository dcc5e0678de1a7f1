import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

struct QueryCounterKey: StorageKey { typealias Value = QueryCounter }
