import Fluent
import Foundation
import Vapor

/// Throttles guessing: after too many failures in a window, per login and per address, sign-in waits.
/// Counts live in the database, so every app process applies the same limit.
struct SignInThrottle {
    /// Failures per login in the window before it is locked.
    var perLogin = 10
    /// Failures per address: higher, since a whole school may sign in from one address.
    var perAddress = 50
    var window: TimeInterval = 10 * 60

    /// Minutes to wait, or nil when sign-in may go ahead.
    func wait(login: String, address: String, on db: any Database, now: Date = Date()) async throws -> Int? {
        let since = now.addingTimeInterval(-window)
        let byLogin = try await SignInAttempt.query(on: db)
            .filter(\.$login == login).filter(\.$succeeded == false).filter(\.$at >= since)
            .sort(\.$at, .ascending).all(\.$at)
        let byAddress = try await SignInAttempt.query(on: db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$at >= since)
            .sort(\.$at, .ascending).all(\.$at)
        var until: Date?
        if byLogin.count >= perLogin { until = byLogin[byLogin.count - perLogin].addingTimeInterval(window) }
        if byAddress.count >= perAddress {
            let u = byAddress[byAddress.count - perAddress].addingTimeInterval(window)
            until = max(until ?? u, u)
        }
        guard let until, until > now else { return nil }
        return max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
    }

    func record(login: String, address: String, schoolID: UUID?, succeeded: Bool, on db: any Database) async throws {
        try await SignInAttempt(schoolID: schoolID, login: login, address: address, at: Date(), succeeded: succeeded).create(on: db)
    }
}

extension Request {
    /// The client's address as the server sees it (a proxy in front should be configured to pass it).
    var clientAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}
