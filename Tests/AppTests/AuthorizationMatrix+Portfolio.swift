@testable import App
import Domain
import Fluent
import Foundation
import Vapor

/// The matrix rows of achievements, awards, the portfolio, consents, the route and the control pages (issue 5).
struct PortfolioFixtures: Sendable {
    let achievementOwn: UUID        // the own pupil's record, entered by the class teacher
    let achievementClub: UUID       // the `dop` teacher's club member's record
    let achievementForeign: UUID
    let achievementOther: UUID      // in the other school
    let deletable: [String: UUID]   // verified records: one per leader, one of the club member (dop), one for everyone else
    let fileOwn: UUID, fileClub: UUID, fileForeign: UUID, fileOther: UUID, fileShared: UUID
    let shareToken: String          // a live link to the own pupil's portfolio (for GET)
    let shareOwn: UUID              // another live link (for revoking)
    let consentOwn: UUID
    let stepOwn: UUID
    let vocabularyOwn: UUID, vocabularyOther: UUID
    let documentOwn: UUID, documentForeign: UUID, documentOther: UUID
    let documentToken: String
    let requestOwn: UUID
    let awardOwn: UUID
    let keyOwn: UUID
    let credentialOwn: UUID

    static func make(_ app: Application, own: UUID, clubMember: UUID, foreign: UUID, other: OtherSchool.Fixture) async throws -> PortfolioFixtures {
        let db = app.db
        let teacher = try await User.query(on: db).filter(\.$login == "teacher").first()!.id!
        let zavuch = try await User.query(on: db).filter(\.$login == "zavuch").first()!.id!
        let parent = try await User.query(on: db).filter(\.$login == "parent").first()!.id!
        func achievement(_ pupil: UUID, school: UUID = DemoSchool.schoolID, by: UUID, status: AchievementStatus, shared: Bool = false,
                         file: Bool = true) async throws -> (UUID, UUID?) {
            let a = Achievement()
            a.schoolID = school; a.$pupil.id = pupil; a.section = "study"; a.kind = "olympiad"; a.title = "Олимпиада матрицы"
            a.level = "school"; a.result = "participant"; a.startsOn = LocalDate("2026-10-01")!; a.inDecree1239List = false
            a.origin = .internal; a.status = status; a.createdBy = by; a.shared = shared
            try await a.create(on: db)
            guard file else { return (a.id!, nil) }
            let data = Data("%PDF-1.4 matrix \(a.id!)".utf8)
            let f = Attachment()
            f.schoolID = school; f.sha256 = try app.blobs.put(data); f.mime = "application/pdf"; f.size = data.count
            f.originalName = "скан.pdf"; f.uploadedBy = by
            try await f.create(on: db)
            let e = AchievementEvidence()
            e.schoolID = school; e.$achievement.id = a.id!; e.$attachment.id = f.id!
            try await e.create(on: db)
            return (a.id!, f.id!)
        }
        let (own1, fileOwn) = try await achievement(own, by: teacher, status: .confirmed)
        let (club, fileClub) = try await achievement(clubMember, by: teacher, status: .confirmed)
        let (foreign1, fileForeign) = try await achievement(foreign, by: zavuch, status: .verified)
        let (other1, fileOther) = try await achievement(other.pupilID, school: other.schoolID, by: other.userID, status: .verified)
        let (_, fileShared) = try await achievement(own, by: zavuch, status: .verified, shared: true)
        var deletable: [String: UUID] = [:]
        for key in ["director", "zavuch", "others"] {
            deletable[key] = try await achievement(own, by: zavuch, status: .verified, file: false).0
        }
        deletable["dop"] = try await achievement(clubMember, by: zavuch, status: .verified, file: false).0
        func link(_ token: String) async throws -> UUID {
            let l = ShareLink()
            l.schoolID = DemoSchool.schoolID; l.$pupil.id = own; l.tokenHash = TokenHash.of(token)
            l.expiresOn = LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!).adding(days: 30); l.includeResults = false
            l.createdBy = parent
            try await l.create(on: db)
            return l.id!
        }
        let token = "matrix-share-token-0123456789abcdef"
        _ = try await link(token)
        let shareOwn = try await link("matrix-share-token-to-revoke-000000")
        let c = Consent()
        c.schoolID = DemoSchool.schoolID; c.$pupil.id = own; c.$guardian.id = parent; c.purpose = "publish_olympiad"
        c.givenOn = LocalDate("2026-09-01")!; c.recordedBy = parent
        try await c.create(on: db)
        let year = try await AcademicYear.query(on: db).filter(\.$schoolID == DemoSchool.schoolID).first()!
        let r = IndividualRoute()
        r.schoolID = DemoSchool.schoolID; r.$pupil.id = own; r.$academicYear.id = year.id!; r.goals = "Цели"; r.notes = ""; r.createdBy = teacher
        try await r.create(on: db)
        let s = RouteStep()
        s.schoolID = DemoSchool.schoolID; s.$route.id = r.id!; s.title = "Шаг"; s.responsible = "Классный руководитель"; s.outcome = ""
        s.createdBy = teacher
        try await s.create(on: db)
        func document(_ pupil: UUID, school: UUID = DemoSchool.schoolID, by: UUID, number: Int) async throws -> IssuedDocument {
            let d = IssuedDocument()
            d.schoolID = school; d.$pupil.id = pupil; d.kind = .spravka; d.year = 2026; d.registerNumber = number
            d.issuedOn = LocalDate("2026-11-02")!; d.sha256 = try app.blobs.put(Data("%PDF-1.4 matrix \(number) \(school)".utf8))
            d.signerName = "Соколова Е. В."; d.verificationToken = CSRF.randomToken(bytes: 18); d.createdBy = by
            try await d.create(on: db)
            return d
        }
        let docOwn = try await document(own, by: zavuch, number: 901)
        let docForeign = try await document(foreign, by: zavuch, number: 902)
        let docOther = try await document(other.pupilID, school: other.schoolID, by: other.userID, number: 903)
        let request = InformationRequest()
        request.schoolID = DemoSchool.schoolID; request.$pupil.id = own; request.$requester.id = parent; request.requesterName = "Родитель"
        request.channel = .electronic; request.receivedOn = LocalDate("2026-11-02")!; request.dueOn = LocalDate("2026-11-17")!
        request.subject = "Справка"; request.status = .open
        try await request.create(on: db)
        let award = Award()
        award.schoolID = DemoSchool.schoolID; award.$pupil.id = own; award.kind = "certificate"; award.ground = "study"
        award.title = "Грамота матрицы"; award.date = LocalDate("2026-10-02")!; award.basisDocument = "Приказ"; award.awardedBy = "Директор"
        award.createdBy = zavuch; award.shared = false
        try await award.create(on: db)
        let key = try await BadgeService(db: db, base: "http://127.0.0.1").key(DemoSchool.schoolID)
        let credential = BadgeCredential()
        credential.schoolID = DemoSchool.schoolID; credential.$pupil.id = own; credential.kind = "award"  // not linked to `award`: its badge is issued for real
        credential.keyID = key.id!; credential.title = "Грамота матрицы"; credential.jws = "matrix.matrix.matrix"; credential.issuedAt = Date()
        try await credential.create(on: db)
        let vocabOwn = try await VocabularyEntry.query(on: db).filter(\.$schoolID == DemoSchool.schoolID).filter(\.$vocabulary == .awardKind).first()!
        let vocabOther = VocabularyEntry(schoolID: other.schoolID, vocabulary: .awardKind, code: "gratitude", titleRu: "Благодарность", titleEn: "", sort: 0)
        try await vocabOther.create(on: db)
        return PortfolioFixtures(achievementOwn: own1, achievementClub: club, achievementForeign: foreign1, achievementOther: other1,
                                 deletable: deletable, fileOwn: fileOwn!, fileClub: fileClub!, fileForeign: fileForeign!,
                                 fileOther: fileOther!, fileShared: fileShared!, shareToken: token, shareOwn: shareOwn,
                                 consentOwn: c.id!, stepOwn: s.id!, vocabularyOwn: vocabOwn.id!, vocabularyOther: vocabOther.id!,
                                 documentOwn: docOwn.id!, documentForeign: docForeign.id!, documentOther: docOther.id!,
                                 documentToken: docOwn.verificationToken, requestOwn: request.id!,
                                 awardOwn: award.id!, keyOwn: key.id!, credentialOwn: credential.id!)
    }
}

