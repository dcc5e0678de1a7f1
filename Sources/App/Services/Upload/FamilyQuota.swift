import Fluent
import Foundation

/// The storage a family may fill: the files uploaded by the legal representatives of a pupil, together. Staff uploads
/// never count; a guardian of two children shares one family with both (the guardians of the pupil they upload for).
enum FamilyQuota {
    /// The family's bytes in use when `adding` more would pass `limit`; nil when it fits, when the uploader is not a
    /// guardian of the pupil, or when there is no limit (0).
    static func exceeded(on db: any Database, pupilID: UUID, uploader: UUID, adding: Int, limit: Int) async throws -> Int? {
        guard limit > 0 else { return nil }
        let guardians = try await GuardianLink.query(on: db).filter(\.$pupil.$id == pupilID).all().map { $0.$user.id }
        guard guardians.contains(uploader) else { return nil }
        // Two uploads of one family at once queue here (PostgreSQL; SQLite has one writer): the second counts the first.
        // One lock per guardian, taken in one order: a parent of two children whose other guardians differ shares
        // each of them with both uploads (one lock for the whole set would differ between the two).
        for g in guardians.map(\.uuidString).sorted() { try await db.lock("family-quota:" + g) }
        // Summed here, not by SUM(): PostgreSQL answers SUM of a bigint as numeric, which does not decode as Int.
        let used = try await Attachment.query(on: db).filter(\.$uploadedBy ~~ guardians).all(\.$size).reduce(0, +)
        return used + adding > limit ? used : nil
    }
}
