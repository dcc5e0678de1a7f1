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

    /// Failures from a known browser after which it is held back like any other (a shared classroom computer).
    var deviceFailures = 10

    /// Seconds to wait, or nil when sign-in may go ahead. `exists`: the login names an active account;
    /// `changed`: when its password last changed (a browser known from before that is a stranger again).
    func wait(login: String, address: String, device: String?, exists: Bool, changed: Date? = nil, on db: any Database,
              now: Date = Date()) async throws -> Int? {
        let since = max(now.addingTimeInterval(-deviceMemory), changed ?? .distantPast)
        if let device, let success = try await SignInAttempt.query(on: db).filter(\.$login == login).filter(\.$device == device)
            .filter(\.$succeeded == true).filter(\.$at >= since).sort(\.$at, .descending).first(),
           try await SignInAttempt.query(on: db).filter(\.$login == login).filter(\.$device == device).filter(\.$succeeded == false)
            .filter(\.$at > success.at).count() < deviceFailures {
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

    enum Admission { case wait(seconds: Int), admitted(attempt: UUID) }

    /// Decides an attempt and, when it may go ahead, writes it as failed — both under the login's lock, before the
    /// password is checked: a burst of guesses sent at once is counted as it arrives (the sixth of twenty parallel
    /// guesses waits), not after each guess's quarter-second password check. `succeeded` marks the right password.
    func admit(login: String, address: String, device: String?, schoolID: UUID?, exists: Bool, changed: Date?,
               on db: any Database) async throws -> Admission {
        try await db.writeTransaction { tx in
            try await tx.lock("sign-in:" + login)
            if let seconds = try await wait(login: login, address: address, device: device, exists: exists, changed: changed, on: tx) {
                return .wait(seconds: seconds)
            }
            let attempt = try await record(login: login, address: address, device: device, schoolID: schoolID, succeeded: false, on: tx)
            return .admitted(attempt: attempt)
        }
    }

    /// The admitted attempt had the right password.
    func succeeded(_ attempt: UUID, on db: any Database) async throws {
        try await SignInAttempt.query(on: db).filter(\.$id == attempt).set(\.$succeeded, to: true).update()
    }

    @discardableResult
    func record(login: String, address: String, device: String?, schoolID: UUID?, succeeded: Bool, on db: any Database) async throws -> UUID {
        let now = Date()
        let attempt = SignInAttempt(schoolID: schoolID, login: login, address: address, at: now, succeeded: succeeded, device: device)
        try await attempt.create(on: db)
        // Old rows go now and then (one attempt in 256): failures after a day, successes after the browser memory.
        if UInt8.random(in: 0...255) == 0 {
            try await SignInAttempt.query(on: db).filter(\.$succeeded == false).filter(\.$at < now.addingTimeInterval(-86_400)).delete()
            try await SignInAttempt.query(on: db).filter(\.$at < now.addingTimeInterval(-deviceMemory)).delete()
        }
        return attempt.id!
    }
}

extension Request {
    /// The client's address: the peer's, or — only when the peer is one of `KOPILKA_TRUSTED_PROXIES` — the last
    /// address in `X-Forwarded-For` that is not a trusted proxy. A client cannot choose its own address by sending
    /// the header straight to the server.
    var clientAddress: String {
        let raw = remoteAddress?.ipAddress ?? "unknown"
        let peer = IPAddress.canonical(raw) ?? raw
        let trusted = application.kopilkaConfig.trustedProxies   // canonical already (AppConfig)
        guard trusted.contains(peer) else { return peer }
        let chain = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .compactMap(IPAddress.canonical)   // what is not an address is no client's
        return chain.last { !trusted.contains($0) } ?? peer
    }

    /// The hash of this browser's device cookie (set on the sign-in page, kept a year), or nil.
    var signInDevice: String? {
        guard let raw = cookies[SignInDevice.cookie]?.string, raw.count >= 20, raw.count <= 100 else { return nil }
        return TokenHash.of(raw)
    }
}
