import Crypto
import Fluent
import Domain
import Foundation
import SQLKit
import Vapor
import ZIPFoundation

/// Backups (the ministry requires e-journals to support archival storage and backup; regulation VI): one ZIP with a
/// consistent online copy of the database — SQLite's `VACUUM INTO` or `pg_dump` — every stored file, and a manifest
/// of SHA-256 checksums. The ZIP is written beside its target and renamed into place: an interrupted backup leaves
/// no file under the real name. A restore verifies every checksum before it touches anything.
enum Backup {
    static let format = "kopilka-backup/1"
    /// The signed checkpoints of the audit chain, as they were beside the data at the backup's moment.
    static let checkpointsEntry = "audit/checkpoints.jsonl"

    struct Entry: Codable, Equatable {
        let path: String
        let sha256: String
        let size: Int
    }

    struct Manifest: Codable {
        let format: String
        let createdAt: String
        let database: String
        let migrations: [String]
        let files: [Entry]
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func sha256(file: String) throws -> (String, Int) {
        guard let h = FileHandle(forReadingAtPath: file) else { throw Failure("не удалось прочитать «\(file)»") }
        defer { try? h.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (Hex.string(hasher.finalize()), size)
    }

    static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        do { try p.run() } catch { throw Failure("не найден \(tool): установите клиент PostgreSQL (apt install postgresql-client)") }
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure("\(tool) завершился с ошибкой: \(message.trimmingCharacters(in: .whitespacesAndNewlines).prefix(400))")
        }
    }

