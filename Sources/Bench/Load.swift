import Foundation

/// A bounded loopback load from `wrk` (a separate process, 2 threads): `connections` connections send requests back
/// to back for `seconds`. Anything but 200 counts as an error, as do socket errors and timeouts.
struct Load {
    var requests = 0
    var errors = 0
    var p50Ms = 0.0
    var p99Ms = 0.0
    var elapsed = 0.0

    var rps: Double { Double(requests) / max(elapsed, 0.001) }

    func print(as key: String, floor: Load? = nil) {
        Swift.print("\(key).rps: \(Int(rps))")
        Swift.print("\(key).p50_ms: \(String(format: "%.1f", p50Ms))")
        Swift.print("\(key).p99_ms: \(String(format: "%.1f", p99Ms))")
        Swift.print("\(key).errors: \(errors)")
        if let floor { Swift.print("\(key).ratio_to_floor: \(String(format: "%.2f", rps / max(floor.rps, 1)))") }
        fflush(nil)  // each figure as soon as it is measured, also into a pipe
    }

    struct Post { let csrf: String; let bodies: [String] }

    static func run(url: String, cookie: String?, seconds: Double, connections: Int, post: Post? = nil) throws -> Load {
        guard let wrk = which("wrk") else {
            throw BenchError("wrk не найден: sudo apt-get install wrk (scripts/bench ставит его сам)")
        }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-wrk-\(UUID()).lua")
        defer { try? FileManager.default.removeItem(at: script) }
        var lua = """
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) bad = 0; n = 0 end
        function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
        function done(summary, latency, requests)
          local b = 0
          for _, t in ipairs(threads) do b = b + t:get("bad") end
          local e = summary.errors
          io.write(string.format("KOPILKA %d %d %d %d %d\\n", summary.requests, summary.duration,
            latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout + b))
        end

        """
        if let post {
            let bodies = post.bodies.map { "\"\($0)\"" }.joined(separator: ",")
            lua += """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
            wrk.headers["Accept"] = "application/json"
            wrk.headers["X-CSRF-Token"] = "\(post.csrf)"
            local bodies = {\(bodies)}
            function request() n = n + 1; return wrk.format(nil, nil, nil, bodies[n % #bodies + 1]) end

            """
        }
        try lua.write(to: script, atomically: true, encoding: .utf8)
        var args = ["-t2", "-c\(connections)", "-d\(max(1, Int(seconds.rounded())))s", "--timeout", "10s", "-s", script.path]
        if let cookie { args += ["-H", "Cookie: \(cookie)"] }
        args.append(url)
        let out = try capture(wrk, args)
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("KOPILKA ") }) else {
            throw BenchError("wrk: нет итоговой строки\n\(out)")
        }
        let f = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard f.count == 5 else { throw BenchError("wrk: не разобрана строка \(line)") }
        return Load(requests: Int(f[0]), errors: Int(f[4]), p50Ms: f[2] / 1000, p99Ms: f[3] / 1000, elapsed: f[1] / 1_000_000)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// The full path of a program on PATH (or in the usual system folders).
func which(_ name: String) -> String? {
    let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        + ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
    return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Runs a program to its end and returns what it printed; a non-zero exit is an error with its output.
@discardableResult
func capture(_ path: String, _ args: [String], environment: [String: String]? = nil) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    if let environment { p.environment = environment }
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard p.terminationStatus == 0 else { throw BenchError("\(path) \(args.joined(separator: " ")): код \(p.terminationStatus)\n\(text)") }
    return text
}
