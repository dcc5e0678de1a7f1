@testable import App
import Foundation
import Testing

@Suite struct ConfigTests {
    @Test func defaultsToEmbeddedSQLiteUnderData() throws {
        let config = try AppConfig.fromEnvironment([:])
        #expect(config.databaseKind == .sqlite)
        #expect(config.sqlitePath == "./data/kopilka.sqlite")
        #expect(config.host == "127.0.0.1")
        #expect(config.port == 8080)
    }

    @Test func databaseURLSelectsPostgreSQL() throws {
        let config = try AppConfig.fromEnvironment(["DATABASE_URL": "postgres://k:p@db.local:5432/kopilka", "KOPILKA_DATA_DIR": "/srv/k"])
        #expect(config.databaseKind == .postgresql)
        #expect(config.sqlitePath == "/srv/k/kopilka.sqlite")
    }

    @Test(arguments: [
        (["KOPILKA_PORT": "восемь"], "KOPILKA_PORT"),
        (["KOPILKA_PORT": "70000"], "KOPILKA_PORT"),
        (["DATABASE_URL": "mysql://u@h/db"], "DATABASE_URL"),
        (["DATABASE_URL": "postgres:///kopilka"], "DATABASE_URL"),
        (["DATABASE_URL": "postgres://u@host"], "DATABASE_URL"),
        (["KOPILKA_SECURE_COOKIES": "maybe"], "KOPILKA_SECURE_COOKIES"),
        (["KOPILKA_DATA_DIR": "  "], "KOPILKA_DATA_DIR"),
        (["KOPILKA_LANG": "de"], "KOPILKA_LANG"),
        (["KOPILKA_TRUSTED_PROXIES": "10.0.0.0/8"], "KOPILKA_TRUSTED_PROXIES"),
        (["KOPILKA_TRUSTED_PROXIES": "10.0.0.2, proxy.local"], "KOPILKA_TRUSTED_PROXIES"),
        (["KOPILKA_TODAY": "2027-06-31"], "KOPILKA_TODAY"),
        (["KOPILKA_TODAY": "завтра"], "KOPILKA_TODAY"),
    ])
    func badValueNamesTheVariable(env: [String: String], variable: String) {
        do {
            _ = try AppConfig.fromEnvironment(env)
            Issue.record("expected a configuration error for \(env)")
        } catch let error as ConfigError {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix("Ошибка настройки \(variable): "))
            #expect(!error.description.contains("\n"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// A trusted proxy matches however its address is written: IPv4 inside IPv6, capitals, zeros.
    @Test func trustedProxiesAreKeptInOneSpelling() throws {
        let config = try AppConfig.fromEnvironment(["KOPILKA_TRUSTED_PROXIES": "::ffff:10.0.0.2, 2001:DB8::0:1 ,127.0.0.1"])
        #expect(config.trustedProxies == ["10.0.0.2", "2001:db8::1", "127.0.0.1"])
        #expect(IPAddress.canonical("::FFFF:127.0.0.1") == "127.0.0.1" && IPAddress.canonical("::1") == "::1")
        #expect(IPAddress.canonical("127.0.0.1:8080") == nil && IPAddress.canonical("") == nil)
    }

    @Test func dataDirectoryThatIsAFileIsRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-not-a-dir-\(UUID())").path
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: ConfigError.self) { try prepareDataDirectory(file) }
        #expect(throws: ConfigError.self) { try prepareDataDirectory(file + "/inside") }
    }
}

/// The real `kopilka` binary: a bad setting prints one line naming it and exits non-zero, no stack trace.
@Suite struct CommandLineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ args: [String], env: [String: String]) throws -> (code: Int32, stderr: String) {
        let r = try output(args, env: env)
        return (r.code, r.stderr)
    }

    /// Runs the executable and returns what it printed on both streams (stdout through a file: it may be long).
    func output(_ args: [String], env: [String: String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let binary = Self.root.appendingPathComponent(".build/debug/kopilka").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("build the executable first (swift build): \(binary)")
            return (0, "", "")
        }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-out-\(UUID())").path
        FileManager.default.createFile(atPath: out, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle(forWritingAtPath: out)
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self),
                String(decoding: data, as: UTF8.self))
    }

    @Test func badDatabaseURLExitsWithOneClearLine() throws {
        let r = try run(["migrate", "--auto-migrate"], env: ["DATABASE_URL": "mysql://root@localhost/kopilka"])
        #expect(r.code == 2)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(r.stderr.contains("DATABASE_URL"))
    }

    /// `kopilka --help` prints the commands and leaves the database alone: no tables are made in it.
    @Test func helpMigratesNothing() throws {
        guard TestBackend.kind == .sqlite else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-help-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try output(["--help"], env: ["KOPILKA_DATA_DIR": dir])
        #expect(r.code == 0 && (r.stdout + r.stderr).contains("serve"))
        // A migrated database holds dozens of tables (hundreds of kilobytes); an untouched one is empty or absent.
        let db = dir + "/kopilka.sqlite"
        let size = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
        #expect(size < 8192, "\(size) bytes: the database was migrated")
    }

    @Test func unreachablePostgreSQLExitsWithOneClearLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-cli-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try run(["migrate", "--auto-migrate"], env: ["DATABASE_URL": "postgres://k:k@127.0.0.1:1/kopilka", "KOPILKA_DATA_DIR": dir])
        #expect(r.code != 0)
        #expect(r.stderr.contains("DATABASE_URL"))
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!r.stderr.contains("Stack"))
    }

    @Test func unwritableDataDirectoryExitsWithOneClearLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-file-\(UUID())").path
        FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        let r = try run(["serve"], env: ["KOPILKA_DATA_DIR": file + "/data"])
        #expect(r.code == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("KOPILKA_DATA_DIR"))
    }

    @Test func serveRefusesARealSchoolWithoutItsPublicAddress() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-public-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let copied: Bool = try await withKopilka(demo: false) { app in
            guard app.kopilkaConfig.databaseKind == .sqlite else { return false }
            _ = try await OtherSchool.create(on: app.db, passwordHash: "x")
            // The database with its write-ahead log (the new school may not be checkpointed yet).
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: app.kopilkaConfig.sqlitePath + suffix) {
                try FileManager.default.copyItem(atPath: app.kopilkaConfig.sqlitePath + suffix, toPath: dir + "/kopilka.sqlite" + suffix)
            }
            return true
        }
        guard copied else { return }  // the PostgreSQL run: the same check, shown once on SQLite
        // A server that starts anyway is stopped after a minute (and the test fails on its exit code).
        let binary = Self.root.appendingPathComponent(".build/debug/kopilka").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        environment.removeValue(forKey: "KOPILKA_PUBLIC_URL")
        environment["KOPILKA_DATA_DIR"] = dir
        environment["KOPILKA_PORT"] = "18097"
        p.environment = environment
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 2)
        #expect(stderr.contains("KOPILKA_PUBLIC_URL"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
    }
}
