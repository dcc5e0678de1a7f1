import Domain
import Fluent
import Vapor

/// Session lifetime: signed out after `idle` without a request, and `absolute` after sign-in in any case.
enum SessionClock {
    static let idle: TimeInterval = 2 * 3600
    static let absolute: TimeInterval = 12 * 3600

    /// Signs `user` in on a fresh session: the old session id is deleted, never reused; a new CSRF token with it.
    static func signIn(_ req: Request, _ user: User) async throws {
        if req.hasSession, let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data = SessionData()
        req.auth.login(user)
        req.session.data[CSRF.sessionKey] = CSRF.randomToken()
        start(req)
        keep(req, user)
    }

    /// The user's credentials stamp as this session knows it: taken from the row whose password was checked, so a
    /// sign-in that overlapped a password change holds the old stamp and ends on its next request.
    static func keep(_ req: Request, _ user: User) {
        req.session.data["credentials"] = stamp(user.credentialsChangedAt)
    }

    static func stamp(_ date: Date?) -> String {
        date.map { String(Int64(($0.timeIntervalSince1970 * 1000).rounded())) } ?? "-"
    }

    static func start(_ req: Request) {
        let now = String(Int(Date().timeIntervalSince1970))
        req.session.data["started"] = now
        req.session.data["seen"] = now
    }

    /// The signed-in user when the session is live: an active account, a session neither idle nor too old, opened
    /// with the user's current credentials. The one check every signed-in route and every upload body passes.
    static func liveUser(_ req: Request) -> User? {
        guard let user = req.auth.get(User.self), user.active, user.id != nil, touch(req, user: user) else { return nil }
        return user
    }

    /// False when the session has run out or began before the user's password last changed (or the account was
    /// switched off); otherwise refreshes "seen" (at most once a minute, to spare writes).
    static func touch(_ req: Request, user: User, now: Date = Date()) -> Bool {
        let t = now.timeIntervalSince1970
        guard let started = req.session.data["started"].flatMap(Double.init),
              let seen = req.session.data["seen"].flatMap(Double.init),
              t - seen < idle, t - started < absolute else { return false }
        // The session acts only for the credentials it was opened with.
        if let kept = req.session.data["credentials"] {
            if kept != stamp(user.credentialsChangedAt) { return false }
        } else if let changed = user.credentialsChangedAt, started < changed.timeIntervalSince1970.rounded(.down) {
            return false  // a session from before stamps were kept
        }
        if t - seen > 60 { req.session.data["seen"] = String(Int(t)) }
        return true
    }
}
