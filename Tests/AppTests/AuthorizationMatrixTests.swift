@testable import App
import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Every registered route × every role × own/foreign/other-school/malformed target → the expected status.
/// A route registered without an entry here fails the test; so does an entry for a route that is gone.
@Suite struct AuthorizationMatrixTests {
    enum Who: String, CaseIterable {
        case anonymous, admin, director, zavuch, teacher, english, dop, parent, pupil
        var isStaff: Bool { ![.anonymous, .parent, .pupil].contains(self) }
    }

    enum Variant: String { case own, foreign, otherSchool, malformed }

    struct Fixtures: Sendable {
        let ownPupil: UUID          // the `parent` family's child in 2А (the `pupil` account's own record)
        let clubMember: UUID        // a member of the `dop` teacher's first club
        let foreignPupil: UUID      // a 1А pupil outside every club and family above
        let class2A: UUID
        let class1A: UUID
        let music: UUID             // a user the admin manages
        let musicAssignment: UUID
        let otherAssignment: UUID   // an assignment of another user of the same school
        let other: OtherSchool.Fixture
        let math2A: UUID            // the 2А mathematics journal (taught by `teacher`)
        let english2A: UUID         // the 2А English journal (taught by `english`)
        let math1A: UUID            // a journal nobody of the teachers above may read
        let math3B: UUID, english3B: UUID
        let homeSchooled: UUID      // the pupil of the individual journals (3Б)
        let club: UUID              // the `dop` teacher's first club
        let course: UUID            // «Разговоры о важном», led by `teacher`
        let lessonMath2A: UUID, lessonEnglish2A: UUID, lessonMath1A: UUID, lessonClub: UUID
        let q1: UUID
        let q2: UUID                // the demo's second quarter (no lessons of the matrix fall in it)
        let otherPeriod: UUID
        let q2Dates: (String, String)
        let policy24: UUID
        let workType: UUID
        let fivePoint: UUID
        let debtMath2A: UUID, debtEnglish2A: UUID
        let mathSubject: UUID, englishSubject: UUID
        let eventMath2A: UUID, eventEnglish2A: UUID, eventMath1A: UUID
        let regulative: UUID, personal: UUID
        let importOwn: UUID, importOther: UUID
        let p: PortfolioFixtures
    }

    struct Spec: Sendable {
        var variants: [Variant] = [.own]
        var expect: @Sendable (Who, Variant) -> HTTPStatus
        var body: (@Sendable (Who, Variant, Fixtures) -> [String: String])? = nil
    }

    static let signedInGet: HTTPStatus = .seeOther  // anonymous GET of a signed-in page: to sign-in
    static let signedInPost: HTTPStatus = .unauthorized

    /// The matrix. Keys are "METHOD /path" exactly as the router spells them.
    static let matrix: [String: Spec] = core.merging(portfolio) { a, _ in a }

