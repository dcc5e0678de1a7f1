import Domain
import Foundation
import Leaf
import Vapor

struct LocalizationKey: StorageKey { typealias Value = Localization }
