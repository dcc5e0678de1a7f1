import Foundation
import Domain
import ZIPFoundation

/// A ZIP from outside — an XLSX, a OneRoster package, a restore archive — read within limits. The entry count and
/// each entry's declared sizes are checked before anything is extracted; while an entry streams out, the bytes are
/// counted and extraction stops as soon as they pass what the entry declared or the limit (a crafted header cannot
/// lie its way past the check). A 1.5 MB zip bomb is refused after its first 64 KB of output, not after 6 GB.
struct BoundedArchive {
    struct Limits: Sendable {
        /// Entries in the central directory.
        var entries: Int
        /// One entry's uncompressed bytes.
        var entryBytes: UInt64
        /// All the entries read from one archive, together.
        var totalBytes: UInt64
        /// Uncompressed over compressed bytes: above this an entry larger than `ratioFrom` is refused.
        var ratio: UInt64
        var ratioFrom: UInt64

        /// Spreadsheets people upload (a roster of a whole school is a few MB of sheet XML).
        static let spreadsheet = Limits(entries: 1_000, entryBytes: 32 << 20, totalBytes: 96 << 20, ratio: 100, ratioFrom: 1 << 20)
        /// OneRoster packages: CSV files of a school's roster and results.
        static let package = Limits(entries: 100, entryBytes: 256 << 20, totalBytes: 1 << 30, ratio: 100, ratioFrom: 1 << 20)
        /// Backups: an admin's own archive, extracted to disk. The database file is mostly empty pages, so the ratio
        /// is loose; the sizes still cannot grow past what each entry declares.
        static let backup = Limits(entries: 2_000_000, entryBytes: 1 << 40, totalBytes: 1 << 42, ratio: 10_000, ratioFrom: 64 << 20)
    }

    /// Why an archive was refused, in Russian for the person who sent it.
    struct Refusal: Error, Equatable, Sendable {
        let message: String
    }

    let archive: Archive
    let limits: Limits
    private var read: UInt64 = 0

    /// Opens bytes of an upload. Throws `Refusal` for something that is not a ZIP or is over the limits.
    /// The bytes are read through a temporary file, never through ZIPFoundation's in-memory archive: that one traps
    /// when a crafted offset points past the end of the data (found by `FuzzTests`); a file read past its end just
    /// reads nothing. The file is unlinked at once and goes when the archive is closed.
    init(data: Data, limits: Limits) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-zip-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw Refusal(message: "не удалось прочитать архив: нет места во временной папке")
        }
        defer { unlink(path) }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read, pathEncoding: nil) } catch {
            throw Refusal(message: "это не ZIP-архив или он повреждён")
        }
        try self.init(archive, limits: limits)
    }

    /// Opens a file on disk (a backup, an uploaded package).
    init(url: URL, limits: Limits) throws {
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read, pathEncoding: nil) } catch {
            throw Refusal(message: "файл не читается как ZIP-архив (повреждён или обрезан)")
        }
        try self.init(archive, limits: limits)
    }

    private init(_ archive: Archive, limits: Limits) throws {
        self.archive = archive
        self.limits = limits
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.entries else {
                throw Refusal(message: "в архиве больше \(limits.entries) файлов")
            }
            try check(entry)
        }
    }

    /// The declared sizes of one entry against the limits.
    private func check(_ entry: Entry) throws {
        let size = entry.uncompressedSize, packed = entry.compressedSize
        guard size <= limits.entryBytes else {
            throw Refusal(message: "часть «\(Shown.name(entry.path))» распаковывается в \(Shown.size(size)), больше допустимых \(Shown.size(limits.entryBytes))")
        }
        if size > limits.ratioFrom, size / max(packed, 1) > limits.ratio {
            throw Refusal(message: "часть «\(Shown.name(entry.path))» сжата в \(size / max(packed, 1)) раз — так сжимают только «ZIP-бомбы»")
        }
    }

    /// The entry at a path, or nil.
    func entry(_ path: String) -> Entry? { archive[path] }

    /// The first entry whose file name (the last path component) is `name`.
    func entry(named name: String) -> Entry? {
        archive[name] ?? archive.first(where: { ($0.path as NSString).lastPathComponent == name })
    }

    /// Streams one entry to `consume`, stopping at its declared size, the entry limit and the archive's total.
    mutating func extract(_ entry: Entry, _ consume: (Data) throws -> Void) throws {
        let cap = min(entry.uncompressedSize, limits.entryBytes)
        var got: UInt64 = 0
        var over: Refusal?
        let total = read
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                got += UInt64(chunk.count)
                if got > cap {
                    over = Refusal(message: "часть «\(Shown.name(entry.path))» распаковывается больше, чем указано в архиве")
                    throw over!
                }
                if total + got > limits.totalBytes {
                    over = Refusal(message: "архив распаковывается больше чем в \(Shown.size(limits.totalBytes))")
                    throw over!
                }
                try consume(chunk)
            }
        } catch {
            if let over { throw over }
            if let refusal = error as? Refusal { throw refusal }
            throw Refusal(message: "часть «\(Shown.name(entry.path))» повреждена")
        }
        read += got
    }

    /// One entry in memory (within the limits), or nil when it is absent.
    mutating func data(_ path: String) throws -> Data? {
        guard let entry = entry(path) else { return nil }
        return try data(entry)
    }

    mutating func data(_ entry: Entry) throws -> Data {
        var out = Data()
        out.reserveCapacity(Int(min(entry.uncompressedSize, 1 << 20)))
        try extract(entry) { out.append($0) }
        return out
    }

    /// An entry written to a file, within the limits.
    mutating func extract(_ entry: Entry, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let handle = try? FileHandle(forWritingTo: url) else {
            throw Refusal(message: "не удалось записать «\(url.path)»")
        }
        defer { try? handle.close() }
        try extract(entry) { try handle.write(contentsOf: $0) }
    }

}
