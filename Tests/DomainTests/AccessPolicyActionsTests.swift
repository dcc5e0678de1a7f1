import Domain
import Foundation
import Testing

/// The actions beyond reading and writing a kind of record (closing the year, retention, revocations, imports, locks,
/// exports, awards by order), over typed targets: the school, a class, a journal, a pupil. Personas of issue 15:
/// a head whose assignment has expired, a deputy head scoped to grades 1–2, a subject teacher, a club teacher and a
/// user with two roles.
@Suite struct AccessPolicyActionsTests {
    let school = UUID(), otherSchool = UUID()
    let class2A = UUID(), class3B = UUID(), club = UUID(), otherClub = UUID(), english = UUID(), math = UUID()
    let child = UUID(), classmate = UUID(), stranger = UUID()
    let today = LocalDate(year: 2026, month: 11, day: 20)!

    var schoolTarget: Target { .school(school) }
    func classTarget(_ id: UUID, grade: Int) -> Target { .classGroup(schoolID: school, classGroupID: id, grade: grade) }
    func pupil(_ id: UUID, in classID: UUID, grade: Int, groups: [UUID] = []) -> Target {
        .pupil(PupilFacts(schoolID: school, pupilID: id, classGroups: [(id: classID, grade: grade)], programGroupIDs: groups))
    }
    func journal(_ classID: UUID, grade: Int, subject: UUID) -> Target {
        .journal(JournalFacts(schoolID: school, classGroup: (id: classID, grade: grade), subjectID: subject, programGroupID: nil, pupilID: nil))
    }
    func groupJournal(_ g: UUID) -> Target {
        .journal(JournalFacts(schoolID: school, classGroup: nil, subjectID: nil, programGroupID: g, pupilID: nil))
    }
    func allows(_ a: [Assignment], _ action: Action, _ target: Target) -> Bool {
        AccessPolicy.decide(a, action, target, on: today).allowed
    }

