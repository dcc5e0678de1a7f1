import Foundation

/// What an actor wants to do. Reads and writes alike go through the policy.
public enum Action: String, Sendable, CaseIterable {
    case viewSchool
    case viewClass
    case viewPupil
    case editPupil
    case manageUsers
}

/// The record an action is about, with what the policy needs to know of it.
public enum Target: Sendable {
    case school(UUID)
    /// A class: its school, grade and id.
    case classGroup(schoolID: UUID, classGroupID: UUID, grade: Int)
    /// A pupil: school, current classes (with grades), subjects taught there and programme groups.
    case pupil(PupilFacts)
}

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

public struct Decision: Sendable, Equatable {
    public var allowed: Bool
    public var reason: String

    public static func allow(_ reason: String) -> Decision { .init(allowed: true, reason: reason) }
    public static func deny(_ reason: String) -> Decision { .init(allowed: false, reason: reason) }
}

/// The one access policy (6.2): a child's data reaches only those entitled to it.
public enum AccessPolicy {
    public static func decide(_ assignments: [Assignment], _ action: Action, _ target: Target,
                              on date: LocalDate) -> Decision {
        let live = assignments.filter { $0.isValid(on: date) }
        for a in live {
            if let d = grant(a, action, target), d.allowed { return d }
        }
        return .deny("нет назначения, дающего право на это действие")
    }

    private static func schoolID(of target: Target) -> UUID {
        switch target {
        case .school(let id): return id
        case .classGroup(let s, _, _): return s
        case .pupil(let f): return f.schoolID
        }
    }

    /// What one assignment grants, or nil.
    private static func grant(_ a: Assignment, _ action: Action, _ target: Target) -> Decision? {
        guard a.schoolID == schoolID(of: target) else { return nil }
        switch a.role {
        case .admin:
            // The admin keeps the roster and accounts (personal files, guardians), not marks.
            return .allow("администратор школы")
        case .head, .deputyHead:
            if action == .manageUsers { return nil }
            if case .grades(let range) = a.scope {
                switch target {
                case .school: return action == .viewSchool ? .allow("заместитель по параллелям") : nil
                case .classGroup(_, _, let grade):
                    return range.contains(grade) ? .allow("заместитель по параллелям \(range)") : nil
                case .pupil(let f):
                    return f.classGroups.contains { range.contains($0.grade) } ? .allow("заместитель по параллелям") : nil
                }
            }
            return .allow(a.role == .head ? "директор" : "заместитель директора")
        case .classTeacher, .subjectTeacher:
            if action == .manageUsers || action == .editPupil && a.role == .subjectTeacher { return nil }
            let classID: UUID?
            switch a.scope {
            case .classGroup(let id): classID = id
            case .classSubject(let id, _): classID = id
            default: classID = nil
            }
            switch target {
            case .school: return action == .viewSchool ? .allow("учитель школы") : nil
            case .classGroup(_, let id, _):
                return id == classID && action == .viewClass ? .allow("учитель класса") : nil
            case .pupil(let f):
                guard action == .viewPupil || action == .editPupil else { return nil }
                return f.classGroups.contains { $0.id == classID } ? .allow("учитель класса ученика") : nil
            }
        case .additionalTeacher:
            guard case .programGroup(let groupID) = a.scope else { return nil }
            switch target {
            case .school: return action == .viewSchool ? .allow("педагог дополнительного образования") : nil
            case .classGroup: return nil
            case .pupil(let f):
                return action == .viewPupil && f.programGroupIDs.contains(groupID) ? .allow("педагог группы ученика") : nil
            }
        case .parent, .pupil:
            guard case .pupil(let own) = a.scope, case .pupil(let f) = target else { return nil }
            guard action == .viewPupil, own == f.pupilID else { return nil }
            return .allow(a.role == .parent ? "законный представитель" : "свои данные")
        }
    }

    /// Which classes an actor may list, before any row is fetched: nil means all of the school.
    public static func classReach(_ assignments: [Assignment], schoolID: UUID, on date: LocalDate) -> ClassReach {
        var ids = Set<UUID>()
        var grades: [ClosedRange<Int>] = []
        for a in assignments where a.schoolID == schoolID && a.isValid(on: date) {
            switch (a.role, a.scope) {
            case (.admin, _), (.head, .school), (.deputyHead, .school): return .all
            case (.head, .grades(let r)), (.deputyHead, .grades(let r)): grades.append(r)
            case (.classTeacher, .classGroup(let id)), (.subjectTeacher, .classGroup(let id)): ids.insert(id)
            case (.subjectTeacher, .classSubject(let id, _)), (.classTeacher, .classSubject(let id, _)): ids.insert(id)
            default: break
            }
        }
        return .some(classIDs: ids, grades: grades)
    }

    /// The pupils a parent or pupil account stands for.
    public static func ownPupils(_ assignments: [Assignment], schoolID: UUID, on date: LocalDate) -> Set<UUID> {
        var ids = Set<UUID>()
        for a in assignments where a.schoolID == schoolID && a.isValid(on: date) && (a.role == .parent || a.role == .pupil) {
            if case .pupil(let id) = a.scope { ids.insert(id) }
        }
        return ids
    }
}

public enum ClassReach: Equatable, Sendable {
    case all
    case some(classIDs: Set<UUID>, grades: [ClosedRange<Int>])

    public func contains(classID: UUID, grade: Int) -> Bool {
        switch self {
        case .all: return true
        case .some(let ids, let grades): return ids.contains(classID) || grades.contains { $0.contains(grade) }
        }
    }
}
