import Foundation

/// A private, throwaway PostgreSQL cluster for the benchmark (the same way `scripts/test` starts one): initdb in a
/// temporary folder, a loopback port, trust authentication, `auto_explain` loaded so that the plans a page uses can be
/// logged on demand. Run as root, the server runs as `postgres`.
final class PostgresCluster {
    let dir: String
    let port: Int
    let bin: String
    var url: String { "postgres://kopilka@127.0.0.1:\(port)/postgres" }
    var logPath: String { dir + "/log" }

    static func binaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }

    init(port: Int, settings: [String]) throws {
        guard let bin = PostgresCluster.binaries() else {
            throw BenchError("PostgreSQL не найден: sudo apt-get install postgresql (scripts/bench ставит его сам)")
        }
        self.bin = bin
        self.port = port
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-pg-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if getuid() == 0 { try capture("/bin/chown", ["postgres:postgres", dir]) }
        try run(bin + "/initdb", ["-D", dir + "/data", "-U", "kopilka", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        let options = (["-p \(port)", "-k \(dir)", "-c listen_addresses=127.0.0.1", "-c max_connections=400",
                        "-c shared_preload_libraries=auto_explain"] + settings.map { "-c \($0)" }).joined(separator: " ")
        // Started and waited for with posix_spawn/waitpid, its output into the log: Foundation's Process does not
        // reap pg_ctl while the server it leaves behind runs on.
        let args = (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [bin + "/pg_ctl", "-D", dir + "/data",
                    "-l", logPath, "-w", "-o", options, "start"]
        guard spawnAndWait(args) == 0 else { throw BenchError("PostgreSQL не запустился: \(logPath)") }
    }

    private func run(_ path: String, _ args: [String]) throws {
        if getuid() == 0 { try capture("/usr/sbin/runuser", ["-u", "postgres", "--", path] + args) }
        else { try capture(path, args) }
    }

    func stop() {
        _ = spawnAndWait((getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [bin + "/pg_ctl", "-D", dir + "/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// The data folder's size on disk, in MB.
    func sizeMegabytes() -> Int {
        let out = (try? capture("/usr/bin/du", ["-sm", dir + "/data"])) ?? ""
        return Int(out.split(separator: "\t").first ?? "") ?? -1
    }
}

/// Runs a program with stdin/stdout/stderr on /dev/null and waits for it; its exit status (or -1).
func spawnAndWait(_ args: [String]) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
    var pid: pid_t = 0
    let argv = args.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&pid, args[0], &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}
