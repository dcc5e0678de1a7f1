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
        Hex.string(SHA256.hash(data: data))
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

    /// Stores a file already on disk under `root/tmp` (an upload, hashed as it arrived) by renaming it into place.
    /// The file is gone afterwards either way: moved, or dropped because the same content is stored already.
    @discardableResult
    func put(file: String, sha256 sha: String) throws -> String {
        let target = path(sha)
        let fm = FileManager.default
        if fm.fileExists(atPath: target) { try? fm.removeItem(atPath: file); return sha }
        try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if rename(file, target) != 0 {
            if !fm.fileExists(atPath: target) { throw Abort(.internalServerError, reason: "не удалось сохранить файл") }
            try? fm.removeItem(atPath: file)
        }
        return sha
    }

    /// Removes what uploads left in `root/tmp` over `age` seconds ago: files of a process stopped mid-upload (an
    /// upload in progress writes its file within seconds). Returns how many were removed.
    @discardableResult
    func sweepTemporary(olderThan age: TimeInterval = 86_400, now: Date = Date()) -> Int {
        let fm = FileManager.default
        let dir = root + "/tmp"
        var removed = 0
        for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] {
            let path = dir + "/" + name
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
                  now.timeIntervalSince(modified) > age else { continue }
            if (try? fm.removeItem(atPath: path)) != nil { removed += 1 }
        }
        return removed
    }

    /// `serve` sweeps the uploads' temporary folder when it starts.
    struct SweepOnStart: LifecycleHandler {
        func didBootAsync(_ app: Application) async throws {
            let n = app.blobs.sweepTemporary()
            if n > 0 { app.logger.notice("Удалены оставшиеся от прерванных загрузок временные файлы: \(n)") }
        }
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
