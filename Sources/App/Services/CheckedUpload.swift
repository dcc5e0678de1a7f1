import Crypto
import Domain
import Fluent
import Foundation
import Vapor

/// An upload checked before anything is stored: not empty, within the size limit, of a kind told by its bytes.
/// The file stays where the form put it (on disk); storing it renames it into the blob store.
struct CheckedUpload {
    let file: UploadForm.FileField
    let type: SniffedType
    let name: String
    var size: Int { file.size }
    var sha256: String { file.sha256 }

    enum Problem: Error {
        case empty, tooLarge(limitMB: Int), unsupported(String)
        case tooManyPixels(width: Int, height: Int, limitMP: Int), unreadableImage
        func message(_ req: Request) -> String {
            switch self {
            case .tooManyPixels(let w, let h, let mp): return req.t("upload.error.pixels", "\(w) × \(h)", String(mp))
            case .unreadableImage: return req.t("upload.error.image")
            case .empty: return req.t("upload.error.empty")
            case .tooLarge(let mb): return req.t("upload.error.too_large", String(mb))
            case .unsupported(let what): return req.t("upload.error.type", what)
            }
        }
    }

    /// The limits of one installation: bytes of a file, pixels of an image.
    struct Limits: Sendable {
        let bytes: Int
        let pixels: Int
    }

    /// What the kind of a file is told from: its first megabyte (magic numbers, an image's header past its EXIF) and,
    /// for a larger file, its last 256 KB (a ZIP's central directory names its parts).
    static func probe(_ path: String, size: Int) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        let headBytes = 1 << 20, tailBytes = 256 << 10
        var data = handle.readData(ofLength: headBytes)
        if size > headBytes {
            let from = max(UInt64(headBytes), UInt64(size - tailBytes))
            try? handle.seek(toOffset: from)
            data.append(handle.readData(ofLength: tailBytes))
        }
        return data
    }

    static func check(_ file: UploadForm.FileField, limits: Limits) -> Result<CheckedUpload, Problem> {
        guard file.size > 0 else { return .failure(.empty) }
        guard file.size <= limits.bytes else { return .failure(.tooLarge(limitMB: limits.bytes >> 20)) }
        let data = probe(file.path, size: file.size)
        guard let type = FileSniffer.sniff(data) else { return .failure(.unsupported(FileSniffer.describe(data))) }
        // An image is decoded later for its thumbnail: its declared size is checked now, before any decoder sees it.
        if FileSniffer.isDisplayableImage(mime: type.mime) {
            guard let header = ImageHeader.read(data), header.width > 0, header.height > 0 else { return .failure(.unreadableImage) }
            guard header.pixels <= limits.pixels else {
                return .failure(.tooManyPixels(width: header.width, height: header.height, limitMP: limits.pixels / 1_000_000))
            }
        }
        return .success(CheckedUpload(file: file, type: type, name: file.filename.isEmpty ? "file" : file.filename))
    }

    /// Runs `body` in one transaction after storing the upload (if any) as a blob with its attachment row. A file a
    /// pupil's legal representative sends counts against the family's quota (checked in the same transaction). Nothing is
    /// half-written: on any failure the rows roll back and a blob that no row refers to is removed.
    /// With `once`, the form's one-time token makes a repeated submit return `result` of the first and write nothing.
    @discardableResult
    static func transaction(_ req: Request, _ upload: CheckedUpload?, schoolID: UUID, userID: UUID, pupilID: UUID, once command: String? = nil,
                            result: String = "", _ body: @escaping @Sendable (any Database, Attachment?) async throws -> Void) async throws -> String {
        let blobs = req.application.blobs
        let quota = req.application.kopilkaConfig.familyQuotaBytes
        let refusal: @Sendable (Int) -> String = { used in
            req.t("upload.error.quota", Shown.size(used, language: req.language), Shown.size(quota, language: req.language))
        }
        let run: @Sendable (any Database) async throws -> String = { tx in
            if let upload, let used = try await FamilyQuota.exceeded(on: tx, pupilID: pupilID, uploader: userID, adding: upload.size, limit: quota) {
                throw Abort(.unprocessableEntity, reason: refusal(used))
            }
            let stored = try await upload?.store(on: tx, blobs: blobs, schoolID: schoolID, uploadedBy: userID)
            try await body(tx, stored)
            return result
        }
        do {
            if let command { return try await OneTime.run(req, command: command, run) }
            return try await req.db.writeTransaction(run)
        } catch {
            if let upload { try? await blobs.collect([upload.sha256], on: req.db) }
            throw error
        }
    }

    /// Writes the blob and its attachment row (inside the caller's transaction).
    func store(on db: any Database, blobs: BlobStore, schoolID: UUID, uploadedBy: UUID) async throws -> Attachment {
        let sha = try blobs.put(file: file.path, sha256: file.sha256)
        let a = Attachment()
        a.schoolID = schoolID; a.sha256 = sha; a.mime = type.mime; a.size = file.size
        a.originalName = name; a.uploadedBy = uploadedBy
        try await a.create(on: db)
        return a
    }
}

extension Request {
    /// The installation's upload limits (`KOPILKA_MAX_UPLOAD_MB`, `KOPILKA_MAX_IMAGE_MEGAPIXELS`).
    var uploadLimits: CheckedUpload.Limits {
        let c = application.kopilkaConfig
        return .init(bytes: c.maxUploadBytes, pixels: c.maxImagePixels)
    }
}
