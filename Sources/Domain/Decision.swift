import Foundation

public struct Decision: Sendable, Equatable {
    public var allowed: Bool
    public var reason: String

    public static func allow(_ reason: String) -> Decision { .init(allowed: true, reason: reason) }
    public static func deny(_ reason: String) -> Decision { .init(allowed: false, reason: reason) }
}
