import Foundation

/// The kinds of record about a pupil that the policy distinguishes (every pupil-linked table of the model).
public enum RecordKind: String, Sendable, CaseIterable {
    case personalFile = "personal_file"      // pupils, enrolments
    case guardians                           // guardian_links
    case marks                               // lessons, mark_events
    case attendance
    case periodMarks = "period_marks"
    case attestation                         // attestation_results
    case assessments                         // assessment_events/results (ВСОКО, ВПР)
    case indicators                          // УУД levels
    case participation
    case achievements
    case awards
    case attachments
    case portfolio
    case route                               // individual educational route
    case notes                               // problems and actions (2.1)
    case consents
    case requests                            // parents' information requests
    case documents                           // issued documents
    case auditLog = "audit_log"              // who saw or changed the child's record
    case sharing                             // what of the portfolio is shown beyond the school, shared links
}

/// What an actor wants to do. Reads and writes alike go through the policy.
public enum Action: Hashable, Sendable {
    case read(RecordKind)
    case write(RecordKind)
    case viewSchool
    case viewClass
    case manageUsers
    case manageSettings
    /// 5.2: the deputy head (or the head) confirms or rejects an achievement someone else recorded.
    case verifyAchievements

    public static let all: [Action] = RecordKind.allCases.flatMap { [Action.read($0), .write($0)] }
        + [.viewSchool, .viewClass, .manageUsers, .manageSettings, .verifyAchievements]
}

/// The record an action is about, with what the policy needs to know of it.
public enum Target: Sendable {
    case school(UUID)
    /// A class: its school, grade and id.
    case classGroup(schoolID: UUID, classGroupID: UUID, grade: Int)
    /// A pupil, optionally narrowed to one subject or one programme group (a journal's records).
    case pupil(PupilFacts, subject: UUID? = nil, group: UUID? = nil)
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

/// The one access policy (6.2, 5.2): a child's data reaches only those entitled to it;
/// teachers record, the deputy head controls, parents read and give consents.
public enum AccessPolicy {
    public static func decide(_ assignments: [Assignment], _ action: Action, _ target: Target,
                              on date: LocalDate) -> Decision {
        for a in assignments where a.isValid(on: date) {
            if let d = grant(a, action, target) { return d }
        }
        return .deny("нет назначения, дающего право на это действие")
    }

    /// What each role may read and write about a pupil in its reach (before scope is checked).
    static let reads: [Role: Set<RecordKind>] = [
        .admin: [.personalFile, .guardians, .consents],
        .head: Set(RecordKind.allCases),
        .deputyHead: Set(RecordKind.allCases),
        .classTeacher: Set(RecordKind.allCases).subtracting([.auditLog, .requests]),
        .subjectTeacher: [.personalFile, .marks, .attendance, .periodMarks, .attestation, .assessments, .indicators,
                          .achievements, .awards, .portfolio, .attachments],
        .additionalTeacher: [.personalFile, .marks, .attendance, .achievements, .participation, .portfolio, .attachments],
        .parent: Set(RecordKind.allCases).subtracting([.notes]),
        .pupil: [.personalFile, .marks, .attendance, .periodMarks, .attestation, .achievements, .awards, .portfolio,
                 .attachments, .participation],
    ]

    static let writes: [Role: Set<RecordKind>] = [
        .admin: [.personalFile, .guardians],
        // The deputy and the head control: verify, award, issue, answer requests; they do not enter lesson marks.
        .head: [.achievements, .attachments, .awards, .documents, .requests, .consents, .route, .notes, .assessments, .periodMarks,
                .attestation],
        .deputyHead: [.achievements, .attachments, .awards, .documents, .requests, .consents, .route, .notes, .assessments,
                      .periodMarks, .attestation, .indicators],
        .classTeacher: [.personalFile, .guardians, .attendance, .indicators, .participation, .achievements, .portfolio,
                        .attachments, .route, .notes, .consents],
        .subjectTeacher: [.marks, .attendance, .periodMarks, .attestation, .assessments, .achievements, .attachments, .notes],
        .additionalTeacher: [.marks, .attendance, .achievements, .participation, .portfolio, .attachments],
        // Parents give or withdraw consent, file requests, bring achievements from other organisations (5.1).
        // The family alone decides what of the portfolio leaves the school (4.9, 152-ФЗ ст. 9).
        .parent: [.consents, .requests, .achievements, .attachments, .sharing],
        .pupil: [],
    ]

