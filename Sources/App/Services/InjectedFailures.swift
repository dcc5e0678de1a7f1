import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Tests arm a failure before the commit of the commands that record events of these object kinds (`mark`,
/// `document`, `award`, `consent`, `academic_year`…), to prove that the change and its event go together.
struct InjectedFailures: StorageKey { typealias Value = Set<String> }
