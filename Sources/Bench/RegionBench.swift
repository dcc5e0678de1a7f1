import App
import Foundation
import Vapor

/// The `region` group (PostgreSQL): a private cluster, the demo school copied into a region by SQL, the pupil card
/// and the class journal measured at 1/100 of the size and at the full size (same load), the plans those pages use,
/// then the `cluster` part: two `kopilka serve` processes behind nginx on the full region, sessions shared.
struct RegionBench {
    let schools: Int
    let markCopies: Int
    let seconds: Double
    let connections: Int
    let cluster: Bool

    func run() async throws {
        let pg = try PostgresCluster(port: ServerProcess.freePort(),
                                     settings: ["shared_buffers=1GB", "max_wal_size=8GB", "checkpoint_timeout=30min"])
        defer { pg.stop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-region-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = AppConfig(dataDirectory: dir, databaseURL: pg.url, port: 0)
        let small = max(1, schools / 100)
        print("region.schools.target: \(schools)")
        print("region.mark_copies: \(markCopies)")

        let t0 = Date()
        let fixtures = try await withConfiguredApp(config) { app in
            try await app.autoMigrate()
            try await BenchFixtures.seedDemo(app)
            try await BenchFixtures.cloneDemoSchool(app, copies: 0...(small - 1), markCopies: markCopies)
            return PagesBench.Fixtures(pupilPath: try await BenchFixtures.pupilCardPath(app, classTitle: "2А"),
                                       journal: try await BenchFixtures.journal(app, classTitle: "2А", subject: "math"))
        }
        let smallSize = try await withConfiguredApp(config) { try await BenchFixtures.regionSize($0) }
        print("region.small.generated_s: \(String(format: "%.1f", Date().timeIntervalSince(t0)))")
        printSize(smallSize, as: "region.small")

        let before = try await measure(config: config, fixtures: fixtures, prefix: "region.small")

        let t1 = Date()
        try await withConfiguredApp(config) { app in
            try await BenchFixtures.cloneDemoSchool(app, copies: small...(schools - 1), markCopies: markCopies)
        }
        let generated = Date().timeIntervalSince(t1)
        let largeSize = try await withConfiguredApp(config) { try await BenchFixtures.regionSize($0) }
        printSize(largeSize, as: "region.large")
        print("region.large.generated_s: \(String(format: "%.1f", generated))")
        print("region.large.generator_marks_per_s: \(Int(Double(largeSize.marks - smallSize.marks) / max(generated, 0.001)))")
        print("region.large.database_mb: \(pg.sizeMegabytes())")

        let after = try await measure(config: config, fixtures: fixtures, prefix: "region.large", plans: pg)
        for key in before.keys.sorted() {
            guard let a = after[key], let b = before[key] else { continue }
            print("region.\(key).p50_large_to_small: \(String(format: "%.2f", a.p50Ms / max(b.p50Ms, 0.001)))")
            print("region.\(key).p99_large_to_small: \(String(format: "%.2f", a.p99Ms / max(b.p99Ms, 0.001)))")
        }
        if cluster { try await ClusterBench(seconds: seconds, connections: 64).run(config: config, fixtures: fixtures) }
    }

    private func printSize(_ s: BenchFixtures.RegionSize, as key: String) {
        print("\(key).schools: \(s.schools)")
        print("\(key).pupils: \(s.pupils)")
        print("\(key).lessons: \(s.lessons)")
        print("\(key).marks: \(s.marks)")
        fflush(nil)
    }

    /// The pupil card and the class journal on one server process.
    private func measure(config: AppConfig, fixtures: PagesBench.Fixtures, prefix: String,
                         plans: PostgresCluster? = nil) async throws -> [String: Load] {
        let server = try ServerProcess(port: ServerProcess.freePort(),
                                       environment: ["KOPILKA_DATA_DIR": config.dataDirectory, "DATABASE_URL": config.databaseURL!])
        defer { server.stop() }
        return try await withClient { client in
            try await server.waitUntilReady(client)
            let base = "http://127.0.0.1:\(server.port)"
            let cookie = try await BenchSetup.signIn(client, base: base, login: "teacher")
            var out: [String: Load] = [:]
            for (name, path) in [("pupil", fixtures.pupilPath), ("results", fixtures.pupilPath + "/results"),
                                 ("journal", fixtures.journal.gridPath)] {
                try await BenchSetup.expectOK(client, base + path, cookie: cookie)
                let load = try Load.run(url: base + path, cookie: cookie, seconds: seconds, connections: connections)
                load.print(as: "\(prefix).\(name)")
                out[name] = load
            }
            if let pg = plans {
                try await withConfiguredApp(config) { app in try await BenchFixtures.autoExplain(app, on: true) }
                let mark = (try? String(contentsOfFile: pg.logPath, encoding: .utf8))?.utf8.count ?? 0
                for path in [fixtures.pupilPath, fixtures.pupilPath + "/results", fixtures.journal.gridPath] {
                    try await BenchSetup.expectOK(client, base + path, cookie: cookie)
                }
                try await withConfiguredApp(config) { app in try await BenchFixtures.autoExplain(app, on: false) }
                let log = (try? String(contentsOfFile: pg.logPath, encoding: .utf8)) ?? ""
                printPlans(String(log.utf8.dropFirst(mark)) ?? "")
            }
            print("\(prefix).serve.peak_rss_mb: \(server.peakRSSMegabytes)")
            return out
        }
    }

    /// The logged plans of statements over `mark_events`: each statement's scan lines, and the count of sequential
    /// scans over the marks table (the target is none).
    private func printPlans(_ log: String) {
        let entries = log.components(separatedBy: "plan:").dropFirst()
        var seq = 0
        var n = 0
        for entry in entries {
            let lines = entry.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let text = lines.first(where: { $0.hasPrefix("Query Text:") }), text.contains("mark_events") else { continue }
            n += 1
            print("region.plan.\(n).query: \(text.dropFirst("Query Text: ".count).prefix(220))")
            for l in lines where l.contains("Scan") {
                let node = l.replacingOccurrences(of: "->  ", with: "")
                print("region.plan.\(n).node: \(node.components(separatedBy: "  (cost").first ?? node)")
                if node.hasPrefix("Seq Scan on mark_events") { seq += 1 }
            }
        }
        print("region.plans.statements_over_marks: \(n)")
        print("region.plans.seq_scans_over_marks: \(seq)")
    }
}