extension AuthorizationMatrixTests {
    static func portfolioPart(_ part: String, route: String, who: Who, variant v: Variant, _ f: Fixtures) -> String {
        let p = f.p
        switch part {
        case ":achievementID":
            if route.hasSuffix("/delete") {
                switch v {
                case .own: return (p.deletable[who == .director ? "director" : who == .zavuch ? "zavuch" : who == .dop ? "dop" : "others"]!).uuidString
                case .otherSchool: return p.achievementOther.uuidString
                default: return "achievement"
                }
            }
            switch v {
            case .own: return (who == .dop ? p.achievementClub : p.achievementOwn).uuidString
            case .foreign: return p.achievementForeign.uuidString
            case .otherSchool: return p.achievementOther.uuidString
            case .malformed: return "achievement"
            }
        case ":attachmentID":
            if route.hasPrefix("GET /share/") { return v == .own ? p.fileShared.uuidString : p.fileForeign.uuidString }
            switch v {
            case .own: return (who == .dop ? p.fileClub : p.fileOwn).uuidString
            case .foreign: return p.fileForeign.uuidString
            case .otherSchool: return p.fileOther.uuidString
            case .malformed: return "file"
            }
        case ":token" where route.hasPrefix("GET /verify/"): return v == .own ? p.documentToken : "no-such-document-000000000000"
        case ":token": return v == .own ? p.shareToken : "no-such-token-000000000000000"
        case ":tokenID": return v == .malformed ? "token" : UUID().uuidString
        case ":requestID": return v == .malformed ? "request" : v == .otherSchool ? UUID().uuidString : p.requestOwn.uuidString
        case ":documentID":
            switch v {
            case .own: return p.documentOwn.uuidString
            case .foreign: return p.documentForeign.uuidString
            case .otherSchool: return p.documentOther.uuidString
            case .malformed: return "document"
            }
        case ":shareID": return v == .malformed ? "share" : v == .otherSchool ? UUID().uuidString : p.shareOwn.uuidString
        case ":consentID": return v == .malformed ? "consent" : v == .otherSchool ? UUID().uuidString : p.consentOwn.uuidString
        case ":stepID": return v == .malformed ? "step" : v == .otherSchool ? UUID().uuidString : p.stepOwn.uuidString
        case ":awardID": return v == .malformed ? "award" : v == .otherSchool ? UUID().uuidString : p.awardOwn.uuidString
        case ":schoolID": return v == .malformed ? "school" : v == .otherSchool ? f.other.schoolID.uuidString : DemoSchool.schoolID.uuidString
        case ":keyID": return v == .malformed ? "key" : v == .otherSchool ? UUID().uuidString : p.keyOwn.uuidString
        case ":credentialID": return v == .malformed ? "credential" : v == .otherSchool ? UUID().uuidString : p.credentialOwn.uuidString
        default: return part
        }
    }