    /// Makes the backup of the running installation at `target` (a `.zip`), returning its manifest.
    static func create(app: Application, to target: String, progress: (String) -> Void = { _ in }) async throws -> Manifest {
        let config = app.kopilkaConfig
        let work = (config.dataDirectory as NSString).appendingPathComponent("tmp/backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var entries: [(path: String, file: String, compress: Bool)] = []
        // The audit chain signed before the database is copied: the copy holds at least the events the checkpoint names.
        // A failure to sign is logged, never a reason to go without the backup.
        do { try await AuditCheckpoints.make(app: app) } catch { app.logger.error("Контрольная точка журнала действий не записана: \(error)") }
        let checkpoints = AuditCheckpoints.path(config)
        if FileManager.default.fileExists(atPath: checkpoints) {
            let copy = work + "/checkpoints.jsonl"
            try FileManager.default.copyItem(atPath: checkpoints, toPath: copy)
            entries.append((checkpointsEntry, copy, true))
        }
        switch config.databaseKind {
        case .sqlite:
            // A consistent copy while the server keeps serving: SQLite writes a whole new database file.
            let copy = work + "/kopilka.sqlite"
            guard let sql = app.db as? any SQLDatabase else { throw Failure("нет SQL-доступа к базе") }
            try await sql.raw("VACUUM INTO \(unsafeRaw: "'" + copy.replacingOccurrences(of: "'", with: "''") + "'")").run()
            entries.append(("database/kopilka.sqlite", copy, true))
        case .postgresql:
            let dump = work + "/kopilka.pgdump"
            try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", dump, "--dbname", config.databaseURL!])
            entries.append(("database/kopilka.pgdump", dump, false))
        }
        progress("база данных скопирована")
        let blobs = app.blobs
        for sha in blobs.all() { entries.append(("blobs/\(sha.prefix(2))/\(sha)", blobs.path(sha), false)) }
        var files: [Entry] = []
        for e in entries {
            let (sum, size) = try sha256(file: e.file)
            files.append(Entry(path: e.path, sha256: sum, size: size))
        }
        let migrations = try await MigrationLog.query(on: app.db).sort(\.$batch).all().map(\.name)
        let manifest = Manifest(format: format, createdAt: ISO8601DateFormatter().string(from: Date()),
                                database: config.databaseKind.rawValue, migrations: migrations, files: files)
        let manifestFile = work + "/manifest.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestFile))
        let partial = target + ".partial-\(UUID().uuidString)"
        do {
            let archive = try Archive(url: URL(fileURLWithPath: partial), accessMode: .create)
            try archive.addEntry(with: "manifest.json", fileURL: URL(fileURLWithPath: manifestFile), compressionMethod: .deflate)
            for e in entries {
                try archive.addEntry(with: e.path, fileURL: URL(fileURLWithPath: e.file), compressionMethod: e.compress ? .deflate : .none)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw Failure("не удалось записать архив «\(target)»: \(error)")
        }
        guard rename(partial, target) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw Failure("не удалось переименовать архив в «\(target)»")
        }
        progress("архив записан: \(files.count) файлов")
        return manifest
    }

    /// Reads and checks a backup: the manifest, and every file's size and checksum. Nothing is written.
    static func verify(_ path: String) throws -> (Manifest, BoundedArchive) {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure("файла «\(path)» нет") }
        var archive: BoundedArchive
        do { archive = try BoundedArchive(url: URL(fileURLWithPath: path), limits: .backup) } catch let r as BoundedArchive.Refusal {
            throw Failure("«\(path)» не читается как архив резервной копии: \(r.message)")
        }
        guard let m = archive.entry("manifest.json") else { throw Failure("в архиве нет manifest.json: это не резервная копия «Копилки»") }
        guard m.uncompressedSize <= 64 << 20, let data = try? archive.data(m) else { throw Failure("manifest.json повреждён") }
        guard let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.format == format else {
            throw Failure("manifest.json не того формата (ожидается \(format))")
        }
        for e in manifest.files {
            guard let entry = archive.entry(e.path) else { throw Failure("в архиве нет файла \(e.path), указанного в manifest.json") }
            guard e.size >= 0, entry.uncompressedSize == UInt64(e.size) else {
                throw Failure("размер \(e.path) в архиве не совпадает с manifest.json: архив повреждён")
            }
            var hasher = SHA256()
            var size = 0
            do {
                try archive.extract(entry) { chunk in hasher.update(data: chunk); size += chunk.count }
            } catch let r as BoundedArchive.Refusal {
                throw Failure("файл \(e.path) в архиве повреждён (\(r.message))")
            }
            let sum = Hex.string(hasher.finalize())
            guard sum == e.sha256, size == e.size else { throw Failure("контрольная сумма \(e.path) не совпадает: архив повреждён") }
        }
        return (manifest, archive)
    }

    /// Restores a verified backup into an empty installation (no database yet, no files). Runs before the app opens
    /// the database.
    static func restore(_ path: String, config: AppConfig, progress: (String) -> Void = { _ in }) throws {
        let (manifest, verified) = try verify(path)
        var archive = verified
        progress("архив проверен: \(manifest.files.count) файлов, контрольные суммы совпадают")
        guard manifest.database == config.databaseKind.rawValue else {
            throw Failure("копия сделана на \(manifest.database), а восстановление идёт в \(config.databaseKind.rawValue)")
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
        let blobs = BlobStore(dataDirectory: config.dataDirectory)
        guard blobs.all().isEmpty else { throw Failure("в каталоге данных «\(config.dataDirectory)» уже есть файлы: восстановление только в пустой") }
        let work = (config.dataDirectory as NSString).appendingPathComponent("tmp/restore-\(UUID().uuidString)")
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? fm.removeItem(atPath: work) }
        func extract(_ p: String, to file: String) throws {
            try fm.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard let entry = archive.entry(p) else { throw Failure("в архиве нет файла \(p)") }
            do { try archive.extract(entry, to: URL(fileURLWithPath: file)) } catch let r as BoundedArchive.Refusal {
                throw Failure("файл \(p) не восстановлен: \(r.message)")
            }
        }
        switch config.databaseKind {
        case .sqlite:
            let target = config.sqlitePath
            if fm.fileExists(atPath: target), (try fm.attributesOfItem(atPath: target)[.size] as? Int ?? 0) > 0 {
                throw Failure("база «\(target)» уже существует: восстановление только в пустой каталог данных")
            }
            let tmp = work + "/kopilka.sqlite"
            try extract("database/kopilka.sqlite", to: tmp)
            for suffix in ["-wal", "-shm"] { try? fm.removeItem(atPath: target + suffix) }
            guard rename(tmp, target) == 0 else { throw Failure("не удалось записать «\(target)»") }
        case .postgresql:
            let url = config.databaseURL!
            let dump = work + "/kopilka.pgdump"
            try extract("database/kopilka.pgdump", to: dump)
            // Only into an empty database: pg_restore would otherwise mix two schools' histories.
            let check = work + "/tables.txt"
            try run("psql", ["--dbname", url, "--tuples-only", "--no-align", "--output", check,
                             "--command", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"])
            let n = Int((try? String(contentsOfFile: check, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
            guard n == 0 else { throw Failure("в базе PostgreSQL уже есть таблицы (\(n)): восстановление только в пустую базу") }
            try run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", url, dump])
        }
        progress("база данных восстановлена")
        for e in manifest.files where e.path.hasPrefix("blobs/") {
            let sha = (e.path as NSString).lastPathComponent
            try extract(e.path, to: blobs.path(sha))
        }
        progress("файлы восстановлены")
        if manifest.files.contains(where: { $0.path == checkpointsEntry }) {
            // The checkpoints of the audit chain this database had (`kopilka audit-verify` checks against them).
            let target = AuditCheckpoints.path(config)
            try? fm.removeItem(atPath: target)
            try extract(checkpointsEntry, to: target)
            progress("контрольные точки журнала действий восстановлены")
        }
    }
}
