import Crypto
import Domain
import Fluent
import Foundation
import Vapor

/// Files (scans of diplomas, photos of works, presentations) stored by content: `blobs/ab/cdef…` under the data
/// directory, named by their SHA-256. The bytes are written to a temporary file and renamed into place, so a
/// crash never leaves half a blob under a real name; a blob no attachment row refers to is removed.
struct BlobStore: Sendable {
    let root: String

    init(dataDirectory: String) { root = (dataDirectory as NSString).appendingPathComponent("blobs") }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    func path(_ sha: String) -> String {
        "\(root)/\(sha.prefix(2))/\(sha)"
    }

    /// Stores the bytes (once per content) and returns their hash.
    @discardableResult
    func put(_ data: Data) throws -> String {
        let sha = Self.sha256(data)
        let target = path(sha)
        let fm = FileManager.default
        if fm.fileExists(atPath: target) { return sha }
        let dir = (target as NSString).deletingLastPathComponent
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let tmpDir = root + "/tmp"
        try fm.createDirectory(atPath: tmpDir, withIntermediateDirectories: true)
        let tmp = tmpDir + "/" + UUID().uuidString
        try data.write(to: URL(fileURLWithPath: tmp), options: .atomic)
        if rename(tmp, target) != 0 {
            try? fm.removeItem(atPath: tmp)
            if !fm.fileExists(atPath: target) { throw Abort(.internalServerError, reason: "не удалось сохранить файл") }
        }
        return sha
    }

    func get(_ sha: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path(sha)))
    }

    func exists(_ sha: String) -> Bool { FileManager.default.fileExists(atPath: path(sha)) }

    /// Removes the blobs of `hashes` that no attachment row (of any school) refers to any more.
    func collect(_ hashes: Set<String>, on db: any Database) async throws {
        guard !hashes.isEmpty else { return }
        // Attachments and the frozen copies of issued documents share the store: a file goes when neither names it.
        let used = Set(try await Attachment.query(on: db).filter(\.$sha256 ~~ Array(hashes)).all().map(\.sha256))
            .union(try await IssuedDocument.query(on: db).filter(\.$sha256 ~~ Array(hashes)).all().map(\.sha256))
        for sha in hashes.subtracting(used) { try? FileManager.default.removeItem(atPath: path(sha)) }
    }

    /// All blob hashes on disk (tests and the backup use it).
    func all() -> [String] {
        let fm = FileManager.default
        guard let dirs = try? fm.contentsOfDirectory(atPath: root) else { return [] }
        // Only the two-letter folders of hashes: thumbnails and temporary files are not blobs.
        return dirs.filter { $0.count == 2 }.flatMap { (try? fm.contentsOfDirectory(atPath: root + "/" + $0)) ?? [] }
            .filter { $0.count == 64 }.sorted()
    }
}

extension Application {
    var blobs: BlobStore { BlobStore(dataDirectory: kopilkaConfig.dataDirectory) }
}

/// An upload checked before anything is stored: not empty, within the size limit, of a kind told by its bytes.
struct CheckedUpload {
    let data: Data
    let type: SniffedType
    let name: String

    enum Problem: Error {
        case empty, tooLarge(limitMB: Int), unsupported(String)
        func message(_ req: Request) -> String {
            switch self {
            case .empty: return req.t("upload.error.empty")
            case .tooLarge(let mb): return req.t("upload.error.too_large", String(mb))
            case .unsupported(let what): return req.t("upload.error.type", what)
            }
        }
    }

    static func check(_ file: File, limit: Int) -> Result<CheckedUpload, Problem> {
        let size = file.data.readableBytes
        guard size > 0 else { return .failure(.empty) }
        guard size <= limit else { return .failure(.tooLarge(limitMB: limit >> 20)) }
        let data = Data(buffer: file.data)
        guard let type = FileSniffer.sniff(data) else { return .failure(.unsupported(FileSniffer.describe(data))) }
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
