import Foundation

/// The one access policy (6.2, 5.2): a child's data reaches only those entitled to it;
/// teachers record, the deputy head controls, parents read and give consents.
public enum AccessPolicy {
    public static func decide(_ assignments: [Assignment], _ action: Action, _ target: Target,
                              on date: LocalDate) -> Decision {
        // 2.4, 5.2: nobody vouches for or verifies their own child's achievements, whatever their staff role.
        if vouching.contains(action), case .pupil(let f, _, _) = target,
           assignments.contains(where: { $0.isValid(on: date) && $0.schoolID == f.schoolID && ($0.role == .parent || $0.role == .pupil)
                                         && $0.scope == .pupil(f.pupilID) }) {
            return .deny("достижения своего ребёнка подтверждает другой сотрудник")
        }
        for a in assignments where a.isValid(on: date) {
            if let d = grant(a, action, target) { return d }
        }
        return .deny("нет назначения, дающего право на это действие")
    }

    /// Actions that vouch for a record's truth: never for one's own child.
    static let vouching: Set<Action> = [.verifyAchievements, .vouchAchievements]

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
        case .journal(let j): return j.schoolID
        }
    }

    private static func isLeadership(_ a: Assignment) -> Bool { a.role == .head || a.role == .deputyHead }
    private static func schoolWide(_ a: Assignment) -> Bool { a.scope == .school }

    /// What one assignment grants, or nil.
    private static func grant(_ a: Assignment, _ action: Action, _ target: Target) -> Decision? {
        guard a.schoolID == schoolID(of: target) else { return nil }
        switch (action, target) {
        case (.read(let kind), .pupil(let f, let subject, let group)), (.write(let kind), .pupil(let f, let subject, let group)):
            let isWrite: Bool
            if case .write = action { isWrite = true } else { isWrite = false }
            guard (isWrite ? writes : reads)[a.role]?.contains(kind) == true else { return nil }
            return reachesPupil(a, f, kind: kind, subject: subject, group: group)
                ? .allow("\(a.role.rawValue): \(isWrite ? "запись" : "чтение") \(kind.rawValue)") : nil
        case (.read(let kind), .journal(let j)), (.write(let kind), .journal(let j)):
            let isWrite: Bool
            if case .write = action { isWrite = true } else { isWrite = false }
            guard (isWrite ? writes : reads)[a.role]?.contains(kind) == true else { return nil }
            return reachesJournal(a, j, kind: kind)
                ? .allow("\(a.role.rawValue): журнал, \(isWrite ? "запись" : "чтение") \(kind.rawValue)") : nil
        default:
            return grantSchoolAction(a, action, target)
        }
    }

    /// Actions beyond reading and writing a kind of record: who may, over which target.
    private static func grantSchoolAction(_ a: Assignment, _ action: Action, _ target: Target) -> Decision? {
        switch (action, target) {
        case (.manageUsers, .school):
            return a.role == .admin ? .allow("администратор школы") : nil
        case (.grantLeadership, .school):
            return a.role == .head && schoolWide(a) ? .allow("директор: роли руководства") : nil
        case (.manageSettings, .school):
            // 1.2: the rules are data the admin and the school's leadership edit.
            if a.role == .admin { return .allow("администратор школы") }
            return isLeadership(a) && schoolWide(a) ? .allow("руководство школы") : nil
        case (.viewSchool, .school):
            return a.role.isStaff ? .allow("сотрудник школы") : nil
        case (.viewJournals, .school):
            return a.role.isStaff && a.role != .admin ? .allow("журналы школы") : nil
        case (.manageAssessments, .school):
            return [.head, .deputyHead, .classTeacher, .subjectTeacher].contains(a.role) ? .allow("оценочные процедуры") : nil
        case (.control, .school), (.awardByOrder, .school), (.exportResults, .school):
            // The pages (and the school's ведомость) list only the classes in the assignment's reach.
            return isLeadership(a) ? .allow("контроль (п. 5.2) в пределах назначения") : nil
        case (.viewAnalytics, .school):
            return isLeadership(a) || a.role == .classTeacher ? .allow("аналитика в пределах назначения") : nil
        case (.overseeSchool, .school), (.importMarks, .school):
            return isLeadership(a) && schoolWide(a) ? .allow("руководство школы") : nil
        case (.closeYear, .school), (.applyRetention, .school), (.revokeDocument, .school):
            return a.role == .head && schoolWide(a) ? .allow("директор") : nil
        case (.revokeBadge, .school):
            return isLeadership(a) && schoolWide(a) ? .allow("руководство школы") : nil
        case (.exportRoster, .school):
            // Every child's marks and birth date: the school's leadership, never the admin (issue 16).
            return isLeadership(a) && schoolWide(a) ? .allow("руководство: выгрузка школы") : nil
        case (.viewClass, .classGroup(_, let classID, let grade)):
            return reachesClass(a, classID: classID, grade: grade) ? .allow("класс в сфере назначения") : nil
        case (.lockPeriod, .classGroup(_, let classID, let grade)), (.awardByOrder, .classGroup(_, let classID, let grade)),
             (.control, .classGroup(_, let classID, let grade)):
            return isLeadership(a) && reachesClass(a, classID: classID, grade: grade) ? .allow("руководство: класс в сфере назначения") : nil
        case (.viewAnalytics, .classGroup(_, let classID, let grade)):
            if isLeadership(a) && reachesClass(a, classID: classID, grade: grade) { return .allow("руководство: класс в сфере назначения") }
            return a.role == .classTeacher && a.scope == .classGroup(classID) ? .allow("классный руководитель") : nil
        case (.exportResults, .classGroup(_, let classID, let grade)):
            if isLeadership(a) && reachesClass(a, classID: classID, grade: grade) { return .allow("руководство: класс в сфере назначения") }
            return a.role == .classTeacher && a.scope == .classGroup(classID) ? .allow("классный руководитель") : nil
        case (.verifyAchievements, .pupil(let f, _, _)), (.revokeBadge, .pupil(let f, _, _)):
            guard isLeadership(a) else { return nil }
            return reachesPupil(a, f, kind: .achievements, subject: nil, group: nil) ? .allow("контроль достоверности (п. 5.2)") : nil
        case (.vouchAchievements, .pupil(let f, _, _)):
            guard a.role == .classTeacher, case .classGroup(let id) = a.scope else { return nil }
            return f.classGroups.contains { $0.id == id } ? .allow("классный руководитель") : nil
        case (.correctLockedPeriod, .pupil(let f, _, _)):
            guard isLeadership(a) else { return nil }
            return reachesPupil(a, f, kind: .marks, subject: nil, group: nil) ? .allow("руководство: исправление закрытого периода") : nil
        case (.correctLockedPeriod, .journal(let j)):
            guard isLeadership(a) else { return nil }
            return reachesJournal(a, j, kind: .marks) ? .allow("руководство: исправление закрытого периода") : nil
        case (.revokeDocument, .pupil(let f, _, _)):
            guard a.role == .head else { return nil }
            return reachesPupil(a, f, kind: .documents, subject: nil, group: nil) ? .allow("директор") : nil
        case (.exportFamilyCopy, .pupil(let f, _, _)):
            if isLeadership(a) { return reachesPupil(a, f, kind: .auditLog, subject: nil, group: nil) ? .allow("руководство") : nil }
            if a.role == .parent, case .pupil(let own) = a.scope, own == f.pupilID { return .allow("законный представитель") }
            return nil
        case (.representFamily, .pupil(let f, _, _)):
            guard a.role == .parent || a.role == .pupil, case .pupil(let own) = a.scope, own == f.pupilID else { return nil }
            return .allow(a.role == .parent ? "законный представитель" : "обучающийся")
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

    /// A journal as a whole: the class's subject, the individual journal of one pupil, or a programme group's.
    private static func reachesJournal(_ a: Assignment, _ j: JournalFacts, kind: RecordKind) -> Bool {
        switch (a.role, a.scope) {
        case (.admin, _), (.head, .school), (.deputyHead, .school):
            return true
        case (.head, .grades(let r)), (.deputyHead, .grades(let r)):
            return j.classGroup.map { r.contains($0.grade) } ?? false
        case (.classTeacher, .classGroup(let id)), (.subjectTeacher, .classGroup(let id)):
            return j.classGroup?.id == id
        case (.subjectTeacher, .classSubject(let id, let s)), (.classTeacher, .classSubject(let id, let s)):
            guard j.classGroup?.id == id else { return false }
            // A subject teacher's marks and attendance are their subject's only.
            return subjectBound.contains(kind) ? j.subjectID == s && j.programGroupID == nil : true
        case (.additionalTeacher, .programGroup(let g)):
            return j.programGroupID == g
        case (.parent, .pupil(let own)), (.pupil, .pupil(let own)):
            // A family reads its child's individual journal, never a whole class's.
            return j.pupilID == own
        default:
            return false
        }
    }

    /// The classes for which the actor is the class teacher (their «own» class by default on class pages).
    public static func homeClasses(_ assignments: [Assignment], schoolID: UUID, on date: LocalDate) -> Set<UUID> {
        var ids = Set<UUID>()
        for a in assignments where a.schoolID == schoolID && a.isValid(on: date) && a.role == .classTeacher {
            if case .classGroup(let id) = a.scope { ids.insert(id) }
        }
        return ids
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
