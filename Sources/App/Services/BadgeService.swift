import Credentials
import Crypto
import Domain
import Fluent
import Foundation

/// Open Badges 3.0 credentials for awards and verified achievements, and a CLR 2.0 extract of a pupil's year, signed
/// with the school's key (VC-JWT, RS256). The pupil is named nowhere: the subject is a salted hash of the pupil's
/// record id. A credential is frozen when first issued; every later download is the same signed document.
struct BadgeService {
    enum Failure: Error { case notEligible(String) }

    let db: any Database
    let base: String

    // MARK: The issuer

    static func issuerPath(_ schoolID: UUID) -> String { RouteTable.obIssuer.path(schoolID.uuidString.lowercased()) }

    func issuerURL(_ schoolID: UUID) -> String { base + Self.issuerPath(schoolID) }
    func keyURL(_ schoolID: UUID, _ keyID: UUID) -> String { base + RouteTable.obIssuersKey.path(schoolID, keyID) }
    func statusURL(_ schoolID: UUID) -> String { base + RouteTable.obIssuersRevocations.path(schoolID) }
    func credentialURL(_ id: UUID) -> String { base + RouteTable.obCredential.path(id.uuidString.lowercased()) }

    func issuer(_ school: School) -> OpenBadge.Issuer {
        OpenBadge.Issuer(id: issuerURL(school.id!), name: school.name, url: base,
                         description: "Образовательная организация. ИНН \(school.inn), ОГРН \(school.ogrn). \(school.address)")
    }

    /// The school's key, made on first use (one per school; a concurrent first use finds the other's key).
    func key(_ schoolID: UUID) async throws -> SigningKey { try await SigningKey.of(schoolID, on: db) }

    func signer(_ key: SigningKey) throws -> CredentialSigner {
        try CredentialSigner(privateKeyPEM: key.privatePEM, keyURL: keyURL(key.schoolID, key.id!))
    }

    // MARK: Issuing

