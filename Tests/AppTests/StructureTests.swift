import Foundation
import Testing

/// Issue 15's structural rules, read from the sources: every permission is the access policy's, every clock the school's.
@Suite struct StructureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func appSources() throws -> [(String, String)] {
        let dir = root.appendingPathComponent("Sources/App")
        let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try files.sorted().map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func noRoleNameDecidesAPermissionOutsideThePolicy() throws {
        // Role names appear where they are data (the OneRoster mapping, the account form's scope rules, the demo and
        // the display of the roles held), never as a permission check.
        let allowed = ["Services/OneRoster/", "Services/Demo/", "Controllers/AssignmentForm.swift", "Models/People/"]
        let patterns = ["actor.has(", "roles.contains", "actor.roles.", "$0.role == .", "a.role == .", ".role ~~ [", "isStaff"]
        var found: [String] = []
        for (path, text) in try Self.appSources() where !allowed.contains(where: { path.hasPrefix($0) || path == $0 }) {
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if patterns.contains(where: { line.contains($0) }) { found.append("\(path):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        #expect(found.isEmpty, "role checks outside the policy:\n\(found.joined(separator: "\n"))")
    }

    @Test func noTimeZoneIsSpelledInApp() throws {
        var found: [String] = []
        for (path, text) in try Self.appSources() where text.contains("Europe/") || text.contains("TimeZone(identifier:") {
            found.append(path)
        }
        #expect(found.isEmpty, "a school's time zone comes from the school (SchoolTime): \(found)")
    }

    @Test func todayComesFromTheSchoolClock() throws {
        // A date of a stored moment (`now: recordedAt`) is a conversion; "today" itself is the school clock's, which
        // KOPILKA_TODAY moves for a whole-year test or a demonstration.
        let today = try NSRegularExpression(pattern: #"LocalDate\.today\(in: [^,)]+(\)|, now: Date\(\)\))"#)
        var found: [String] = []
        for (path, text) in try Self.appSources() where path != "Services/SchoolClock.swift" {
            if today.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { found.append(path) }
        }
        #expect(found.isEmpty, "take today from app.clock (SchoolClock): \(found)")
    }

    @Test func noPupilIsInventedToAskThePolicy() throws {
        var found: [String] = []
        for (path, text) in try Self.appSources() where text.contains("pupilID: UUID()") { found.append(path) }
        #expect(found.isEmpty, "ask the policy about a journal, a class or the school instead: \(found)")
    }

    @Test func noControllerReachesIntoAnother() throws {
        // What two controllers share lives in Queries/, Views/, Services/ or Auth/; only the route list names them all.
        let name = try NSRegularExpression(pattern: #"\b([A-Z][A-Za-z]+Controller)\."#)
        var found: [String] = []
        for (path, text) in try Self.appSources() where path != "routes.swift" {
            let own = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            for m in name.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let other = (text as NSString).substring(with: m.range(at: 1))
                if other != own { found.append("\(path): \(other)") }
            }
        }
        #expect(found.isEmpty, "a controller's member used elsewhere:\n\(Set(found).sorted().joined(separator: "\n"))")
    }
}
