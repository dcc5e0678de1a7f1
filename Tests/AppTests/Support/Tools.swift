@testable import App
import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Debian tools the tests read documents with (installed by `scripts/bootstrap --test`): pdftotext, pdftoppm, zbarimg.
enum Tools {
    struct Missing: Error, CustomStringConvertible {
        let tool: String
        var description: String { "\(tool) не найден: установите его (scripts/bootstrap --test)" }
    }

    /// Runs `/usr/bin/<tool>` with `args`; returns its standard output.
    @discardableResult
    static func run(_ tool: String, _ args: [String]) throws -> String {
        let path = "/usr/bin/" + tool
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing(tool: tool) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func temporary(_ data: Data, suffix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-\(UUID().uuidString)\(suffix)").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The text of a PDF, page by page (pdftotext separates pages with a form feed).
    static func pdfPages(_ pdf: Data) throws -> [String] {
        let file = try temporary(pdf, suffix: ".pdf")
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try run("pdftotext", ["-layout", file, "-"]).components(separatedBy: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// What the QR codes on the PDF's first page say (rendered at 200 dpi, read by zbarimg).
    static func qrCodes(_ pdf: Data) throws -> [String] {
        let file = try temporary(pdf, suffix: ".pdf")
        let prefix = file + "-page"
        defer {
            try? FileManager.default.removeItem(atPath: file)
            try? FileManager.default.removeItem(atPath: prefix + "-1.png")
        }
        try run("pdftoppm", ["-r", "200", "-f", "1", "-l", "1", "-png", file, prefix])
        return try run("zbarimg", ["-q", "--raw", prefix + "-1.png"]).split(separator: "\n").map(String.init)
    }
}

extension CommandLineTests {
    /// Starts the real binary with the test database's environment and kills it (SIGKILL) after `after` seconds:
    /// a crash in the middle of its work.
    static func killMidway(_ args: [String], config: AppConfig, after seconds: Double, today: LocalDate? = nil) async throws {
        let p = Process()
        p.executableURL = root.appendingPathComponent(".build/debug/kopilka")
        p.arguments = args
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        environment["KOPILKA_DATA_DIR"] = config.dataDirectory
        environment["KOPILKA_BCRYPT_COST"] = "4"
        if let url = config.databaseURL { environment["DATABASE_URL"] = url }
        if let today { environment["KOPILKA_TODAY"] = today.iso }
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
    }
}
