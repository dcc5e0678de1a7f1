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
        #expect(AccessPolicy.decide(parent, .viewPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .viewPupil, pupil(stranger, in: class2A, grade: 2), on: today).allowed)
        // A parent reads; the school records (5.2).
        #expect(!AccessPolicy.decide(parent, .editPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(parent, .viewClass, .classGroup(schoolID: school, classGroupID: class2A, grade: 2), on: today).allowed)
    }

    @Test func parentAccessEndsWithTheLink() {
        let ended = [Assignment(role: .parent, schoolID: school, scope: .pupil(child), validTo: LocalDate(year: 2026, month: 6, day: 1))]
        let decision = AccessPolicy.decide(ended, .viewPupil, pupil(child, in: class2A, grade: 2), on: today)
        #expect(!decision.allowed)
        #expect(!decision.reason.isEmpty)
    }

    @Test func classTeacherReachesOwnClassOnly() {
        let teacher = [Assignment(role: .classTeacher, schoolID: school, scope: .classGroup(class2A))]
        #expect(AccessPolicy.decide(teacher, .viewPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(AccessPolicy.decide(teacher, .editPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(teacher, .viewPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(teacher, .manageUsers, .school(school), on: today).allowed)
    }

    @Test func subjectTeacherReadsButDoesNotEditThePersonalFile() {
        let t = [Assignment(role: .subjectTeacher, schoolID: school, scope: .classSubject(classGroup: class3B, subject: english))]
        #expect(AccessPolicy.decide(t, .viewPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .editPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .viewPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
    }

    @Test func deputyForGradesReachesThoseGradesOnly() {
        let deputy = [Assignment(role: .deputyHead, schoolID: school, scope: .grades(3...4))]
        #expect(AccessPolicy.decide(deputy, .viewPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(deputy, .viewPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        let reach = AccessPolicy.classReach(deputy, schoolID: school, on: today)
        #expect(reach.contains(classID: class3B, grade: 3))
        #expect(!reach.contains(classID: class2A, grade: 2))
    }

    @Test func additionalTeacherSeesGroupMembersOnly() {
        let t = [Assignment(role: .additionalTeacher, schoolID: school, scope: .programGroup(club))]
        #expect(AccessPolicy.decide(t, .viewPupil, pupil(child, in: class2A, grade: 2, groups: [club]), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .viewPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(!AccessPolicy.decide(t, .viewClass, .classGroup(schoolID: school, classGroupID: class2A, grade: 2), on: today).allowed)
    }

    @Test func assignmentsOfAnotherSchoolGrantNothing() {
        let head = [Assignment(role: .head, schoolID: otherSchool, scope: .school)]
        #expect(!AccessPolicy.decide(head, .viewPupil, pupil(child, in: class2A, grade: 2), on: today).allowed)
        #expect(!AccessPolicy.decide(head, .viewSchool, .school(school), on: today).allowed)
        #expect(AccessPolicy.classReach(head, schoolID: school, on: today) == .some(classIDs: [], grades: []))
    }

    @Test func headSeesTheWholeSchool() {
        let head = [Assignment(role: .head, schoolID: school, scope: .school)]
        #expect(AccessPolicy.decide(head, .viewPupil, pupil(stranger, in: class3B, grade: 3), on: today).allowed)
        #expect(AccessPolicy.classReach(head, schoolID: school, on: today) == .all)
    }

    @Test func ownPupilsAreTheLinkedChildren() {
        let a = [Assignment(role: .parent, schoolID: school, scope: .pupil(child)),
                 Assignment(role: .parent, schoolID: otherSchool, scope: .pupil(stranger))]
        #expect(AccessPolicy.ownPupils(a, schoolID: school, on: today) == [child])
    }
}