    /// Random, hex: the salt of the subject's identity hash, new for every credential.
    static func salt() -> String { (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined() }

    static func achievementType(kind: String) -> String {
        switch kind {
        case "membership": return "Membership"
        case "activity": return "CoCurricular"
        case "project": return "Assignment"
        default: return "Award"
        }
    }

    /// The signed credential of an award, issued on first request.
    func credential(award: Award, school: School, language: String) async throws -> BadgeCredential {
        if let c = try await BadgeCredential.query(on: db).filter(\.$schoolID == school.id!).filter(\.$awardID == award.id!)
            .filter(\.$revokedAt == nil).first() { return c }
        let vocab = try await Vocabulary.load(db, schoolID: school.id!, [.awardKind, .awardGround], language: language)
        let kind = vocab.title(.awardKind, award.kind), ground = vocab.title(.awardGround, award.ground)
        let linked = try await AwardAchievement.query(on: db).filter(\.$award.$id == award.id!).with(\.$achievement).all().map(\.achievement.title)
        let id = UUID()
        let basis = [award.basisDocument, award.orderNumber.map { "приказ № \($0)" + (award.orderDate.map { " от \($0.russian)" } ?? "") }]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        let a = OpenBadge.Award(
            credentialID: credentialURL(id), issuer: issuer(school),
            achievementID: RouteTable.badgeAchievementID(issuer: issuerURL(school.id!), "award-\(award.kind)"),
            name: "\(kind): \(award.title)", description: "\(kind) — \(ground). \(award.title).",
            criteria: "Поощрение обучающегося по решению \(award.awardedBy.isEmpty ? "школы" : award.awardedBy) (положение, раздел 3.3): \(ground).",
            achievementType: "Award", fieldOfStudy: nil, tags: [kind, ground], awardedOn: award.date.iso, activityStart: nil, activityEnd: nil,
            validFrom: Date(), subjectIdentifier: "urn:uuid:" + award.$pupil.id.uuidString.lowercased(), salt: Self.salt(),
            results: [], evidence: (basis.isEmpty ? [] : [OpenBadge.Evidence(name: "Основание", description: basis)])
                + linked.map { OpenBadge.Evidence(name: "Достижение", description: $0) },
            statusListURL: statusURL(school.id!), image: nil)
        return try await issue(id: id, kind: "award", pupilID: award.$pupil.id, schoolID: school.id!, title: a.name,
                               credential: OpenBadge.credential(a)) { $0.awardID = award.id }
    }

    /// The signed credential of a verified achievement (only verified ones: the school vouches for what it signs).
    func credential(achievement: Achievement, school: School, language: String) async throws -> BadgeCredential {
        guard achievement.status == .verified else {
            throw Failure.notEligible("Открытый бейдж выдаётся только на достижение, проверенное заместителем директора.")
        }
        if let c = try await BadgeCredential.query(on: db).filter(\.$schoolID == school.id!).filter(\.$achievementID == achievement.id!)
            .filter(\.$revokedAt == nil).first() { return c }
        let vocab = try await Vocabulary.load(db, schoolID: school.id!, [.achievementKind, .achievementLevel, .achievementResult, .achievementSection],
                                              language: language)
        let result = vocab.title(.achievementResult, achievement.result) + (achievement.place.map { ", \($0)" } ?? "")
        let level = vocab.title(.achievementLevel, achievement.level)
        let kind = vocab.title(.achievementKind, achievement.kind)
        let subject = try await achievement.$subject.get(on: db)?.name
        let files = try await AchievementEvidence.query(on: db).filter(\.$achievement.$id == achievement.id!).with(\.$attachment).all()
        let id = UUID()
        let issuerID = issuerURL(school.id!)
        let a = OpenBadge.Award(
            credentialID: credentialURL(id), issuer: issuer(school),
            achievementID: RouteTable.badgeAchievementID(issuer: issuerID, achievement.id!.uuidString.lowercased()),
            name: "\(result): \(achievement.title)",
            description: "\(kind), \(level.lowercased()) уровень\(achievement.organiser.map { ", организатор — \($0)" } ?? "").",
            criteria: "Результат подтверждён документом организатора и проверен школой (положение, п. 5.2)."
                + (achievement.inDecree1239List ? " Мероприятие входит в перечень по постановлению Правительства РФ № 1239." : ""),
            achievementType: Self.achievementType(kind: achievement.kind), fieldOfStudy: subject,
            tags: [vocab.title(.achievementSection, achievement.section), kind, level],
            awardedOn: (achievement.endsOn ?? achievement.startsOn).iso, activityStart: achievement.startsOn.iso, activityEnd: achievement.endsOn?.iso,
            validFrom: Date(), subjectIdentifier: "urn:uuid:" + achievement.$pupil.id.uuidString.lowercased(), salt: Self.salt(),
            results: [
                OpenBadge.Result(id: issuerID + "/results/result", name: "Результат",
                                 allowed: vocab.codes(.achievementResult).map { vocab.title(.achievementResult, $0) }, value: result),
                OpenBadge.Result(id: issuerID + "/results/level", name: "Уровень мероприятия",
                                 allowed: vocab.codes(.achievementLevel).map { vocab.title(.achievementLevel, $0) }, value: level),
            ],
            // Only the kind of each file: its name may carry the child's name, and the file stays in the school.
            evidence: files.map { OpenBadge.Evidence(name: "Подтверждающий документ", description: "Скан хранится в портфолио в школе (\($0.attachment.mime)).") },
            statusListURL: statusURL(school.id!), image: nil)
        return try await issue(id: id, kind: "achievement", pupilID: achievement.$pupil.id, schoolID: school.id!, title: a.name,
                               credential: OpenBadge.credential(a)) { $0.achievementID = achievement.id }
    }

    /// A CLR 2.0 extract of a school year: every award and verified achievement of the year, each an enveloped
    /// signed credential, the whole signed again. Issued anew on each request (the year may still be going on).
    func clr(pupil: Pupil, year: AcademicYear, school: School, language: String) async throws -> (record: BadgeCredential, credential: JSONValue) {
        var envelopes: [JSONValue] = []
        var achievements: [JSONValue] = []
        let awards = try await Award.query(on: db).filter(\.$schoolID == school.id!).filter(\.$pupil.$id == pupil.id!)
            .filter(\.$date >= year.startsOn).filter(\.$date <= year.endsOn).sort(\.$date).all()
        let verified = try await Achievement.query(on: db).filter(\.$schoolID == school.id!).filter(\.$pupil.$id == pupil.id!)
            .filter(\.$status == .verified).filter(\.$startsOn >= year.startsOn).filter(\.$startsOn <= year.endsOn).sort(\.$startsOn).all()
        var records: [BadgeCredential] = []
        for a in awards { records.append(try await credential(award: a, school: school, language: language)) }
        for a in verified { records.append(try await credential(achievement: a, school: school, language: language)) }
        for r in records {
            envelopes.append(["@context": .string(OpenBadge.vcContext), "id": .string("data:application/vc+jwt," + r.jws),
                              "type": "EnvelopedVerifiableCredential"])
            if let claims = Self.claims(r.jws), let achievement = claims["credentialSubject"]?["achievement"] { achievements.append(achievement) }
        }
        let id = UUID()
        let credential = OpenBadge.clr(id: credentialURL(id), issuer: issuer(school), name: "Выписка достижений за \(year.title) учебный год",
                                       subjectIdentifier: "urn:uuid:" + pupil.id!.uuidString.lowercased(), salt: Self.salt(), validFrom: Date(),
                                       credentials: envelopes, achievements: achievements, statusListURL: statusURL(school.id!))
        let record = try await issue(id: id, kind: "clr", pupilID: pupil.id!, schoolID: school.id!, title: "Выписка за \(year.title)",
                                     credential: credential) { $0.academicYearID = year.id }
        return (record, credential)
    }

    private func issue(id: UUID, kind: String, pupilID: UUID, schoolID: UUID, title: String, credential: JSONValue,
                       link: (BadgeCredential) -> Void) async throws -> BadgeCredential {
        let key = try await key(schoolID)
        let jws = try await signer(key).sign(credential)
        let c = BadgeCredential()
        c.id = id; c.schoolID = schoolID; c.$pupil.id = pupilID; c.kind = kind; c.keyID = key.id!; c.title = title; c.jws = jws
        c.issuedAt = Date()
        link(c)
        try await c.create(on: db)
        return c
    }

    /// The claims of a JWS we issued, read without checking the signature (for display and bundling only).
    static func claims(_ jws: String) -> JSONValue? {
        let parts = jws.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var b64 = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64) else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: data)
    }
}
