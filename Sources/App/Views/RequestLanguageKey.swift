import Domain
import Foundation
import Leaf
import Vapor

struct RequestLanguageKey: StorageKey { typealias Value = String }
