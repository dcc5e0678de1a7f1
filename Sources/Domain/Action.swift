import Foundation

/// What an actor wants to do. Reads and writes alike go through the policy; every controller, API handler and
/// command asks with one of these and a typed target, never by the name of a role.
public enum Action: Hashable, Sendable {
    case read(RecordKind)
    case write(RecordKind)
    /// School-level lists for staff (the classes, the subjects).
    case viewSchool
    case viewClass
    /// Accounts of the school: create, reset a password, switch off, give and take roles — but leadership roles.
    case manageUsers
    /// Giving or taking the leadership roles (head, deputy head), and the password or the account of whoever holds
    /// one: the head alone — an admin cannot make anyone (themselves included) the head. The first head comes from
    /// the setup or `kopilka create-user`, logged.
    case grantLeadership
    case manageSettings
    /// 5.2: the deputy head (or the head) confirms or rejects an achievement someone else recorded.
    case verifyAchievements
    /// 5.2: the class teacher vouches for an achievement of a pupil of their class («подтверждено классным руководителем»).
    case vouchAchievements
    /// The journals list (staff who keep or control journals).
    case viewJournals
    /// Assessment events (ВСОКО, ВПР): the list and the form.
    case manageAssessments
    /// Control (5.2): what is filled in and verified, the gifted list — filtered to the classes in reach.
    case control
    /// Analytics and the early-warning list (2.1) — filtered to the classes in reach.
    case viewAnalytics
    /// The school-wide registers and plans: issued documents, parents' requests, the year and retention pages.
    case overseeSchool
    /// VI: closing the school year (freeze, promotion, archive). The head alone.
    case closeYear
    /// 7.1: applying the retention plan (destruction or depersonalisation). The head alone.
    case applyRetention
    /// Withdrawing an issued document (the head signs, so the head revokes).
    case revokeDocument
    /// Loading marks from the official e-journal's files into the whole school.
    case importMarks
    /// Locking a period of a class (its period marks become final) and reopening it.
    case lockPeriod
    /// Changing a mark or a period mark of a locked period, with a reason.
    case correctLockedPeriod
    /// Withdrawing an Open Badge credential (it goes on the revocation list).
    case revokeBadge
    /// 3.3: awards for a list of pupils by one order.
    case awardByOrder
    /// The school year as a OneRoster package (every class, person and result of the school).
    case exportRoster
    /// Сводные ведомости: a class's (or the school's) period marks as a spreadsheet.
    case exportResults
    /// 152-ФЗ ст. 14: the family's copy of everything stored about the child.
    case exportFamilyCopy
    /// Acting as the child's family (a legal representative, or the pupil): consents, requests, external achievements.
    case representFamily

    public static let all: [Action] = RecordKind.allCases.flatMap { [Action.read($0), .write($0)] }
        + [.viewSchool, .viewClass, .manageUsers, .grantLeadership, .manageSettings, .verifyAchievements, .vouchAchievements, .viewJournals,
           .manageAssessments, .control, .viewAnalytics, .overseeSchool, .closeYear, .applyRetention, .revokeDocument,
           .importMarks, .lockPeriod, .correctLockedPeriod, .revokeBadge, .awardByOrder, .exportRoster, .exportResults,
           .exportFamilyCopy, .representFamily]
}

extension Role {
    /// The head and the deputy head.
    public var isLeadership: Bool { self == .head || self == .deputyHead }

    /// What giving or taking this role asks of whoever does it.
    public var grantedBy: Action { isLeadership ? .grantLeadership : .manageUsers }

    /// What managing the account of someone holding `roles` asks (a password reset hands over the account).
    public static func accountAction(_ roles: [Role]) -> Action { roles.contains(where: \.isLeadership) ? .grantLeadership : .manageUsers }
}