    /// Records that belong to one subject's journal: a subject teacher reaches only their subject's.
    static let subjectBound: Set<RecordKind> = [.marks, .attendance, .periodMarks, .attestation]

    private static func schoolID(of target: Target) -> UUID {
        switch target {
        case .school(let id): return id
        case .classGroup(let s, _, _): return s
        case .pupil(let f, _, _): return f.schoolID
        }
    }

    /// What one assignment grants, or nil.
    private static func grant(_ a: Assignment, _ action: Action, _ target: Target) -> Decision? {
        guard a.schoolID == schoolID(of: target) else { return nil }
        switch (action, target) {
        case (.manageUsers, .school):
            return a.role == .admin ? .allow("администратор школы") : nil
        case (.manageSettings, .school):
            // 1.2: the rules are data the admin and the school's leadership edit.
            if a.role == .admin { return .allow("администратор школы") }
            if (a.role == .head || a.role == .deputyHead), a.scope == .school { return .allow("руководство школы") }
            return nil
        case (.viewSchool, .school):
            return a.role.isStaff ? .allow("сотрудник школы") : nil
        case (.verifyAchievements, .pupil(let f, _, _)):
            guard a.role == .head || a.role == .deputyHead else { return nil }
            return reachesPupil(a, f, kind: .achievements, subject: nil, group: nil) ? .allow("контроль достоверности (п. 5.2)") : nil
        case (.viewClass, .classGroup(_, let classID, let grade)):
            return reachesClass(a, classID: classID, grade: grade) ? .allow("класс в сфере назначения") : nil
        case (.read(let kind), .pupil(let f, let subject, let group)), (.write(let kind), .pupil(let f, let subject, let group)):
            let isWrite: Bool
            if case .write = action { isWrite = true } else { isWrite = false }
            guard (isWrite ? writes : reads)[a.role]?.contains(kind) == true else { return nil }
            return reachesPupil(a, f, kind: kind, subject: subject, group: group)
                ? .allow("\(a.role.rawValue): \(isWrite ? "запись" : "чтение") \(kind.rawValue)") : nil
        default:
            return nil
        }
    }

    private static func reachesClass(_ a: Assignment, classID: UUID, grade: Int) -> Bool {
        switch (a.role, a.scope) {
        case (.admin, _), (.head, .school), (.deputyHead, .school): return true
        case (.head, .grades(let r)), (.deputyHead, .grades(let r)): return r.contains(grade)
        case (.classTeacher, .classGroup(let id)), (.subjectTeacher, .classGroup(let id)): return id == classID
        case (.subjectTeacher, .classSubject(let id, _)), (.classTeacher, .classSubject(let id, _)): return id == classID
        default: return false
        }
    }

    private static func reachesPupil(_ a: Assignment, _ f: PupilFacts, kind: RecordKind, subject: UUID?, group: UUID?) -> Bool {
        switch (a.role, a.scope) {
        case (.admin, _), (.head, .school), (.deputyHead, .school):
            return true
        case (.head, .grades(let r)), (.deputyHead, .grades(let r)):
            return f.classGroups.contains { r.contains($0.grade) }
        case (.classTeacher, .classGroup(let id)):
            return f.classGroups.contains { $0.id == id }
        case (.subjectTeacher, .classSubject(let id, let s)):
            guard f.classGroups.contains(where: { $0.id == id }) else { return false }
            // A subject teacher's marks and attendance are their subject's only.
            return subjectBound.contains(kind) ? subject == s && group == nil : true
        case (.subjectTeacher, .classGroup(let id)):
            return f.classGroups.contains { $0.id == id }
        case (.additionalTeacher, .programGroup(let g)):
            guard f.programGroupIDs.contains(g) else { return false }
            return subjectBound.contains(kind) ? group == g : true
        case (.parent, .pupil(let own)), (.pupil, .pupil(let own)):
            return own == f.pupilID
        default:
            return false
        }
    }

    /// Which classes an actor may list, before any row is fetched.
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
