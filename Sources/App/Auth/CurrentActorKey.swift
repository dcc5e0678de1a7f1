import Domain
import Fluent
import Vapor

struct CurrentActorKey: StorageKey { typealias Value = CurrentActor }