    var head: [Assignment] { [Assignment(role: .head, schoolID: school, scope: .school)] }
    var expiredHead: [Assignment] {
        [Assignment(role: .head, schoolID: school, scope: .school, validTo: LocalDate(year: 2026, month: 8, day: 31))]
    }
    var deputy12: [Assignment] { [Assignment(role: .deputyHead, schoolID: school, scope: .grades(1...2))] }
    var englishTeacher: [Assignment] { [Assignment(role: .subjectTeacher, schoolID: school, scope: .classSubject(classGroup: class2A, subject: english))] }
    var clubTeacher: [Assignment] { [Assignment(role: .additionalTeacher, schoolID: school, scope: .programGroup(club))] }
    /// The class teacher of 2А whose own child is in 3Б.
    var teacherAndParent: [Assignment] {
        [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class2A)),
         Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
    }

    /// Every target the actions are asked about, for the exhaustive checks.
    var everyTarget: [Target] {
        [schoolTarget, classTarget(class2A, grade: 2), classTarget(class3B, grade: 3), pupil(child, in: class3B, grade: 3),
         pupil(classmate, in: class2A, grade: 2, groups: [club]), journal(class2A, grade: 2, subject: english), groupJournal(club)]
    }

    /// Issue 16: the admin cannot make anyone the head (themselves included) nor export every child's marks and birth
    /// dates; the head alone gives the leadership roles.
    @Test func leadershipRolesAreTheHeadsToGiveAndTheAdminExportsNoMarks() {
        let admin = [Assignment(role: .admin, schoolID: school, scope: .school)]
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .school)]
        #expect(allows(admin, .manageUsers, schoolTarget) && !allows(admin, .grantLeadership, schoolTarget))
        #expect(!allows(admin, .exportRoster, schoolTarget))
        #expect(allows(head, .grantLeadership, schoolTarget) && !allows(head, .manageUsers, schoolTarget))
        #expect(!allows(deputy, .grantLeadership, schoolTarget) && allows(deputy, .exportRoster, schoolTarget))
        #expect(!allows(deputy12, .exportRoster, schoolTarget) && !allows(expiredHead, .grantLeadership, schoolTarget))
        #expect(Role.head.grantedBy == .grantLeadership && Role.deputyHead.grantedBy == .grantLeadership)
        #expect(Role.subjectTeacher.grantedBy == .manageUsers && Role.admin.grantedBy == .manageUsers)
        #expect(Role.accountAction([.subjectTeacher, .deputyHead]) == .grantLeadership && Role.accountAction([.admin]) == .manageUsers)
    }

    @Test func theHeadClosesTheYearAppliesRetentionAndRevokesDocuments() {
        for action in [Action.closeYear, .applyRetention, .revokeDocument, .importMarks, .overseeSchool, .exportRoster, .control] {
            #expect(allows(head, action, schoolTarget), "\(action)")
        }
        #expect(allows(head, .revokeDocument, pupil(child, in: class3B, grade: 3)))
        #expect(allows(head, .lockPeriod, classTarget(class3B, grade: 3)))
        // Neither the deputy head nor anybody else closes the year or applies retention.
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .school)]
        for action in [Action.closeYear, .applyRetention, .revokeDocument] { #expect(!allows(deputy, action, schoolTarget), "\(action)") }
        #expect(allows(deputy, .importMarks, schoolTarget))
        #expect(allows(deputy, .revokeBadge, pupil(child, in: class3B, grade: 3)))
    }

    @Test func aHeadWhoseAssignmentHasExpiredMayDoNothing() {
        for action in Action.all {
            for target in everyTarget {
                #expect(!allows(expiredHead, action, target), "\(action) on \(target)")
            }
        }
    }

    @Test func nobodyActsInAnotherSchool() {
        let roles: [(Role, Scope)] = [(.admin, .school), (.head, .school), (.deputyHead, .school), (.classTeacher, .classGroup(class2A)),
                                      (.subjectTeacher, .classSubject(classGroup: class2A, subject: english)), (.additionalTeacher, .programGroup(club)),
                                      (.parent, .pupil(child)), (.pupil, .pupil(child))]
        for (role, scope) in roles {
            let elsewhere = [Assignment(role: role, schoolID: otherSchool, scope: scope)]
            for action in Action.all {
                for target in everyTarget { #expect(!allows(elsewhere, action, target), "\(role) \(action)") }
            }
        }
    }

    @Test func aDeputyForGrades1To2ControlsThoseGradesOnly() {
        #expect(allows(deputy12, .lockPeriod, classTarget(class2A, grade: 2)))
        #expect(!allows(deputy12, .lockPeriod, classTarget(class3B, grade: 3)))
        #expect(allows(deputy12, .correctLockedPeriod, journal(class2A, grade: 2, subject: math)))
        #expect(!allows(deputy12, .correctLockedPeriod, journal(class3B, grade: 3, subject: math)))
        #expect(allows(deputy12, .awardByOrder, classTarget(class2A, grade: 2)))
        #expect(!allows(deputy12, .awardByOrder, classTarget(class3B, grade: 3)))
        #expect(!allows(deputy12, .revokeBadge, pupil(child, in: class3B, grade: 3)))
        #expect(allows(deputy12, .exportResults, classTarget(class2A, grade: 2)))
        #expect(!allows(deputy12, .exportResults, classTarget(class3B, grade: 3)))
        // The school-wide registers, the marks import and the settings need a school-wide assignment.
        for action in [Action.overseeSchool, .importMarks, .manageSettings, .closeYear, .revokeBadge] {
            #expect(!allows(deputy12, action, schoolTarget), "\(action)")
        }
        // Control pages open, filtered to the classes in reach.
        #expect(allows(deputy12, .control, schoolTarget))
        #expect(!allows(deputy12, .read(.guardians), pupil(child, in: class3B, grade: 3)))
    }

    @Test func aSubjectTeacherReadsTheirJournalButNotTheFamilyOrTheRoute() {
        let classmateOf2A = pupil(classmate, in: class2A, grade: 2)
        #expect(allows(englishTeacher, .read(.personalFile), classmateOf2A))
        for kind in [RecordKind.guardians, .route, .consents, .requests, .auditLog, .notes] {
            #expect(!allows(englishTeacher, .read(kind), classmateOf2A), "\(kind)")
        }
        #expect(allows(englishTeacher, .write(.marks), journal(class2A, grade: 2, subject: english)))
        #expect(!allows(englishTeacher, .read(.marks), journal(class2A, grade: 2, subject: math)))
        #expect(!allows(englishTeacher, .read(.marks), journal(class3B, grade: 3, subject: english)))
        for action in [Action.lockPeriod, .correctLockedPeriod, .control, .exportResults, .awardByOrder, .representFamily] {
            for target in everyTarget { #expect(!allows(englishTeacher, action, target), "\(action)") }
        }
    }

    @Test func aClubTeacherReadsTheirGroupOnly() {
        let member = pupil(classmate, in: class2A, grade: 2, groups: [club])
        #expect(allows(clubTeacher, .read(.personalFile), member))
        #expect(!allows(clubTeacher, .read(.guardians), member))
        #expect(!allows(clubTeacher, .read(.route), member))
        #expect(allows(clubTeacher, .write(.marks), groupJournal(club)))
        #expect(!allows(clubTeacher, .read(.marks), groupJournal(otherClub)))
        #expect(!allows(clubTeacher, .read(.marks), journal(class2A, grade: 2, subject: english)))
        #expect(!allows(clubTeacher, .viewJournals, .school(otherSchool)))
        #expect(allows(clubTeacher, .viewJournals, schoolTarget))
    }

    @Test func aUserWithTwoRolesIsFamilyForTheirOwnChildAndStaffForTheirClass() {
        let own = pupil(child, in: class3B, grade: 3)
        let pupilOfTheClass = pupil(classmate, in: class2A, grade: 2)
        #expect(allows(teacherAndParent, .representFamily, own))
        #expect(!allows(teacherAndParent, .representFamily, pupilOfTheClass))
        #expect(allows(teacherAndParent, .vouchAchievements, pupilOfTheClass))
        #expect(!allows(teacherAndParent, .vouchAchievements, own))
        #expect(allows(teacherAndParent, .exportFamilyCopy, own))
        #expect(!allows(teacherAndParent, .exportFamilyCopy, pupilOfTheClass))
        #expect(allows(teacherAndParent, .read(.guardians), pupilOfTheClass))
        // The parent's role reaches the child's record, never their class's journal.
        #expect(!allows(teacherAndParent, .read(.marks), journal(class3B, grade: 3, subject: math)))
        #expect(allows(teacherAndParent, .exportResults, classTarget(class2A, grade: 2)))
        #expect(!allows(teacherAndParent, .exportResults, classTarget(class3B, grade: 3)))
    }

    @Test func nobodyVouchesForOrVerifiesTheirOwnChild() {
        let ownInClass = pupil(child, in: class2A, grade: 2)
        let classTeacherAndParent = [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class2A)),
                                     Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        #expect(!allows(classTeacherAndParent, .vouchAchievements, ownInClass))
        #expect(allows(classTeacherAndParent, .vouchAchievements, pupil(classmate, in: class2A, grade: 2)))
        let deputyAndParent = [Assignment(role: .deputyHead, schoolID: school, scope: .school),
                               Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        #expect(!allows(deputyAndParent, .verifyAchievements, ownInClass))
        #expect(allows(deputyAndParent, .verifyAchievements, pupil(classmate, in: class2A, grade: 2)))
        // An ended parent link no longer stands in the way.
        let formerParent = [Assignment(role: .deputyHead, schoolID: school, scope: .school),
                            Assignment(role: .parent, schoolID: school, scope: .pupil(child), validTo: LocalDate(year: 2026, month: 1, day: 1))]
        #expect(allows(formerParent, .verifyAchievements, ownInClass))
    }

    @Test func aFamilyReadsItsChildsIndividualJournalOnly() {
        let parent = [Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        let individual = JournalFacts(schoolID: school, classGroup: (id: class3B, grade: 3), subjectID: math, programGroupID: nil, pupilID: child)
        var other = individual
        other.pupilID = stranger
        #expect(allows(parent, .read(.marks), .journal(individual)))
        #expect(!allows(parent, .write(.marks), .journal(individual)))
        #expect(!allows(parent, .read(.marks), .journal(other)))
        #expect(!allows(parent, .read(.marks), journal(class3B, grade: 3, subject: math)))
    }

    @Test func homeClassesAreTheClassTeachersOwnAndValidOnly() {
        let a = teacherAndParent + [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class3B),
                                               validTo: LocalDate(year: 2026, month: 5, day: 31))]
        #expect(AccessPolicy.homeClasses(a, schoolID: school, on: today) == [class2A])
    }
}
