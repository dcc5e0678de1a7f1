import App
import Foundation
import Vapor

/// Two `kopilka serve` processes on one PostgreSQL behind nginx (round robin, keep-alive upstream): a session made
/// through the proxy is honoured by each process directly, and the load through the proxy answers no errors.
struct ClusterBench {
    let seconds: Double
    let connections: Int
    let processes = 2

    func run(config: AppConfig, fixtures: PagesBench.Fixtures) async throws {
        guard let nginx = which("nginx") else { throw BenchError("nginx не найден: sudo apt-get install nginx (scripts/bench ставит его сам)") }
        let servers = try (0..<processes).map { _ in
            try ServerProcess(port: ServerProcess.freePort(),
                              environment: ["KOPILKA_DATA_DIR": config.dataDirectory, "DATABASE_URL": config.databaseURL!])
        }
        defer { servers.forEach { $0.stop() } }
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-nginx-\(UUID())").path
        try FileManager.default.createDirectory(atPath: prefix + "/logs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        let port = ServerProcess.freePort()
        let conf = """
        worker_processes 1;
        pid \(prefix)/nginx.pid;
        error_log \(prefix)/logs/error.log error;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path \(prefix)/body; proxy_temp_path \(prefix)/proxy;
          fastcgi_temp_path \(prefix)/fastcgi; uwsgi_temp_path \(prefix)/uwsgi; scgi_temp_path \(prefix)/scgi;
          upstream kopilka {
        \(servers.map { "    server 127.0.0.1:\($0.port);" }.joined(separator: "\n"))
            keepalive 64;
          }
          server {
            listen 127.0.0.1:\(port);
            location / {
              proxy_pass http://kopilka;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $remote_addr;
            }
          }
        }
        """
        try conf.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: nginx)
        proxy.arguments = ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"]
        try proxy.run()
        defer { proxy.terminate(); proxy.waitUntilExit() }

        try await withClient { client in
            for s in servers { try await s.waitUntilReady(client) }
            let base = "http://127.0.0.1:\(port)"
            try await ServerProcess.waitForHealth(client, base: base)
            print("cluster.processes: \(processes)")
            let cookie = try await BenchSetup.signIn(client, base: base, login: "teacher")
            // The session made through the proxy works on every process directly: sessions live in PostgreSQL.
            var shared = 0
            for s in servers {
                let res = try await client.get(URI(string: "http://127.0.0.1:\(s.port)\(fixtures.pupilPath)"), headers: ["Cookie": cookie])
                if res.status == .ok { shared += 1 }
            }
            print("cluster.session_honoured_by_processes: \(shared)")
            guard shared == processes else { throw BenchError("cluster: a session made through nginx is not honoured by every process") }
            let health = try Load.run(url: base + "/health", cookie: nil, seconds: seconds, connections: connections)
            health.print(as: "cluster.floor.health")
            for (name, path) in [("pupil", fixtures.pupilPath), ("journal", fixtures.journal.gridPath)] {
                try Load.run(url: base + path, cookie: cookie, seconds: seconds, connections: connections)
                    .print(as: "cluster.\(name)", floor: health)
            }
            for (i, s) in servers.enumerated() { print("cluster.serve\(i + 1).peak_rss_mb: \(s.peakRSSMegabytes)") }
        }
    }
}

extension ServerProcess {
    static func waitForHealth(_ client: any Client, base: String, timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let res = try? await client.get(URI(string: base + "/health")), res.status == .ok { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw BenchError("bench: \(base)/health did not answer")
    }
}
