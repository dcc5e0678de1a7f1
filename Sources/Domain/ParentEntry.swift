import Foundation

public struct ParentEntry: Sendable, Equatable {
    public var name: PersonName
    public var phone: String?
    public var email: String?
}
