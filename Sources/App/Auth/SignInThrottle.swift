import Fluent
import Foundation
import Vapor

/// Throttles guessing so that it slows the guesser, never the school. Counts live in the database, so every app
/// process applies the same limits.
/// - Per login: five failures are free, then each further attempt waits 30 s, doubling up to 15 minutes after the
///   last failure — a teacher who mistypes eleven times waits a few minutes, never for good. A browser that has
///   signed in as this login before (its device cookie) is not held back at all: the right password from the
///   teacher's own computer always goes through.
/// - Per address: 50 failures in 10 minutes hold back only attempts for logins that do not exist or are failing
///   themselves — a school behind one router address is not locked out by someone guessing random logins.
struct SignInThrottle {
    var freeFailures = 5
    var firstDelay: TimeInterval = 30
    var maxDelay: TimeInterval = 15 * 60
    /// How far back a login's failures count.
    var loginWindow: TimeInterval = 60 * 60
    var perAddress = 50
    var addressWindow: TimeInterval = 10 * 60
    /// How long a browser stays known after signing in.
    var deviceMemory: TimeInterval = 180 * 86_400

    /// Seconds to wait, or nil when sign-in may go ahead. `exists`: the login names an active account.
    func wait(login: String, address: String, device: String?, exists: Bool, on db: any Database, now: Date = Date()) async throws -> Int? {
        if let device, try await SignInAttempt.query(on: db).filter(\.$login == login).filter(\.$device == device)
            .filter(\.$succeeded == true).filter(\.$at >= now.addingTimeInterval(-deviceMemory)).count() > 0 {
            return nil
        }
        let failures = try await SignInAttempt.query(on: db)
            .filter(\.$login == login).filter(\.$succeeded == false).filter(\.$at >= now.addingTimeInterval(-loginWindow))
            .sort(\.$at, .ascending).all(\.$at)
        var until: Date?
        if failures.count >= freeFailures, let last = failures.last {
            let doublings = Double(min(failures.count - freeFailures, 20))
            until = last.addingTimeInterval(min(maxDelay, firstDelay * pow(2, doublings)))
        }
        if !exists || !failures.isEmpty {
            let byAddress = try await SignInAttempt.query(on: db)
                .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at >= now.addingTimeInterval(-addressWindow))
                .sort(\.$at, .ascending).all(\.$at)
            if byAddress.count >= perAddress {
                let u = byAddress[byAddress.count - perAddress].addingTimeInterval(addressWindow)
                until = max(until ?? u, u)
            }
        }
        guard let until, until > now else { return nil }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    func record(login: String, address: String, device: String?, schoolID: UUID?, succeeded: Bool, on db: any Database) async throws {
        try await SignInAttempt(schoolID: schoolID, login: login, address: address, at: Date(), succeeded: succeeded, device: device).create(on: db)
    }
}

extension Request {
    /// The client's address: the peer's, or — only when the peer is one of `KOPILKA_TRUSTED_PROXIES` — the last
    /// address in `X-Forwarded-For` that is not a trusted proxy. A client cannot choose its own address by sending
    /// the header straight to the server.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let trusted = application.kopilkaConfig.trustedProxies
        guard trusted.contains(peer) else { return peer }
        let chain = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return chain.last { !trusted.contains($0) } ?? peer
    }

    /// The hash of this browser's device cookie (set on the sign-in page, kept a year), or nil.
    var signInDevice: String? {
        guard let raw = cookies[SignInDevice.cookie]?.string, raw.count >= 20, raw.count <= 100 else { return nil }
        return TokenHash.of(raw)
    }
}
