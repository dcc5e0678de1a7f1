import Domain
import Foundation
import Testing

@Suite struct AccessPolicyTests {
    let school = UUID(), otherSchool = UUID()
    let class2A = UUID(), class3B = UUID(), club = UUID(), english = UUID()
    let child = UUID(), stranger = UUID()
    let today = LocalDate(year: 2026, month: 11, day: 20)!

    func pupil(_ id: UUID, in classID: UUID, grade: Int, groups: [UUID] = []) -> Target {
        .pupil(PupilFacts(schoolID: school, pupilID: id, classGroups: [(id: classID, grade: grade)], programGroupIDs: groups))
    }

    @Test func parentSeesOwnChildOnly() {
        let parent = [Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        #expect(AccessPolicy.decide(parent, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .read(.personalFile), pupil(stranger, in: class2A, grade: 2), on: today).allowed)
        // A parent reads; the school records (5.2).
        #expect(!AccessPolicy.decide(parent, .write(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .viewClass, .classGroup(schoolID: school, classGroupID: class2A, grade: 2), on: today).allowed)
    }

    @Test func parentAccessEndsWithTheLink() {
        let ended = [Assignment(role: .parent, schoolID: school, scope: .pupil(child), validTo: LocalDate(year: 2026, month: 6, day: 1))]
        let decision = AccessPolicy.decide(ended, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today)
        #expect(!decision.allowed)
        #expect(!decision.reason.isEmpty)
    }

    @Test func classTeacherReachesOwnClassOnly() {
        let teacher = [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class2A))]
        #expect(AccessPolicy.decide(teacher, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(AccessPolicy.decide(teacher, .write(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(teacher, .read(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(teacher, .manageUsers, .school(school), on: today).allowed)
    }

    @Test func subjectTeacherReadsButDoesNotEditThePersonalFile() {
        let t = [Assignment(role: .subjectTeacher, schoolID: school, scope: .classSubject(classGroup: class3B, subject: english))]
        #expect(AccessPolicy.decide(t, .read(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .write(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
    }

    @Test func deputyForGradesReachesThoseGradesOnly() {
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .grades(3...4))]
        #expect(AccessPolicy.decide(deputy, .read(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(deputy, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        let reach = AccessPolicy.classReach(deputy, schoolID: school, on: today)
        #expect(reach.contains(classID: class3B, grade: 3))
        #expect(!reach.contains(classID: class2A, grade: 2))
    }

    @Test func additionalTeacherSeesGroupMembersOnly() {
        let t = [Assignment(role: .additionalTeacher, schoolID: school, scope: .programGroup(club))]
        #expect(AccessPolicy.decide(t, .read(.personalFile), pupil(child, in: class2A, grade: 2, groups: [club]), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .read(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .viewClass, .classGroup(schoolID: school, classGroupID: class2A, grade: 2), on: today).allowed)
    }

    @Test func assignmentsOfAnotherSchoolGrantNothing() {
        let head = [Assignment(role: .head, schoolID: otherSchool, scope: .school)]
        #expect(!AccessPolicy.decide(head, .read(.personalFile), pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(head, .viewSchool, .school(school), on: today).allowed)
        #expect(AccessPolicy.classReach(head, schoolID: school, on: today) == .some(classIDs: [], grades: []))
    }

    @Test func headSeesTheWholeSchool() {
        let head = [Assignment(role: .head, schoolID: school, scope: .school)]
        #expect(AccessPolicy.decide(head, .read(.personalFile), pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(AccessPolicy.classReach(head, schoolID: school, on: today) == .all)
    }

    @Test func ownPupilsAreTheLinkedChildren() {
        let a = [Assignment(role: .parent, schoolID: school, scope: .pupil(child)),
                 Assignment(role: .parent, schoolID: otherSchool, scope: .pupil(stranger))]
        #expect(AccessPolicy.ownPupils(a, schoolID: school, on: today) == [child])
    }

    @Test func subjectTeacherRecordsOnlyTheirSubject() {
        let t = [Assignment(role: .subjectTeacher, schoolID: school, scope: .classSubject(classGroup: class3B, subject: english))]
        let maths = UUID()
        let own = Target.pupil(PupilFacts(schoolID: school, pupilID: stranger, classGroups: [(id: class3B, grade: 3)], programGroupIDs: []),
                               subject: english)
        let other = Target.pupil(PupilFacts(schoolID: school, pupilID: stranger, classGroups: [(id: class3B, grade: 3)], programGroupIDs: []),
                                 subject: maths)
        #expect(AccessPolicy.decide(t, .write(.marks), own, on: today).allowed)
        #expect(!AccessPolicy.decide(t, .write(.marks), other, on: today).allowed)
        #expect(!AccessPolicy.decide(t, .read(.marks), other, on: today).allowed)
        #expect(!AccessPolicy.decide(t, .write(.guardians), own, on: today).allowed)
    }

    @Test func additionalTeacherRecordsOnlyInTheirGroupJournal() {
        let t = [Assignment(role: .additionalTeacher, schoolID: school, scope: .programGroup(club))]
        let facts = PupilFacts(schoolID: school, pupilID: child, classGroups: [(id: class2A, grade: 2)], programGroupIDs: [club])
        #expect(AccessPolicy.decide(t, .write(.marks), .pupil(facts, group: club), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .write(.marks), .pupil(facts, subject: english), on: today).allowed)
        #expect(AccessPolicy.decide(t, .write(.achievements), .pupil(facts), on: today).allowed)
    }

    @Test func parentsReadAndConsentButDoNotRecordMarks() {
        let parent = [Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        let own = pupil(child, in: class2A, grade: 2)
        #expect(AccessPolicy.decide(parent, .read(.marks), own, on: today).allowed)
        #expect(AccessPolicy.decide(parent, .read(.auditLog), own, on: today).allowed)
        #expect(AccessPolicy.decide(parent, .write(.consents), own, on: today).allowed)
        #expect(AccessPolicy.decide(parent, .write(.requests), own, on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .write(.marks), own, on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .read(.notes), own, on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .manageUsers, .school(school), on: today).allowed)
    }

    @Test func deputyControlsButDoesNotEnterLessonMarks() {
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .school)]
        let target = pupil(child, in: class2A, grade: 2)
        #expect(AccessPolicy.decide(deputy, .read(.marks), target, on: today).allowed)
        #expect(AccessPolicy.decide(deputy, .write(.achievements), target, on: today).allowed)
        #expect(!AccessPolicy.decide(deputy, .write(.marks), target, on: today).allowed)
        #expect(!AccessPolicy.decide(deputy, .manageUsers, .school(school), on: today).allowed)
    }

    @Test func adminKeepsTheRosterNotTheMarks() {
        let admin = [Assignment(role: .admin, schoolID: school, scope: .school)]
        let target = pupil(child, in: class2A, grade: 2)
        #expect(AccessPolicy.decide(admin, .write(.personalFile), target, on: today).allowed)
        #expect(AccessPolicy.decide(admin, .manageUsers, .school(school), on: today).allowed)
        #expect(!AccessPolicy.decide(admin, .read(.marks), target, on: today).allowed)
        #expect(!AccessPolicy.decide(admin, .read(.achievements), target, on: today).allowed)
    }

    @Test func pupilAccountIsReadOnly() {
        let me = [Assignment(role: .pupil, schoolID: school, scope: .pupil(child))]
        let target = pupil(child, in: class2A, grade: 2)
        #expect(AccessPolicy.decide(me, .read(.marks), target, on: today).allowed)
        for kind in RecordKind.allCases {
            #expect(!AccessPolicy.decide(me, .write(kind), target, on: today).allowed, "pupil writes \(kind)")
        }
    }

    /// Exhaustive: no role, whatever its scope, reaches anything in another school.
    @Test func noActionOfAnyRoleCrossesSchools() {
        let scopes: [Scope] = [.school, .grades(1...4), .classGroup(class2A), .classSubject(classGroup: class2A, subject: english),
                               .programGroup(club), .pupil(child)]
        let foreign = Target.pupil(PupilFacts(schoolID: school, pupilID: child, classGroups: [(id: class2A, grade: 2)],
                                              programGroupIDs: [club]), subject: english, group: club)
        for role in Role.allCases {
            for scope in scopes {
                let a = [Assignment(role: role, schoolID: otherSchool, scope: scope)]
                for action in Action.all {
                    #expect(!AccessPolicy.decide(a, action, foreign, on: today).allowed, "\(role) \(scope) \(action)")
                    #expect(!AccessPolicy.decide(a, action, .school(school), on: today).allowed)
                }
            }
        }
    }

    /// Exhaustive: a parent or pupil account reaches no other child by any action.
    @Test func familyAccountsReachNoOtherChild() {
        for role in [Role.parent, .pupil] {
            let a = [Assignment(role: role, schoolID: school, scope: .pupil(child))]
            let other = Target.pupil(PupilFacts(schoolID: school, pupilID: stranger, classGroups: [(id: class2A, grade: 2)],
                                                programGroupIDs: [club]), subject: english, group: club)
            for action in Action.all {
                #expect(!AccessPolicy.decide(a, action, other, on: today).allowed, "\(role) \(action)")
            }
        }
    }

    /// 5.2: the deputy head and the head verify; the teachers who record do not; the family decides what is shared.
    @Test func onlyTheLeadershipVerifiesAndOnlyTheFamilyShares() {
        let target = pupil(child, in: class2A, grade: 2)
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .grades(2...4))]
        let head = [Assignment(role: .head, schoolID: school, scope: .school)]
        let classTeacher = [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class2A))]
        let parent = [Assignment(role: .parent, schoolID: school, scope: .pupil(child))]
        #expect(AccessPolicy.decide(deputy, .verifyAchievements, target, on: today).allowed)
        #expect(!AccessPolicy.decide(deputy, .verifyAchievements, pupil(child, in: class2A, grade: 1), on: today).allowed)
        #expect(AccessPolicy.decide(head, .verifyAchievements, target, on: today).allowed)
        #expect(!AccessPolicy.decide(classTeacher, .verifyAchievements, target, on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .verifyAchievements, target, on: today).allowed)
        #expect(AccessPolicy.decide(parent, .write(.sharing), target, on: today).allowed)
        #expect(!AccessPolicy.decide(classTeacher, .write(.sharing), target, on: today).allowed)
        #expect(!AccessPolicy.decide(head, .write(.sharing), target, on: today).allowed)
        #expect(AccessPolicy.decide(parent, .write(.achievements), target, on: today).allowed)
    }
}
