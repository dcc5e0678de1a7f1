import App
import Foundation
import Vapor

/// The `pages` and `journal` groups: a real `kopilka serve` process on a fresh SQLite demo school, loaded by `wrk`
/// over loopback, each page against the `/health` floor measured in the same run.
struct PagesBench {
    let seconds: Double
    let connections: Int
    let pages: Bool
    let journal: Bool

    struct Fixtures: Sendable {
        let pupilPath: String
        let journal: BenchFixtures.Journal
    }

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fixtures = try await withConfiguredApp(AppConfig(dataDirectory: dir, port: 0)) { app in
            try await app.autoMigrate()
            try await BenchFixtures.seedDemo(app)
            return Fixtures(pupilPath: try await BenchFixtures.pupilCardPath(app, classTitle: "2А"),
                            journal: try await BenchFixtures.journal(app, classTitle: "2А", subject: "math"))
        }
        let server = try ServerProcess(port: ServerProcess.freePort(), environment: ["KOPILKA_DATA_DIR": dir])
        defer { server.stop() }
        try await withClient { client in
            try await server.waitUntilReady(client)
            let base = "http://127.0.0.1:\(server.port)"
            try await measure(client: client, base: base, fixtures: fixtures, prefix: "")
            print("serve.peak_rss_mb: \(server.peakRSSMegabytes)")
        }
    }

    /// The pages of one server (or proxy) at `base`; keys start with `prefix`.
    func measure(client: any Client, base: String, fixtures: Fixtures, prefix: String) async throws {
        let cookie = try await BenchSetup.signIn(client, base: base, login: "teacher")
        print("\(prefix)bench.connections: \(connections)")
        print("\(prefix)bench.seconds_per_measure: \(seconds)")
        let health = try Load.run(url: base + "/health", cookie: nil, seconds: seconds, connections: connections)
        health.print(as: "\(prefix)floor.health")
        if pages {
            for (name, path) in [("pupil", fixtures.pupilPath), ("results", fixtures.pupilPath + "/results"),
                                 ("portfolio", fixtures.pupilPath + "/portfolio")] {
                try await BenchSetup.expectOK(client, base + path, cookie: cookie)
                try Load.run(url: base + path, cookie: cookie, seconds: seconds, connections: connections)
                    .print(as: "\(prefix)pages.\(name)", floor: health)
            }
        }
        if journal {
            let j = fixtures.journal
            try await BenchSetup.expectOK(client, base + j.gridPath, cookie: cookie)
            let grid = try Load.run(url: base + j.gridPath, cookie: cookie, seconds: seconds, connections: connections)
            grid.print(as: "\(prefix)journal.grid", floor: health)
            print("\(prefix)journal.grid.pupils: \(j.pupils)")
            print("\(prefix)journal.grid.lessons: \(j.lessons)")
            let token = try await BenchSetup.csrf(client, base: base, path: j.gridPath, cookie: cookie)
            let bodies = (0..<(j.pupilIDs.count * 3)).map { n in "pupil=\(j.pupilIDs[n % j.pupilIDs.count])&value=\(["5", "4", "3"][n % 3])" }
            let save = try Load.run(url: base + j.cellPath, cookie: cookie, seconds: seconds, connections: connections,
                                    post: .init(csrf: token, bodies: bodies))
            save.print(as: "\(prefix)journal.save_mark", floor: health)
        }
    }
}

/// A configured application for seeding and fixtures, shut down afterwards.
func withConfiguredApp<T>(_ config: AppConfig, _ body: (Application) async throws -> T) async throws -> T {
    var env = Environment.production
    env.arguments = ["kopilka-bench"]
    let app = try await Application.make(env)
    app.logger.logLevel = .error
    do {
        try await configure(app, config: config)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

/// An HTTP client (an unconfigured application's) for signing in and checks.
func withClient<T>(_ body: (any Client) async throws -> T) async throws -> T {
    var env = Environment.production
    env.arguments = ["kopilka-bench"]
    let app = try await Application.make(env)
    app.http.client.configuration.redirectConfiguration = .disallow
    do {
        let result = try await body(app.client)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}
