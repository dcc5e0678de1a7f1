import App
import Foundation
import Vapor

/// The `pages` group: the pupil card for a signed-in teacher against `/health` (the framework floor).
struct PagesBench {
    let seconds: Double
    let connections: Int
    let pages: Bool
    let journal: Bool

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = Environment.production
        env.arguments = ["kopilka-bench"]
        let app = try await Application.make(env)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(dataDirectory: dir, port: 0))
            let pupilPath = try await BenchSetup.prepare(app)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = app.http.server.shared.localAddress!.port!
            let base = "http://127.0.0.1:\(port)"
            app.http.client.configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
            app.http.client.configuration.redirectConfiguration = .disallow
            let cookie = try await BenchSetup.signIn(app, base: base, login: "teacher")

            print("bench.connections: \(connections)")
            print("bench.seconds_per_measure: \(seconds)")
            let health = try await Load.run(app: app, url: base + "/health", cookie: nil, seconds: seconds, connections: connections)
            health.print(as: "floor.health")
            if pages {
                let pupil = try await Load.run(app: app, url: base + pupilPath, cookie: cookie, seconds: seconds, connections: connections)
                pupil.print(as: "pages.pupil")
                print("pages.pupil.ratio_to_floor: \(String(format: "%.2f", pupil.rps / max(health.rps, 1)))")
            }
            if journal {
                let j = try await BenchFixtures.journal(app, classTitle: "2А", subject: "math")
                let grid = try await Load.run(app: app, url: base + j.gridPath, cookie: cookie, seconds: seconds, connections: connections)
                grid.print(as: "journal.grid")
                print("journal.grid.pupils: \(j.pupils)")
                print("journal.grid.lessons: \(j.lessons)")
                print("journal.grid.ratio_to_floor: \(String(format: "%.2f", grid.rps / max(health.rps, 1)))")
                let token = try await BenchSetup.csrf(app, base: base, path: j.gridPath, cookie: cookie)
                let pupils = j.pupilIDs
                var headers = HTTPHeaders()
                headers.add(name: "X-CSRF-Token", value: token)
                headers.add(name: .accept, value: "application/json")
                let save = try await Load.run(app: app, url: base + j.cellPath, cookie: cookie, seconds: seconds, connections: connections,
                                              method: .POST, body: { n in "pupil=\(pupils[n % pupils.count])&value=\(["5", "4", "3"][n % 3])" },
                                              extraHeaders: headers)
                save.print(as: "journal.save_mark")
                print("journal.save_mark.ratio_to_floor: \(String(format: "%.2f", save.rps / max(health.rps, 1)))")
            }
            print("serve.peak_rss_mb: \(Memory.peakRSSMegabytes())")
            await app.server.shutdown()
        } catch {
            await app.server.shutdown()
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

enum Memory {
    /// VmHWM of this process (server and load generator together), in MB.
    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }
}
