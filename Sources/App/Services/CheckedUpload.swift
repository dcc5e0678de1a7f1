import Crypto
import Domain
import Fluent
import Foundation
import Vapor

/// An upload checked before anything is stored: not empty, within the size limit, of a kind told by its bytes.
struct CheckedUpload {
    let data: Data
    let type: SniffedType
    let name: String

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

    static func check(_ file: File, limits: Limits) -> Result<CheckedUpload, Problem> {
        let size = file.data.readableBytes
        guard size > 0 else { return .failure(.empty) }
        guard size <= limits.bytes else { return .failure(.tooLarge(limitMB: limits.bytes >> 20)) }
        let data = Data(buffer: file.data)
        guard let type = FileSniffer.sniff(data) else { return .failure(.unsupported(FileSniffer.describe(data))) }
        // An image is decoded later for its thumbnail: its declared size is checked now, before any decoder sees it.
        if FileSniffer.isDisplayableImage(mime: type.mime) {
            guard let header = ImageHeader.read(data), header.width > 0, header.height > 0 else { return .failure(.unreadableImage) }
            guard header.pixels <= limits.pixels else {
                return .failure(.tooManyPixels(width: header.width, height: header.height, limitMP: limits.pixels / 1_000_000))
            }
        }
        let name = String(file.filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "file").prefix(200)
        return .success(CheckedUpload(data: data, type: type, name: String(name)))
    }

    /// Runs `body` in one transaction after storing the upload (if any) as a blob with its attachment row. Nothing is
    /// half-written: on any failure the rows roll back and a blob that no row refers to is removed.
    /// With `once`, the form's one-time token makes a repeated submit return `result` of the first and write nothing.
    @discardableResult
    static func transaction(_ req: Request, _ upload: CheckedUpload?, schoolID: UUID, userID: UUID, once command: String? = nil,
                            result: String = "", _ body: @escaping @Sendable (any Database, Attachment?) async throws -> Void) async throws -> String {
        let blobs = req.application.blobs
        let run: @Sendable (any Database) async throws -> String = { tx in
            let stored = try await upload?.store(on: tx, blobs: blobs, schoolID: schoolID, uploadedBy: userID)
            try await body(tx, stored)
            return result
        }
        do {
            if let command { return try await OneTime.run(req, command: command, run) }
            return try await req.db.writeTransaction(run)
        } catch {
            if let upload { try? await blobs.collect([BlobStore.sha256(upload.data)], on: req.db) }
            throw error
        }
    }

    /// Writes the blob and its attachment row (inside the caller's transaction).
    func store(on db: any Database, blobs: BlobStore, schoolID: UUID, uploadedBy: UUID) async throws -> Attachment {
        let sha = try blobs.put(data)
        let a = Attachment()
        a.schoolID = schoolID; a.sha256 = sha; a.mime = type.mime; a.size = data.count
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
