import App
import Foundation
import Vapor

/// The `documents` group: справки and portfolio PDFs made in-process for every pupil of the demo school, one after
/// another (one core), against the floor of a one-line PDF made the same way.
struct DocumentsBench {
    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-docs-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var env = Environment.production
        env.arguments = ["kopilka-bench"]
        let app = try await Application.make(env)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(dataDirectory: dir, port: 0))
            try await app.autoMigrate()
            try await BenchFixtures.seedDemo(app)
            let pupils = try await BenchFixtures.enrolledPupilIDs(app)

            var started = Date()
            var bytes = 0
            for i in 0..<pupils.count { bytes += BenchFixtures.floorPDF(i).count }
            let floor = Double(pupils.count) / Date().timeIntervalSince(started)
            print("documents.floor.one_line_pdf_per_s: \(Int(floor))")

            started = Date()
            bytes = 0
            for (i, id) in pupils.enumerated() { bytes += try await BenchFixtures.spravka(app, pupilID: id, number: i + 1).count }
            let spravki = Double(pupils.count) / Date().timeIntervalSince(started)
            print("documents.spravka.count: \(pupils.count)")
            print("documents.spravka_per_s: \(Int(spravki))")
            print("documents.spravka.mean_kb: \(bytes / pupils.count / 1024)")
            print("documents.spravka.ratio_to_floor: \(String(format: "%.2f", spravki / floor))")

            started = Date()
            bytes = 0
            for id in pupils { bytes += try await BenchFixtures.portfolioPDF(app, pupilID: id).count }
            let portfolios = Double(pupils.count) / Date().timeIntervalSince(started)
            print("documents.portfolio_pdf_per_s: \(Int(portfolios))")
            print("documents.portfolio_pdf.mean_kb: \(bytes / pupils.count / 1024)")
            print("documents.portfolio_pdf.ratio_to_floor: \(String(format: "%.2f", portfolios / floor))")
            print("documents.peak_rss_mb: \(Memory.peakRSSMegabytes())")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
