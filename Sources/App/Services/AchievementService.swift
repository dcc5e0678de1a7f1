import Domain
import Fluent
import Vapor

/// Recording, verifying and removing achievements (3.2.2, 5.1, 5.2), each change in one transaction with its
/// audit event; blobs that lose their last reference are removed after the commit.
enum AchievementService {
    static let externalPurpose = "external_achievements"

    /// The pupil's live consent for recording achievements from other organisations (5.1), if any.
    static func externalConsent(on db: any Database, schoolID: UUID, pupilID: UUID) async throws -> Consent? {
        try await Consent.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$purpose == externalPurpose).filter(\.$withdrawnOn == nil).sort(\.$givenOn, .descending).first()
    }

    /// Whether `userID` is a legal representative of the pupil (only they give consent, 152-ФЗ ст. 9).
    static func isLegalRepresentative(on db: any Database, schoolID: UUID, pupilID: UUID, userID: UUID, on date: LocalDate) async throws -> Bool {
        try await GuardianLink.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$user.$id == userID).filter(\.$legalRepresentative == true).all()
            .contains { ($0.validFrom.map { $0 <= date } ?? true) && ($0.validTo.map { date <= $0 } ?? true) }
    }

    /// Deletes achievements with their evidence links, award links and attachment rows (in the caller's transaction);
    /// returns the blob hashes to collect after the commit.
    static func delete(_ achievements: [Achievement], on db: any Database) async throws -> Set<String> {
        let ids = achievements.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let evidence = try await AchievementEvidence.query(on: db).filter(\.$achievement.$id ~~ ids).with(\.$attachment).all()
        try await AchievementEvidence.query(on: db).filter(\.$achievement.$id ~~ ids).delete()
        try await AwardAchievement.query(on: db).filter(\.$achievement.$id ~~ ids).delete()
        let attachmentIDs = evidence.map { $0.$attachment.id }
        // An attachment shared with another record (a work, another achievement) stays.
        let stillUsed = Set(try await AchievementEvidence.query(on: db).filter(\.$attachment.$id ~~ attachmentIDs).all().map { $0.$attachment.id }
            + (try await PortfolioArtefact.query(on: db).filter(\.$attachment.$id ~~ attachmentIDs).all().compactMap { $0.$attachment.id }))
        let orphans = evidence.map(\.attachment).filter { !stillUsed.contains($0.id!) }
        if !orphans.isEmpty { try await Attachment.query(on: db).filter(\.$id ~~ orphans.compactMap(\.id)).delete() }
        try await Achievement.query(on: db).filter(\.$id ~~ ids).delete()
        // A badge issued for a deleted achievement no longer stands: it goes on the revocation list.
        try await BadgeCredential.query(on: db).filter(\.$achievementID ~~ ids).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date()).set(\.$revocationReason, to: "достижение удалено из портфолио").update()
        return Set(orphans.map(\.sha256))
    }

    struct Removal: Encodable {
        let title: String
        let dates: String
        let files: Int
    }

    /// The records withdrawing `consent` deletes — the pupil's achievements from other organisations, with their file
    /// counts — or nil when another legal representative's live consent for them keeps them. One answer for the
    /// confirmation page and the withdrawal itself.
    static func externalRecords(of consent: Consent, on db: any Database) async throws -> (achievements: [Achievement], files: [UUID: Int])? {
        let other = try await Consent.query(on: db).filter(\.$schoolID == consent.schoolID).filter(\.$pupil.$id == consent.$pupil.id)
            .filter(\.$purpose == externalPurpose).filter(\.$withdrawnOn == nil).filter(\.$id != consent.id!).count()
        if other > 0 { return nil }
        let external = try await Achievement.query(on: db).filter(\.$schoolID == consent.schoolID)
            .filter(\.$pupil.$id == consent.$pupil.id).filter(\.$origin == .external).sort(\.$startsOn).all()
        let files = Dictionary(grouping: try await AchievementEvidence.query(on: db)
            .filter(\.$achievement.$id ~~ external.compactMap(\.id)).all(), by: { $0.$achievement.id }).mapValues(\.count)
        return (external, files)
    }

    static func removals(_ records: (achievements: [Achievement], files: [UUID: Int])) -> [Removal] {
        records.achievements.map { Removal(title: $0.title, dates: $0.startsOn.russian, files: records.files[$0.id!] ?? 0) }
    }

    /// What withdrawing `consent` would delete, read before the family confirms (`keptByAnother`: nothing goes).
    static func withdrawalPreview(_ consent: Consent, on db: any Database) async throws -> (removals: [Removal], keptByAnother: Bool) {
        guard consent.purpose == externalPurpose, consent.withdrawnOn == nil else { return ([], false) }
        guard let records = try await externalRecords(of: consent, on: db) else { return ([], true) }
        return (removals(records), false)
    }

    /// 5.1: consent withdrawn — the pupil's records from other organisations and their files go, with an audit event
    /// for each; returns what was removed so the family is told.
    static func withdraw(_ consent: Consent, req: Request, today: LocalDate) async throws -> [Removal] {
        let (removed, hashes): ([Removal], Set<String>) = try await req.db.writeTransaction { tx in
            // Decided on the committed row under the consent's lock: a second confirmation at once withdraws nothing more.
            try await tx.lock("consent:\(consent.id!)")
            guard let fresh = try await Consent.find(consent.id, on: tx), fresh.withdrawnOn == nil else { return ([], []) }
            consent.withdrawnOn = today
            try await consent.save(on: tx)
            try await AuditLog.append(try req.audit, on: tx, action: "withdraw", objectKind: "consent", objectID: consent.id,
                                      pupilID: consent.$pupil.id, details: consent.purpose)
            // Another legal representative's live consent keeps the records.
            guard consent.purpose == externalPurpose, let records = try await externalRecords(of: consent, on: tx) else { return ([], []) }
            for a in records.achievements {
                try await AuditLog.append(try req.audit, on: tx, action: "delete", objectKind: "achievement", objectID: a.id, pupilID: a.$pupil.id,
                                          details: "отзыв согласия: «\(a.title)», файлов: \(records.files[a.id!] ?? 0)")
            }
            let hashes = try await delete(records.achievements, on: tx)
            return (removals(records), hashes)
        }
        try await req.application.blobs.collect(hashes, on: req.db)
        return removed
    }
}
