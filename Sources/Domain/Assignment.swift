import Foundation

/// One role a user holds in one school, for a scope and (optionally) for dates.
public struct Assignment: Hashable, Sendable {
    public var role: Role
    public var schoolID: UUID
    public var scope: Scope
    public var validFrom: LocalDate?
    public var validTo: LocalDate?

    public init(role: Role, schoolID: UUID, scope: Scope, validFrom: LocalDate? = nil, validTo: LocalDate? = nil) {
        self.role = role
        self.schoolID = schoolID
        self.scope = scope
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isValid(on date: LocalDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, to < date { return false }
        return true
    }
}