    static let all4: [Variant] = [.own, .foreign, .otherSchool, .malformed]
    static let leaders: Set<Who> = [.director, .zavuch]

    /// A record of a pupil: readers of its kind see it (200 or `ok`), readers who may not write get 403, the rest 404.
    /// `foreign`: what the school's leadership (who reach every pupil) gets for a pupil outside the others' reach.
    static func record(_ who: Who, _ v: Variant, readers: Set<Who>, writers: Set<Who>, ok: HTTPStatus, foreign: HTTPStatus? = nil,
                       get: Bool) -> HTTPStatus {
        if who == .anonymous { return get ? signedInGet : signedInPost }
        switch v {
        case .own: return writers.contains(who) ? ok : readers.contains(who) ? .forbidden : .notFound
        case .foreign:
            guard leaders.contains(who) else { return who == .admin && readers.contains(.admin) ? .forbidden : .notFound }
            return writers.contains(who) ? (foreign ?? ok) : .forbidden
        default: return .notFound
        }
    }

    /// Who reads achievements and the portfolio of the own pupil (the club teacher: of their club member).
    static let achievementReaders: Set<Who> = [.director, .zavuch, .teacher, .english, .dop, .parent, .pupil]

    static func achievementForm(_ v: Variant) -> [String: String] {
        // Outside the own variant the form is invalid: a leader reaching the pupil is refused (422) and nothing is written.
        ["title": v == .own ? "Олимпиада матрицы" : "", "section": "study", "kind": "olympiad", "level": "school",
         "result": "participant", "starts_on": "2026-10-01"]
    }

