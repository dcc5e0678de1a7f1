import Foundation
import Vapor

/// A real `kopilka serve` in its own process: the bench binary runs itself as `kopilka-bench kopilka serve …`,
/// which is `Kopilka.main` — the same entry point as the `kopilka` binary. Load comes from `wrk` in another process,
/// so the server's peak RSS is its own.
final class ServerProcess {
    let process: Process
    let port: Int

    init(port: Int, environment extra: [String: String]) throws {
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: benchExecutable)
        process.arguments = ["kopilka", "serve", "--env", "production", "--log", "error"]
        var env = ProcessInfo.processInfo.environment
        env["KOPILKA_HOST"] = "127.0.0.1"
        env["KOPILKA_PORT"] = String(port)
        // The bench school is not the demo: serve asks for the public address of anything it signs or prints.
        env["KOPILKA_PUBLIC_URL"] = env["KOPILKA_PUBLIC_URL"] ?? "http://127.0.0.1:\(port)"
        for (k, v) in extra { env[k] = v }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until `/health` answers 200 (the embedded database migrates itself first).
    func waitUntilReady(_ client: any Client, timeout: Double = 120) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning { throw Abort(.internalServerError, reason: "bench: kopilka serve on port \(port) exited with \(process.terminationStatus)") }
            if let res = try? await client.get(URI(string: "http://127.0.0.1:\(port)/health")), res.status == .ok { return }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw Abort(.internalServerError, reason: "bench: kopilka serve on port \(port) did not answer /health")
    }

    /// VmHWM of the server process, in MB.
    var peakRSSMegabytes: Int { Memory.peakRSSMegabytes(pid: process.processIdentifier) }

    func stop() {
        guard process.isRunning else { return }
        usleep(500_000)  // let the last requests of a load finish before the signal
        process.terminate()
        process.waitUntilExit()
    }

    /// A free loopback port, as the kernel hands one out.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// This binary, wherever it was started from.
let benchExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path

enum Memory {
    /// VmHWM of a process (this one by default), in MB.
    static func peakRSSMegabytes(pid: Int32? = nil) -> Int {
        let path = pid.map { "/proc/\($0)/status" } ?? "/proc/self/status"
        guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }
}
