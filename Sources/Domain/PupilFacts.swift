import Foundation

public struct PupilFacts: Sendable {
    public var schoolID: UUID
    public var pupilID: UUID
    public var classGroups: [(id: UUID, grade: Int)]
    public var programGroupIDs: [UUID]

    public init(schoolID: UUID, pupilID: UUID, classGroups: [(id: UUID, grade: Int)], programGroupIDs: [UUID]) {
        self.schoolID = schoolID
        self.pupilID = pupilID
        self.classGroups = classGroups
        self.programGroupIDs = programGroupIDs
    }
}
