import Foundation

public struct RosterRow: Sendable, Equatable {
    public var line: Int
    public var name: PersonName
    public var birthDate: LocalDate
    public var classTitle: String
    public var homeSchooled: Bool
    public var externalID: String?
    public var parents: [ParentEntry]
}