    static let core: [String: Spec] = [
        "GET /health": Spec { _, _ in .ok },
        // The user guide holds nobody's data: open to all.
        "GET /help": Spec { _, _ in .ok },
        "GET /help/:page": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .ok : .notFound },
        "GET /help/img/:file": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .ok : .notFound },
        // The setup wizard exists only while the database has no school: here it has one.
        "GET /setup": Spec { _, _ in .notFound },
        // (A visitor without a live session is stopped earlier, at the CSRF check: 401.)
        "POST /setup": Spec(expect: { who, _ in who == .anonymous ? signedInPost : .notFound }, body: { _, _, _ in ["name": "Захват", "login": "intruder"] }),
        "GET /setup/oneroster": Spec { _, _ in .notFound },
        "POST /setup/oneroster": Spec(expect: { who, _ in who == .anonymous ? signedInPost : .notFound }, body: { _, _, _ in ["login": "intruder"] }),
        "GET /login": Spec { who, _ in who == .anonymous ? .ok : .seeOther },
        // A login of its own per role: five failures of one login make the sixth wait (SignInThrottle).
        "POST /login": Spec(expect: { _, _ in .unauthorized }, body: { who, _, _ in ["login": "nobody-\(who.rawValue)", "password": "wrong"] }),
        "POST /logout": Spec(expect: { _, _ in .seeOther }, body: { _, _, _ in [:] }),
        "GET /lang/:code": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .seeOther : .notFound },
        "GET /": Spec { who, _ in who == .anonymous ? signedInGet : .ok },
        "GET /classes": Spec { who, _ in
            switch who {
            case .anonymous: return signedInGet
            case .parent, .pupil: return .forbidden
            default: return .ok
            }
        },
        "GET /classes/:classID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.admin, .director, .zavuch, .teacher, .english].contains(who) ? .ok : .notFound
            case .foreign: return [.admin, .director, .zavuch].contains(who) ? .ok : .notFound
            case .otherSchool, .malformed: return .notFound
            }
        },
        "GET /pupils/:pupilID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return .ok
            case .foreign: return [.admin, .director, .zavuch].contains(who) ? .ok : .notFound
            case .otherSchool, .malformed: return .notFound
            }
        },
        "GET /pupils/:pupilID/access-log": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .parent].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            case .otherSchool, .malformed: return .notFound
            }
        },
        "GET /account/password": Spec { who, _ in who == .anonymous ? signedInGet : .ok },
        "POST /account/password": Spec(expect: { who, _ in who == .anonymous ? signedInPost : .unprocessableEntity },
                                       body: { _, _, _ in ["current": "wrong", "new": "x", "repeat": "y"] }),
        "POST /account/school": Spec(variants: [.own, .otherSchool], expect: { who, v in
            who == .anonymous ? signedInPost : (v == .own ? .seeOther : .notFound)
        }, body: { _, v, f in ["school": v == .own ? DemoSchool.schoolID.uuidString : f.other.schoolID.uuidString] }),
        // The accounts pages: the admin (all but leadership roles) and the head (leadership roles) — issue 16.
        "GET /admin/users": Spec { who, _ in accounts(who, admin: .ok, head: .ok, get: true) },
        "GET /admin/users/new": Spec { who, _ in admin(who, .ok, get: true) },
        // A new admin account: the admin's to make (the head makes no accounts; a head by an admin: SeparationOfDutiesTests).
        "POST /admin/users": Spec(expect: { who, _ in accounts(who, admin: .seeOther, head: .forbidden, get: false) }, body: { who, _, f in
            ["login": "matrix.\(who.rawValue)", "last_name": "Матрица", "first_name": "Тест", "role": "admin",
             "school_id": f.other.schoolID.uuidString]
        }),
        "GET /admin/users/:userID": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            accounts(who, admin: v == .own ? .ok : .notFound, head: v == .own ? .ok : .notFound, get: true)
        },
        // The music teacher's account: the admin's to manage, not the head's.
        "POST /admin/users/:userID/password": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            accounts(who, admin: v == .own ? .seeOther : .notFound, head: v == .own ? .forbidden : .notFound, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /admin/users/:userID/active": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            accounts(who, admin: v == .own ? .seeOther : .notFound, head: v == .own ? .forbidden : .notFound, get: false)
        }, body: { _, _, _ in ["active": "true"] }),
        // Making the music teacher a deputy head: the admin may not (403 before any check of the form); the head may,
        // and gets to the form's check (grades 9 to 1: 422, nothing written — the grant itself: SeparationOfDutiesTests).
        "POST /admin/users/:userID/assignments": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            accounts(who, admin: v == .own ? .forbidden : .notFound, head: v == .own ? .unprocessableEntity : .notFound, get: false)
        }, body: { _, _, _ in ["role": "deputy_head", "grade_from": "9", "grade_to": "1"] }),
        // Taking the music teacher's subject-teacher role: the admin's (who comes first and takes it; the head then
        // finds no such role).
        "POST /admin/users/:userID/assignments/:assignmentID/delete": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            accounts(who, admin: v == .own ? .seeOther : .notFound, head: .notFound, get: false)
        }, body: { _, _, _ in [:] }),
        "GET /journals": Spec { who, _ in who == .anonymous ? signedInGet : .ok },
        "GET /journals/class/:journalID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.teacher, .english, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "POST /journals/class/:journalID/lessons": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            switch v {
            case .own: return [.teacher, .english].contains(who) ? .seeOther : [.director, .zavuch].contains(who) ? .forbidden : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .forbidden : .notFound
            default: return .notFound
            }
        }, body: { who, _, _ in ["date": "2026-10-05", "topic": "Урок матрицы: \(who.rawValue)"] }),
        "GET /journals/group/:journalID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.dop, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return [.teacher, .director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        // The journal's download (XLSX, CSV, PDF to print): whoever reads the journal.
        "GET /journals/group/:journalID/export": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.dop, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return [.teacher, .director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "GET /journals/individual/:journalID/:pupilID/export": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .ok : .notFound
        },
        // A home-schooled pupil's journal ends its periods and its year like the class's (issue 17).
        "GET /journals/individual/:journalID/:pupilID/period-marks": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .ok : .notFound
        },
        "POST /journals/individual/:journalID/:pupilID/period-marks": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .seeOther : .notFound
        }, body: { _, _, f in ["action": "save", "period": f.q1.uuidString] }),
        "GET /journals/individual/:journalID/:pupilID/attestation": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .ok : .notFound
        },
        "POST /journals/individual/:journalID/:pupilID/attestation": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .seeOther : .notFound
        }, body: { _, _, f in ["form": "Контрольная работа", "date": "2027-05-15", "result_\(f.homeSchooled.uuidString.lowercased())": "4"] }),
        // The fixture's debt is a 2А pupil's: no individual journal clears it.
        "POST /journals/individual/:journalID/:pupilID/attestation/debts/:debtID": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, _ in
            who == .anonymous ? signedInPost : .notFound
        }, body: { _, _, _ in ["value": "4", "cleared_on": "2027-05-30"] }),
        "POST /journals/group/:journalID/lessons": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard v == .own else { return .notFound }
            return who == .dop ? .seeOther : [.director, .zavuch].contains(who) ? .forbidden : .notFound
        }, body: { who, _, _ in ["date": "2026-10-05", "topic": "Занятие матрицы: \(who.rawValue)"] }),
        "GET /journals/individual/:journalID/:pupilID": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            return v == .own && [.english, .director, .zavuch].contains(who) ? .ok : .notFound
        },
        "POST /journals/individual/:journalID/:pupilID/lessons": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard v == .own else { return .notFound }
            return who == .english ? .seeOther : [.director, .zavuch].contains(who) ? .forbidden : .notFound
        }, body: { who, _, _ in ["date": "2026-10-05", "topic": "Урок на дому: \(who.rawValue)"] }),
        "GET /journals/lessons/:lessonID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.teacher, .english, .dop, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "POST /journals/lessons/:lessonID/cells": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            lessonWrite(who, v, ok: .ok)
        }, body: { who, v, f in
            ["pupil": (v == .otherSchool ? f.other.pupilID : v == .foreign ? f.foreignPupil : who == .dop ? f.clubMember : f.ownPupil).uuidString,
             "value": "н"]
        }),
        "POST /journals/lessons/:lessonID": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            lessonWrite(who, v, ok: .seeOther)
        }, body: { who, v, f in
            let pupil = v == .otherSchool ? f.other.pupilID : v == .foreign ? f.foreignPupil : who == .dop ? f.clubMember : f.ownPupil
            return ["cell_\(pupil.uuidString.lowercased())": "б"]
        }),
        "GET /pupils/:pupilID/results": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .teacher, .english, .parent, .pupil].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "GET /journals/class/:journalID/period-marks": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.teacher, .english, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .unprocessableEntity : .notFound  // grade 1: no period marks
            default: return .notFound
            }
        },
        "POST /journals/class/:journalID/period-marks": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            switch v {
            case .own: return [.teacher, .english, .director, .zavuch].contains(who) ? .seeOther : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .unprocessableEntity : .notFound
            default: return .notFound
            }
        }, body: { _, _, f in ["action": "save", "period": f.q1.uuidString] }),
        // Closing a period: the preview, the close (a reason makes it valid on any day), the reopening with a reason.
        "GET /classes/:classID/periods/:periodID/lock": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            guard v == .own else { return .notFound }
            switch who {
            case .director, .zavuch: return .ok
            case .admin, .teacher, .english: return .forbidden
            default: return .notFound
            }
        },
        "POST /classes/:classID/periods/:periodID/lock": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard v == .own else { return .notFound }
            switch who {
            case .director, .zavuch: return .seeOther
            case .admin, .teacher, .english: return .forbidden  // they see the class but only the deputy head or head closes a period
            default: return .notFound
            }
        }, body: { _, _, _ in ["reason": "Проверка матрицы"] }),
        "POST /classes/:classID/periods/:periodID/reopen": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard v == .own else { return .notFound }
            switch who {
            case .director, .zavuch: return .seeOther
            case .admin, .teacher, .english: return .forbidden
            default: return .notFound
            }
        }, body: { _, _, _ in ["reason": "Проверка матрицы"] }),
        "GET /journals/class/:journalID/attestation": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            attestation(who, v, ok: .ok)
        },
        "POST /journals/class/:journalID/attestation": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            attestation(who, v, ok: .seeOther)
        }, body: { _, _, f in ["form": "Контрольная работа", "date": "2027-05-15", "result_\(f.ownPupil.uuidString.lowercased())": "4"] }),
        "POST /journals/class/:journalID/attestation/debts/:debtID": Spec(variants: [.own, .foreign, .otherSchool, .malformed], expect: { who, v in
            attestation(who, v, ok: .seeOther)
        }, body: { _, _, _ in ["value": "4", "cleared_on": "2027-05-30"] }),
        "GET /assessments": Spec { who, _ in
            switch who {
            case .anonymous: return signedInGet
            case .admin, .parent, .pupil: return .forbidden
            default: return .ok
            }
        },
        "GET /assessments/new": Spec { who, _ in
            who == .anonymous ? signedInGet : [.director, .zavuch, .teacher, .english].contains(who) ? .ok : .forbidden
        },
        "POST /assessments": Spec(variants: [.own, .otherSchool], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard [.director, .zavuch, .teacher, .english].contains(who) else { return .forbidden }
            return v == .own ? .seeOther : .unprocessableEntity  // another school's class is not found here
        }, body: { who, v, f in
            ["title": "ВПР матрицы", "kind": "vpr", "level": "federal", "date": "2026-10-10",
             "class_id": (v == .own ? f.class2A : f.other.classID).uuidString,
             "subject_id": (who == .english ? f.englishSubject : f.mathSubject).uuidString]
        }),
        "GET /assessments/:assessmentID": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .teacher, .english].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "POST /assessments/:assessmentID": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            return v == .own && [.director, .zavuch, .teacher, .english].contains(who) ? .seeOther : .notFound
        }, body: { _, _, f in ["score_\(f.ownPupil.uuidString.lowercased())": "17"] }),
        "GET /classes/:classID/indicators": Spec(variants: [.own, .foreign, .otherSchool, .malformed]) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .teacher, .english].contains(who) ? .ok : .notFound
            case .foreign: return [.director, .zavuch].contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        "POST /classes/:classID/indicators": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in indicators(who, v) },
            body: { _, _, f in ["period": f.q1.uuidString, "level_\(f.ownPupil.uuidString.lowercased())_\(f.regulative.uuidString.lowercased())": "basic"] }),
        "POST /classes/:classID/indicators/personal": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in indicators(who, v) },
            body: { _, _, f in ["period": f.q1.uuidString, "count_\(f.personal.uuidString.lowercased())_basic": "5"] }),
        "POST /pupils/:pupilID/participation": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard v == .own else { return .notFound }
            switch who {
            case .teacher, .dop: return .seeOther          // the class teacher, the group's teacher
            case .admin, .director, .zavuch, .english: return .forbidden  // they see the pupil but do not record participation
            default: return .forbidden                     // a parent or the pupil reads only
            }
        }, body: { who, _, _ in ["kind": "volunteering", "title": "Акция матрицы: \(who.rawValue)", "starts_on": "2026-10-01"] }),
        "GET /admin/import": Spec { who, _ in admin(who, .ok, get: true) },
        "POST /admin/import": Spec(expect: { who, _ in admin(who, .unprocessableEntity, get: false) }, body: { _, _, _ in [:] }),  // no file
        "GET /admin/import/:importID": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            admin(who, v == .own ? .ok : .notFound, get: true)
        },
        "POST /admin/import/:importID": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            admin(who, v == .own ? .ok : .notFound, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /admin/import/:importID/apply": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            admin(who, v == .own ? .ok : .notFound, get: false)
        }, body: { _, _, _ in ["mode": "all"] }),
        // Marks from the e-journal: the deputy head and the head; the waiting file names nobody the school knows.
        "GET /journals/import": Spec { who, _ in controllers(who, .ok, get: true) },
        "POST /journals/import": Spec(expect: { who, _ in controllers(who, .unprocessableEntity, get: false) }, body: { _, _, _ in [:] }),
        "GET /journals/import/:importID": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            controllers(who, v == .own ? .ok : .notFound, get: true)
        },
        "POST /journals/import/:importID": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            controllers(who, v == .own ? .ok : .notFound, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /journals/import/:importID/apply": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            controllers(who, v == .own ? .unprocessableEntity : .notFound, get: false)
        }, body: { _, _, _ in ["mode": "all"] }),
        // OneRoster: the admin and the head download the school year.
        // The year with marks and birth dates: the school's leadership, not the admin (issue 16).
        "GET /admin/oneroster": Spec { who, _ in [.director, .zavuch].contains(who) ? .ok : admin(who, .forbidden, get: true) },
        "GET /admin/oneroster/export": Spec { who, _ in [.director, .zavuch].contains(who) ? .ok : admin(who, .forbidden, get: true) },
        "GET /admin/slips": Spec { who, _ in admin(who, .ok, get: true) },
        // 1А: no family of the matrix's accounts is there, so nobody here is asked to change a password.
        "POST /admin/slips": Spec(variants: [.own, .otherSchool], expect: { who, v in
            admin(who, v == .own ? .ok : .notFound, get: false)
        }, body: { _, v, f in ["class_id": (v == .own ? f.class1A : f.other.classID).uuidString] }),
        "GET /settings": Spec { who, _ in settings(who, .ok, get: true) },
        "POST /settings/periods": Spec(expect: { who, _ in settings(who, .seeOther, get: false) }, body: { who, _, _ in
            ["title": "Период матрицы \(who.rawValue)", "kind": "half_year", "grade_from": "1", "grade_to": "1",
             // Each manager's period gets its own days: periods of one kind may not overlap.
             "starts_on": "2026-09-0\(1 + 2 * (Who.allCases.firstIndex(of: who)! % 4))",
             "ends_on": "2026-09-0\(2 + 2 * (Who.allCases.firstIndex(of: who)! % 4))"]
        }),
        "POST /settings/periods/:id/delete": Spec(variants: [.otherSchool, .malformed], expect: { who, _ in
            settings(who, .notFound, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /settings/indicators": Spec(expect: { who, _ in settings(who, .seeOther, get: false) },
                                          body: { who, _, _ in ["title": "Показатель матрицы \(who.rawValue)", "group": "cognitive"] }),
        "POST /settings/indicators/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, _ in ["title": "Принимает и сохраняет учебную задачу", "active": "on"] }),
        "POST /settings/work-types": Spec(expect: { who, _ in settings(who, .seeOther, get: false) },
                                          body: { who, _, _ in ["title": "Вид работы матрицы \(who.rawValue)", "weight": "1"] }),
        "POST /settings/periods/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, f in ["title": "2 четверть", "starts_on": f.q2Dates.0, "ends_on": f.q2Dates.1] }),
        "POST /settings/policies/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, _ in ["marks_allowed": "on", "threshold_5": "4.65", "threshold_4": "3.65", "threshold_3": "2.65", "min_marks": "3"] }),
        "POST /settings/work-types/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, _ in ["title": "Ответ на уроке", "weight": "1"] }),
        "POST /settings/scales/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, _ in ["title": "Пятибалльная «5/4/3/2»", "values": "5, 4, 3, 2"] }),
    ]

    /// Attestation of a class × subject: its teachers and the school's leadership; grade 1 has none (422).
    static func attestation(_ who: Who, _ v: Variant, ok: HTTPStatus) -> HTTPStatus {
        if who == .anonymous { return ok == .ok ? signedInGet : signedInPost }
        switch v {
        case .own: return [.teacher, .english, .director, .zavuch].contains(who) ? ok : .notFound
        case .foreign: return [.director, .zavuch].contains(who) ? .unprocessableEntity : .notFound
        default: return .notFound
        }
    }

    /// УУД levels: the class teacher and the deputy head record them; the head and subject teachers read them.
    static func indicators(_ who: Who, _ v: Variant) -> HTTPStatus {
        if who == .anonymous { return signedInPost }
        guard v == .own else { return .notFound }
        switch who {
        case .teacher, .zavuch: return .seeOther
        case .director, .english: return .forbidden
        default: return .notFound
        }
    }

    /// The assessment rules: the admin, the head and the deputy head (whole school) edit them; others get 403.
    static func settings(_ who: Who, _ ok: HTTPStatus, get: Bool) -> HTTPStatus {
        switch who {
        case .anonymous: return get ? signedInGet : signedInPost
        case .admin, .director, .zavuch: return ok
        default: return .forbidden
        }
    }

    /// Writing into a lesson: its teachers may; the deputy and head read but do not write (403); others do not see it.
    static func lessonWrite(_ who: Who, _ v: Variant, ok: HTTPStatus) -> HTTPStatus {
        if who == .anonymous { return signedInPost }
        switch v {
        case .own: return [.teacher, .english, .dop].contains(who) ? ok : [.director, .zavuch].contains(who) ? .forbidden : .notFound
        case .foreign: return [.director, .zavuch].contains(who) ? .forbidden : .notFound
        default: return .notFound
        }
    }

    /// Admin-only pages: 403 for every other signed-in role, whatever the id.
    /// The deputy head and the head, who control the journals.
    static func controllers(_ who: Who, _ ok: HTTPStatus, get: Bool) -> HTTPStatus {
        switch who {
        case .anonymous: return get ? signedInGet : signedInPost
        case .director, .zavuch: return ok
        default: return .forbidden
        }
    }

    static func accounts(_ who: Who, admin: HTTPStatus, head: HTTPStatus, get: Bool) -> HTTPStatus {
        switch who {
        case .anonymous: return get ? signedInGet : signedInPost
        case .admin: return admin
        case .director: return head
        default: return .forbidden
        }
    }

    static func admin(_ who: Who, _ ok: HTTPStatus, get: Bool) -> HTTPStatus {
        switch who {
        case .anonymous: return get ? signedInGet : signedInPost
        case .admin: return ok
        default: return .forbidden
        }
    }

    static func path(_ route: String, who: Who, variant v: Variant, _ f: Fixtures) -> String {
        var parts: [String] = []
        for part in route.split(separator: " ")[1].split(separator: "/") {
            switch part {
            case ":page": parts.append(v == .own ? "roditel" : "no-such-page")
            case ":file": parts.append(v == .own ? "parent-results.png" : "missing.png")
            case ":code": parts.append(v == .own ? "en" : "xx")
            case ":classID":
                switch v {
                case .own: parts.append(f.class2A.uuidString)
                case .foreign: parts.append(f.class1A.uuidString)
                case .otherSchool: parts.append(f.other.classID.uuidString)
                case .malformed: parts.append("1А")
                }
            case ":pupilID" where !route.contains("/individual/"):
                switch v {
                case .own: parts.append((who == .dop ? f.clubMember : f.ownPupil).uuidString)
                case .foreign: parts.append(f.foreignPupil.uuidString)
                case .otherSchool: parts.append(f.other.pupilID.uuidString)
                case .malformed: parts.append("not-a-pupil")
                }
            case ":userID":
                switch v {
                case .own, .foreign: parts.append(f.music.uuidString)
                case .otherSchool: parts.append(f.other.userID.uuidString)
                case .malformed: parts.append("42")
                }
            case ":journalID":
                let kind = route.contains("/group/") ? "group" : route.contains("/individual/") ? "individual" : "class"
                switch (kind, v) {
                case ("class", .own): parts.append((who == .english ? f.english2A : f.math2A).uuidString)
                case ("class", .foreign): parts.append(f.math1A.uuidString)
                case ("class", .otherSchool): parts.append(f.other.curriculumItemID.uuidString)
                case ("group", .own): parts.append(f.club.uuidString)
                case ("group", .foreign): parts.append(f.course.uuidString)
                case ("group", .otherSchool): parts.append(f.other.groupID.uuidString)
                case ("individual", .own): parts.append((who == .english ? f.english3B : f.math3B).uuidString)
                case ("individual", .otherSchool): parts.append(f.other.curriculumItemID.uuidString)
                default: parts.append("journal-x")
                }
            case ":pupilID" where route.contains("/individual/"):
                parts.append(v == .otherSchool ? f.other.pupilID.uuidString : f.homeSchooled.uuidString)
            case ":id":
                let section = route.split(separator: "/")[2]
                switch (section, v) {
                case ("periods", .otherSchool): parts.append(f.other.periodID.uuidString)
                case ("periods", _): parts.append(v == .malformed ? "p" : f.q2.uuidString)
                case ("policies", .otherSchool): parts.append(f.other.policyID.uuidString)
                case ("policies", _): parts.append(v == .malformed ? "p" : f.policy24.uuidString)
                case ("work-types", .otherSchool): parts.append(f.other.workTypeID.uuidString)
                case ("work-types", _): parts.append(v == .malformed ? "w" : f.workType.uuidString)
                case ("scales", .otherSchool): parts.append(f.other.scaleID.uuidString)
                case ("indicators", .otherSchool): parts.append(UUID().uuidString)
                case ("indicators", _): parts.append(v == .malformed ? "i" : f.regulative.uuidString)
                case ("vocabularies", .otherSchool): parts.append(f.p.vocabularyOther.uuidString)
                case ("vocabularies", _): parts.append(v == .malformed ? "v" : f.p.vocabularyOwn.uuidString)
                default: parts.append(v == .malformed ? "s" : f.fivePoint.uuidString)
                }
            case ":assessmentID":
                switch v {
                case .own: parts.append((who == .english ? f.eventEnglish2A : f.eventMath2A).uuidString)
                case .foreign: parts.append(f.eventMath1A.uuidString)
                case .otherSchool: parts.append(UUID().uuidString)
                case .malformed: parts.append("vpr")
                }
            case ":importID":
                parts.append(v == .malformed ? "file" : (v == .otherSchool ? f.importOther : f.importOwn).uuidString)
            case ":debtID":
                parts.append(v == .malformed ? "d" : v == .otherSchool ? UUID().uuidString : (who == .english ? f.debtEnglish2A : f.debtMath2A).uuidString)
            case ":periodID":
                parts.append(v == .otherSchool ? f.otherPeriod.uuidString : v == .malformed ? "q9" : f.q2.uuidString)
            case ":lessonID":
                switch v {
                case .own: parts.append((who == .english ? f.lessonEnglish2A : who == .dop ? f.lessonClub : f.lessonMath2A).uuidString)
                case .foreign: parts.append(f.lessonMath1A.uuidString)
                case .otherSchool: parts.append(f.other.lessonID.uuidString)
                case .malformed: parts.append("lesson")
                }
            case ":assignmentID":
                switch v {
                case .own: parts.append(f.musicAssignment.uuidString)
                case .foreign: parts.append(f.otherAssignment.uuidString)
                case .otherSchool: parts.append(f.other.assignmentID.uuidString)
                case .malformed: parts.append("x")
                }
            case ":achievementID", ":shareID", ":token", ":attachmentID", ":consentID", ":stepID", ":documentID", ":requestID", ":tokenID",
                 ":awardID", ":schoolID", ":keyID", ":credentialID":
                parts.append(Self.portfolioPart(String(part), route: route, who: who, variant: v, f))
            default: parts.append(String(part))
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    func fixtures(_ app: Application) async throws -> Fixtures {
        let parent = try await User.query(on: app.db).filter(\.$login == "parent").first()!
        let pupilAccount = try await User.query(on: app.db).filter(\.$login == "pupil").first()!
        let own = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == pupilAccount.id!).first()!.pupilID!
        let dop = try await User.query(on: app.db).filter(\.$login == "dop").first()!
        let dopGroups = try await ProgramGroup.query(on: app.db).filter(\.$teacher.$id == dop.id!).all().map { $0.id! }
        let members = try await GroupMembership.query(on: app.db).filter(\.$programGroup.$id ~~ dopGroups).all().map { $0.$pupil.id }
        let family = try await GuardianLink.query(on: app.db).filter(\.$user.$id == parent.id!).all().map { $0.$pupil.id }
        let classes = try await ClassGroup.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).all()
        let c2A = classes.first { $0.title == "2А" }!.id!, c1A = classes.first { $0.title == "1А" }!.id!
        let in1A = try await Enrolment.query(on: app.db).filter(\.$classGroup.$id == c1A).all().map { $0.$pupil.id }
        let foreign = in1A.first { !members.contains($0) && !family.contains($0) }!
        let music = try await User.query(on: app.db).filter(\.$login == "music").first()!
        let musicAssignment = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == music.id!).first()!.id!
        let t1a = try await User.query(on: app.db).filter(\.$login == "teacher.1a").first()!
        let otherAssignment = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == t1a.id!).first()!.id!
        let other = try await OtherSchool.create(on: app.db, passwordHash: parent.passwordHash)
        let items = try await CurriculumItem.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).with(\.$classGroup).with(\.$subject).all()
        func item(_ c: String, _ s: String) -> UUID { items.first { $0.classGroup.title == c && $0.subject.code == s }!.id! }
        let hs = try await Pupil.query(on: app.db).filter(\.$homeSchooled == true).first()!.id!
        let club = dopGroups.first!
        let clubMember = try await GroupMembership.query(on: app.db).filter(\.$programGroup.$id == club).first()!.$pupil.id
        let course = try await ProgramGroup.query(on: app.db).filter(\.$kind == .course).first()!.id!
        // Fresh lessons: no marks yet, so writing «н» needs no reason.
        func lesson(_ item: UUID) async throws -> UUID {
            let l = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .classJournal, curriculumItemID: item,
                           date: LocalDate("2026-10-06")!, topic: "Урок для матрицы")
            try await l.create(on: app.db)
            return l.id!
        }
        let year = try await AcademicYear.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).first()!
        func debt(_ item: UUID) async throws -> UUID {
            let d = AcademicDebt()
            d.schoolID = DemoSchool.schoolID; d.$pupil.id = own; d.$curriculumItem.id = item; d.$academicYear.id = year.id!
            d.retakeOn = LocalDate("2027-05-30"); d.createdBy = music.id!
            try await d.create(on: app.db)
            return d.id!
        }
        func event(_ classID: UUID, _ subject: String) async throws -> UUID {
            let e = AssessmentEvent()
            e.id = UUID(); e.schoolID = DemoSchool.schoolID; e.$academicYear.id = year.id!; e.$classGroup.id = classID
            e.$subject.id = items.first { $0.subject.code == subject }!.$subject.id
            e.source = .external; e.kind = "vpr"; e.title = "ВПР"; e.form = ""; e.date = LocalDate("2026-10-15")!; e.level = "federal"; e.maxScore = 20
            try await e.create(on: app.db)
            return e.id!
        }
        // An uploaded roster waiting for its mapping, for this school and for the other one.
        func importFile(_ school: UUID) throws -> UUID {
            let id = UUID()
            let dir = app.kopilkaConfig.dataDirectory + "/imports"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let csv = "Фамилия;Имя;Дата рождения;Класс\nМатрицын;Тест;01.01.2017;2А\n"
            try Data(csv.utf8).write(to: URL(fileURLWithPath: dir + "/\(school.uuidString.lowercased())-\(id.uuidString.lowercased())"))
            let marks = "Идентификатор;Предмет;Дата;Отметка\nнет-такого;Математика;16.12.2026;5\n"
            try Data(marks.utf8).write(to: URL(fileURLWithPath: dir + "/marks-\(school.uuidString.lowercased())-\(id.uuidString.lowercased())"))
            return id
        }
        let clubLesson = Lesson(id: UUID(), schoolID: DemoSchool.schoolID, journalKind: .club, programGroupID: club,
                                date: LocalDate("2026-10-07")!, topic: "Занятие кружка")
        try await clubLesson.create(on: app.db)
        return Fixtures(ownPupil: own, clubMember: clubMember, foreignPupil: foreign, class2A: c2A, class1A: c1A,
                        music: music.id!, musicAssignment: musicAssignment, otherAssignment: otherAssignment, other: other,
                        math2A: item("2А", "math"), english2A: item("2А", "english"), math1A: item("1А", "math"),
                        math3B: item("3Б", "math"), english3B: item("3Б", "english"), homeSchooled: hs, club: club, course: course,
                        lessonMath2A: try await lesson(item("2А", "math")), lessonEnglish2A: try await lesson(item("2А", "english")),
                        lessonMath1A: try await lesson(item("1А", "math")), lessonClub: clubLesson.id!,
                        q1: try await Period.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$number == 1).first()!.id!,
                        q2: try await Period.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$number == 2).first()!.id!,
                        otherPeriod: try await Period.query(on: app.db).filter(\.$schoolID == other.schoolID).first()!.id!,
                        q2Dates: try await { let q = try await Period.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$number == 2).first()!
                            return (q.startsOn.iso, q.endsOn.iso) }(),
                        policy24: try await AssessmentPolicy.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$gradeFrom == 2).first()!.id!,
                        workType: try await WorkType.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$code == "answer").first()!.id!,
                        fivePoint: try await MarkScale.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$code == "five_point").first()!.id!,
                        debtMath2A: try await debt(item("2А", "math")), debtEnglish2A: try await debt(item("2А", "english")),
                        mathSubject: items.first { $0.subject.code == "math" }!.$subject.id,
                        englishSubject: items.first { $0.subject.code == "english" }!.$subject.id,
                        eventMath2A: try await event(c2A, "math"), eventEnglish2A: try await event(c2A, "english"), eventMath1A: try await event(c1A, "math"),
                        regulative: try await Indicator.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$group == .regulative).first()!.id!,
                        personal: try await Indicator.query(on: app.db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$group == .personal).first()!.id!,
                        importOwn: try importFile(DemoSchool.schoolID), importOther: try importFile(other.schoolID),
                        p: try await PortfolioFixtures.make(app, own: own, clubMember: clubMember, foreign: foreign, other: other))
    }

    /// Row counts of every data table in one query (the audit trail and sign-in attempts grow by design).
    func snapshot(_ app: Application) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        let tables = Migrations.tables.filter { ![AuditEvent.schema, SignInAttempt.schema].contains($0) }
        let select = tables.map { "(SELECT COUNT(*) FROM \($0)) || ''" }.joined(separator: " || ',' || ")
        struct Row: Decodable { let counts: String }
        return try await sql.raw("SELECT \(unsafeRaw: select) AS counts").first(decoding: Row.self)!.counts.split(separator: ",").map(String.init)
    }

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
    }

    @Test func everyRouteIsInTheMatrix() async throws {
        try await withKopilka { app in
            let registered = Set(app.routes.all.map(Self.key))
            let listed = Set(Self.matrix.keys)
            #expect(registered.subtracting(listed).isEmpty, "routes without a matrix entry: \(registered.subtracting(listed).sorted())")
            #expect(listed.subtracting(registered).isEmpty, "matrix entries without a route: \(listed.subtracting(registered).sorted())")
        }
    }

    @Test func everyRoleGetsTheExpectedStatusOnEveryRoute() async throws {
        // Two schools on one deployment: a real one needs the public address its links are built from.
        try await withKopilka(demo: true, adjust: { $0.publicURLSetting = "https://kopilka.region.example" }) { app in
            let f = try await fixtures(app)
            // The other school's rows that id-swaps aim at must come through untouched.
            let otherUserBefore = try await User.find(f.other.userID, on: app.db)!
            var clients: [Who: TestClient] = [:]
            for who in Who.allCases {
                let c = try await TestClient.start(app)
                if who == .anonymous { _ = try await c.get("/login") } else {
                    #expect(try await c.signIn(who.rawValue).status == .seeOther, "sign-in \(who)")
                }
                clients[who] = c
            }
            for (route, spec) in Self.matrix.sorted(by: { $0.key < $1.key }) {
                let method = String(route.split(separator: " ")[0])
                for who in Who.allCases {
                    for v in spec.variants {
                        // Signing out would end the shared session: that route gets a fresh client.
                        let client = route == "POST /logout" ? try await fresh(app, who) : clients[who]!
                        let path = Self.path(route, who: who, variant: v, f)
                        let expected = spec.expect(who, v)
                        let before = method == "POST" && v != .own ? try await snapshot(app) : []
                        let res: ClientResponse
                        if method == "GET" {
                            res = try await client.get(path)
                        } else {
                            res = try await client.post(path, form: spec.body?(who, v, f) ?? [:])
                        }
                        #expect(res.status == expected, "\(route) as \(who), \(v) target: \(res.status.code), expected \(expected.code)")
                        if method == "POST" && v != .own {
                            let after = try await snapshot(app)
                            #expect(after == before, "\(route) as \(who), \(v) target wrote something")
                        }
                    }
                }
            }
            let otherUserAfter = try await User.find(f.other.userID, on: app.db)!
            #expect(otherUserAfter.passwordHash == otherUserBefore.passwordHash)
            #expect(otherUserAfter.active == otherUserBefore.active)
            #expect(try await RoleAssignment.find(f.other.assignmentID, on: app.db) != nil)
            #expect(try await RoleAssignment.find(f.otherAssignment, on: app.db) != nil)
            // A forged school id in the form is ignored: the new account belongs to the admin's school.
            let created = try await User.query(on: app.db).filter(\.$login == "matrix.admin").first()
            #expect(created?.schoolID == DemoSchool.schoolID)
            let createdRoles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == created!.id!).all()
            #expect(createdRoles.allSatisfy { $0.schoolID == DemoSchool.schoolID })
            #expect(try await User.query(on: app.db).filter(\.$login ~~ "matrix.").count() == 1)
        }
    }

    func fresh(_ app: Application, _ who: Who) async throws -> TestClient {
        let c = try await TestClient.start(app)
        if who == .anonymous { _ = try await c.get("/login") } else { try await c.signIn(who.rawValue) }
        return c
    }
}
