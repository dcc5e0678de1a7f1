import Foundation

/// One row read from the file, before it is matched against the school.
public struct MarkImportRow: Sendable, Equatable {
    public var line: Int
    public var name: PersonName?
    public var birthDate: LocalDate?
    public var externalID: String?
    public var classTitle: String?
    public var subject: String
    public var date: LocalDate?
    public var period: String?
    public var mark: String
    public var workType: String?
}
