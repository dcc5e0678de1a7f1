import Foundation
import Vapor

/// A bounded loopback load: `connections` workers send GETs back to back until the time is up.
struct Load {
    var requests = 0
    var errors = 0
    var latenciesMs: [Double] = []
    var elapsed = 0.0

    var rps: Double { Double(requests) / max(elapsed, 0.001) }

    func percentile(_ p: Double) -> Double {
        guard !latenciesMs.isEmpty else { return 0 }
        let sorted = latenciesMs.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    func print(as key: String) {
        Swift.print("\(key).rps: \(Int(rps))")
        Swift.print("\(key).p50_ms: \(String(format: "%.1f", percentile(0.50)))")
        Swift.print("\(key).p99_ms: \(String(format: "%.1f", percentile(0.99)))")
        Swift.print("\(key).errors: \(errors)")
    }

    static func run(app: Application, url: String, cookie: String?, seconds: Double, connections: Int,
                    method: HTTPMethod = .GET, body: (@Sendable (Int) -> String)? = nil, extraHeaders: HTTPHeaders = [:]) async throws -> Load {
        var headers = extraHeaders
        if let cookie { headers.add(name: .cookie, value: cookie) }
        if body != nil { headers.add(name: .contentType, value: "application/x-www-form-urlencoded") }
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let h = headers
        let parts = await withTaskGroup(of: Load.self) { group in
            for worker in 0..<connections {
                                group.addTask {
                    var mine = Load()
                    var n = 0
                    while Date() < deadline {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        n += 1
                        do {
                            let res = try await app.client.send(method, headers: h, to: URI(string: url)) { req in
                                if let body { req.body = ByteBuffer(string: body(worker * 1_000_000 + n)) }
                            }
                            if res.status != .ok { mine.errors += 1 }
                        } catch {
                            mine.errors += 1
                        }
                        mine.requests += 1
                        mine.latenciesMs.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000_000)
                    }
                    return mine
                }
            }
            var all: [Load] = []
            for await part in group { all.append(part) }
            return all
        }
        var total = Load()
        for p in parts {
            total.requests += p.requests
            total.errors += p.errors
            total.latenciesMs += p.latenciesMs
        }
        total.elapsed = Date().timeIntervalSince(start)
        return total
    }
}