    static let portfolio: [String: Spec] = [
        "GET /pupils/:pupilID/achievements/new": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders.subtracting([.pupil]), ok: .ok, get: true)
        },
        "POST /pupils/:pupilID/achievements": Spec(variants: all4, expect: { who, v in
            // A parent's record must come with a scan (422); the school's staff record (303).
            if who == .parent && v == .own { return .unprocessableEntity }
            return record(who, v, readers: achievementReaders, writers: achievementReaders.subtracting([.pupil]), ok: .seeOther,
                          foreign: .unprocessableEntity, get: false)
        }, body: { _, v, _ in achievementForm(v) }),
        "GET /achievements/:achievementID": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "POST /achievements/:achievementID/verify": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: leaders, ok: .seeOther, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /achievements/:achievementID/reject": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: leaders, ok: .seeOther, get: false)
        }, body: { _, _, _ in ["reason": "Проверка матрицы"] }),
        "POST /achievements/:achievementID/evidence": Spec(variants: all4, expect: { who, v in
            // No file in the form: 422 for those who may add one; the family adds files to its own external records only.
            record(who, v, readers: achievementReaders, writers: [.director, .zavuch, .teacher, .english, .dop], ok: .unprocessableEntity,
                   get: false)
        }, body: { _, _, _ in [:] }),
        "POST /achievements/:achievementID/delete": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            return record(who, v, readers: achievementReaders, writers: leaders, ok: .seeOther, get: false)
        }, body: { _, _, _ in [:] }),
        // Open Badges: the award's badge for those who read awards; a confirmed (not verified) achievement gets none (422).
        "GET /pupils/:pupilID/awards/:awardID/badge": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            let readers: Set<Who> = [.director, .zavuch, .teacher, .english, .parent, .pupil]
            return record(who, v, readers: readers, writers: readers, ok: .ok, get: true)
        },
        "GET /pupils/:pupilID/achievements/:achievementID/badge": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .unprocessableEntity, get: true)
        },
        "GET /pupils/:pupilID/clr": Spec(variants: [.own, .otherSchool, .malformed]) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "POST /ob/credentials/:credentialID/revoke": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            // Whoever reads the child's awards but may not revoke is refused; a credential out of reach is not found.
            guard leaders.contains(who) else { return v == .own && [.teacher, .english, .parent, .pupil].contains(who) ? .forbidden : .notFound }
            return v == .own ? .seeOther : .notFound
        }, body: { _, _, _ in ["reason": "Проверка матрицы"] }),
        // What a verifier fetches: public, and only what exists.
        "GET /ob/issuers/:schoolID": Spec(variants: [.own, .otherSchool, .malformed]) { _, v in v == .malformed ? .notFound : .ok },
        "GET /ob/issuers/:schoolID/jwks": Spec(variants: [.own, .otherSchool, .malformed]) { _, v in v == .malformed ? .notFound : .ok },
        "GET /ob/issuers/:schoolID/revocations": Spec(variants: [.own, .otherSchool, .malformed]) { _, v in v == .malformed ? .notFound : .ok },
        "GET /ob/issuers/:schoolID/keys/:keyID": Spec(variants: [.own, .otherSchool, .malformed]) { _, v in v == .own ? .ok : .notFound },
        "GET /ob/credentials/:credentialID": Spec(variants: [.own, .otherSchool, .malformed]) { _, v in v == .own ? .ok : .notFound },
        "GET /pupils/:pupilID/portfolio": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "GET /pupils/:pupilID/portfolio/print": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "GET /pupils/:pupilID/portfolio/pdf": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "POST /pupils/:pupilID/portfolio/visibility": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: [.parent], ok: .seeOther, get: false)
        }, body: { _, _, _ in [:] }),
        "POST /pupils/:pupilID/works": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: [.teacher, .dop], ok: .seeOther, get: false)
        }, body: { who, _, _ in ["section": "my_creativity", "title": "Работа матрицы \(who.rawValue)", "date": "2026-10-01"] }),
        "POST /pupils/:pupilID/shares": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: [.parent], ok: .seeOther, get: false)
        }, body: { _, _, _ in ["expires_on": LocalDate.today(in: TimeZone(identifier: "Europe/Moscow")!).adding(days: 7).iso] }),
        "POST /pupils/:pupilID/shares/:shareID/revoke": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: achievementReaders, writers: [.parent], ok: .seeOther, get: false)
        }, body: { _, _, _ in [:] }),
        // A link the family gave: the same page for everyone who holds it, signed in or not.
        "GET /share/:token": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .ok : .notFound },
        "GET /share/:token/files/:attachmentID": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .ok : .notFound },
        "GET /files/:attachmentID": Spec(variants: all4) { who, v in
            record(who, v, readers: achievementReaders, writers: achievementReaders, ok: .ok, get: true)
        },
        "GET /pupils/:pupilID/awards/new": Spec(variants: all4) { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .english, .parent, .pupil], writers: leaders, ok: .ok, get: true)
        },
        "POST /pupils/:pupilID/awards": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .english, .parent, .pupil], writers: leaders, ok: .seeOther,
                   foreign: .unprocessableEntity, get: false)
        }, body: { _, v, _ in
            ["kind": "certificate", "ground": "study", "title": v == .own ? "Грамота матрицы" : "", "date": "2026-10-02",
             "order_number": "1-м", "order_date": "2026-10-01", "awarded_by": "Директор"]
        }),
        "GET /awards": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "POST /awards": Spec(variants: [.own, .foreign, .otherSchool], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard leaders.contains(who) else { return .forbidden }
            switch v {
            case .own: return .seeOther
            case .foreign: return .unprocessableEntity   // no wording: refused before anything is written
            default: return .notFound                   // another school's pupil is not found
            }
        }, body: { _, v, f in
            ["kind": "gratitude", "ground": "social", "title": v == .foreign ? "" : "Благодарность матрицы", "date": "2026-10-02",
             "order_number": "2-м", "order_date": "2026-10-01", "awarded_by": "Директор",
             "pupils[]": (v == .own ? f.ownPupil : v == .foreign ? f.foreignPupil : f.other.pupilID).uuidString]
        }),
        "POST /pupils/:pupilID/consents": Spec(variants: all4, expect: { who, v in
            if who == .anonymous { return signedInPost }
            let readers: Set<Who> = [.admin, .director, .zavuch, .teacher, .parent]
            switch v {
            case .own:
                if who == .parent { return .seeOther }
                // Staff must name the legal representative whose paper consent they record.
                if [.director, .zavuch, .teacher].contains(who) { return .unprocessableEntity }
                return readers.contains(who) ? .forbidden : .notFound
            case .foreign: return leaders.contains(who) ? .unprocessableEntity : who == .admin ? .forbidden : .notFound
            default: return .notFound
            }
        }, body: { _, _, _ in ["purpose": "publish_site"] }),
        // Withdrawing a consent: a confirmation page first (what will be deleted), then the confirmed post.
        "GET /pupils/:pupilID/consents/:consentID/withdraw": Spec(variants: all4) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .teacher, .parent].contains(who) ? .ok : who == .admin ? .forbidden : .notFound
            default: return .notFound
            }
        },
        "POST /pupils/:pupilID/consents/:consentID/withdraw": Spec(variants: all4, expect: { who, v in
            if who == .anonymous { return signedInPost }
            switch v {
            case .own: return [.director, .zavuch, .teacher, .parent].contains(who) ? .ok : who == .admin ? .forbidden : .notFound
            default: return .notFound
            }
        }, body: { _, _, _ in ["confirm": "yes"] }),
        "GET /pupils/:pupilID/route": Spec(variants: all4) { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher, .parent], ok: .ok, get: true)
        },
        "POST /pupils/:pupilID/route": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher], ok: .seeOther,
                   foreign: .unprocessableEntity, get: false)
        }, body: { _, v, _ in ["goals": v == .own ? "Цели матрицы" : String(repeating: "я", count: 4001), "notes": ""] }),
        "POST /pupils/:pupilID/route/steps": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher], ok: .seeOther,
                   foreign: .unprocessableEntity, get: false)
        }, body: { _, v, _ in ["title": v == .own ? "Шаг матрицы" : "", "responsible": "Учитель"] }),
        "POST /pupils/:pupilID/route/steps/:stepID": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher], ok: .seeOther,
                   foreign: .notFound, get: false)
        }, body: { _, _, _ in ["done_on": "2026-10-10", "outcome": "Сделано"] }),
        "GET /control": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "GET /control/gifted": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "GET /settings/vocabularies": Spec { who, _ in settings(who, .ok, get: true) },
        // The справка and the register (issue 6): the leadership issues, the class teacher and the family read.
        "GET /pupils/:pupilID/documents": Spec(variants: all4) { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher, .parent], ok: .ok, get: true)
        },
        "POST /pupils/:pupilID/spravka": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: leaders, ok: .seeOther, get: false)
        }, body: { _, _, _ in [:] }),
        "GET /documents": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "GET /documents/:documentID": Spec(variants: all4) { who, v in
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director, .zavuch, .teacher, .parent], ok: .ok, get: true)
        },
        "POST /documents/:documentID/revoke": Spec(variants: all4, expect: { who, v in
            // The head, who signs, revokes; the register keeps the row (nothing is added or removed).
            record(who, v, readers: [.director, .zavuch, .teacher, .parent], writers: [.director], ok: .seeOther, get: false)
        }, body: { _, _, _ in ["reason": "Проверка матрицы"] }),
        // Parents' requests (6.3): the family files, the leadership registers, extends and answers.
        "POST /pupils/:pupilID/requests": Spec(variants: all4, expect: { who, v in
            record(who, v, readers: [.director, .zavuch, .parent], writers: [.director, .zavuch, .parent], ok: .seeOther,
                   foreign: .unprocessableEntity, get: false)
        }, body: { _, v, _ in ["subject": v == .own ? "Запрос матрицы" : "", "requester": "Родитель матрицы", "channel": "written"] }),
        // 152-ФЗ ст. 14: the family's copy of everything (the leadership may make it for them).
        "GET /pupils/:pupilID/export": Spec(variants: all4) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .parent].contains(who) ? .ok : .forbidden
            case .foreign: return leaders.contains(who) ? .ok : who == .admin ? .forbidden : .notFound
            default: return .notFound
            }
        },
        // Closing the year: the head closes (the deputy head sees the page); an empty form writes nothing.
        "GET /year": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "GET /year/close": Spec { who, _ in who == .anonymous ? signedInGet : who == .director ? .ok : .forbidden },
        "POST /year/close": Spec(expect: { who, _ in
            who == .anonymous ? signedInPost : who == .director ? .unprocessableEntity : .forbidden
        }, body: { _, _, _ in [:] }),
        // Retention: the leadership sees the plan; the head approves (nothing is due in the demo, so nothing is written).
        "GET /retention": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        // The head edits and confirms the terms (an empty form changes nothing).
        "POST /retention/rules": Spec(expect: { who, _ in
            who == .anonymous ? signedInPost : who == .director ? .seeOther : .forbidden
        }, body: { _, _, _ in [:] }),
        "POST /retention/apply": Spec(expect: { who, _ in
            who == .anonymous ? signedInPost : who == .director ? .seeOther : .forbidden
        }, body: { _, _, _ in [:] }),
        // The JSON API takes bearer tokens only: a browser's session cookie opens nothing there (APITests covers tokens).
        "GET /api/v1/openapi.yaml": Spec { _, _ in .ok },
        "GET /api/v1/classes": Spec { _, _ in .unauthorized },
        "GET /api/v1/pupils": Spec { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/achievements": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/awards": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/marks": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/period-marks": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/documents": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/consents": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/portfolio": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/pupils/:pupilID/requests": Spec(variants: all4) { _, _ in .unauthorized },
        "GET /api/v1/journals": Spec { _, _ in .unauthorized },
        "GET /api/v1/journals/:journalID/lessons": Spec(variants: [.own, .malformed]) { _, _ in .unauthorized },
        // No cookie session reaches the API, so the CSRF check answers first: 401 for everyone.
        "POST /api/v1/lessons/:lessonID/marks": Spec(variants: [.own, .malformed], expect: { _, _ in .unauthorized },
                                                     body: { _, _, f in ["pupil": f.ownPupil.uuidString, "value": "5"] }),
        // Tokens on the account page: everyone signed in manages their own.
        "GET /account/tokens": Spec { who, _ in who == .anonymous ? signedInGet : .ok },
        "POST /account/tokens": Spec(expect: { who, _ in who == .anonymous ? signedInPost : .unprocessableEntity },
                                     body: { _, _, _ in ["name": ""] }),
        "POST /account/tokens/:tokenID/revoke": Spec(variants: [.otherSchool, .malformed], expect: { who, _ in
            who == .anonymous ? signedInPost : .notFound
        }, body: { _, _, _ in [:] }),
        "GET /requests": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "POST /requests/:requestID/extend": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard leaders.contains(who) else { return .forbidden }
            return v == .own ? .unprocessableEntity : .notFound   // no reason given: refused, nothing written
        }, body: { _, _, _ in ["reason": ""] }),
        "POST /requests/:requestID/answer": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            if who == .anonymous { return signedInPost }
            guard leaders.contains(who) else { return .forbidden }
            return v == .own ? .seeOther : .notFound
        }, body: { _, _, _ in ["note": "Ответ матрицы"] }),
        "GET /verify/:token": Spec(variants: [.own, .malformed]) { _, v in v == .own ? .ok : .notFound },
        // Spreadsheets: the whole class's period marks for the leadership and the class teacher; a journal for whoever reads it.
        "GET /classes/:classID/summary": Spec(variants: all4) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.director, .zavuch, .teacher].contains(who) ? .ok : [.admin, .english].contains(who) ? .forbidden : .notFound
            case .foreign: return leaders.contains(who) ? .ok : who == .admin ? .forbidden : .notFound
            default: return .notFound
            }
        },
        "GET /summary": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "GET /journals/class/:journalID/export": Spec(variants: all4) { who, v in
            if who == .anonymous { return signedInGet }
            switch v {
            case .own: return [.teacher, .english, .director, .zavuch].contains(who) ? .ok : .notFound
            case .foreign: return leaders.contains(who) ? .ok : .notFound
            default: return .notFound
            }
        },
        // Analytics: the leadership (their reach) and class teachers (their class).
        "GET /analytics": Spec { who, _ in who == .anonymous ? signedInGet : [.director, .zavuch, .teacher].contains(who) ? .ok : .forbidden },
        "GET /achievements": Spec { who, _ in who == .anonymous ? signedInGet : leaders.contains(who) ? .ok : .forbidden },
        "POST /settings/vocabularies": Spec(expect: { who, _ in settings(who, .seeOther, get: false) },
                                            body: { who, _, _ in ["vocabulary": "award_kind", "title_ru": "Поощрение матрицы \(who.rawValue)"] }),
        "POST /settings/vocabularies/:id": Spec(variants: [.own, .otherSchool, .malformed], expect: { who, v in
            settings(who, v == .own ? .seeOther : .notFound, get: false)
        }, body: { _, _, _ in ["title_ru": "Благодарность", "title_en": "Gratitude", "active": "on"] }),
    ]
}
