import App
import Foundation
import Vapor

/// The `import` group: a generated e-journal CSV of `count` marks imported into SQLite (check pass + apply in one
/// transaction, as `kopilka import marks` does), against the floor of writing the same lessons and marks with one
/// plain prepared INSERT per row in one transaction, into a copy of the same database taken before the import.
struct ImportBench {
    let count: Int

    func run() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kopilka-bench-import-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let importDir = root + "/import", floorDir = root + "/floor", csv = root + "/marks.csv"
        try FileManager.default.createDirectory(atPath: importDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: floorDir, withIntermediateDirectories: true)

        // The school, the file, and a copy of the database as it was before the import.
        let rows: Int
        var app = try await Self.open(importDir)
        do {
            try await app.autoMigrate()
            try await BenchFixtures.seedDemo(app)
            rows = try await BenchFixtures.writeMarksCSV(app, path: csv, count: count)
        } catch { try? await app.asyncShutdown(); throw error }
        try await app.asyncShutdown()
        try FileManager.default.copyItem(atPath: importDir + "/kopilka.sqlite", toPath: floorDir + "/kopilka.sqlite")
        let size = (try FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
        print("import.file.rows: \(rows)")
        print("import.file.mb: \(size >> 20)")

        app = try await Self.open(importDir)
        let floorRows: BenchFixtures.FloorRows
        do {
            let rssBefore = Memory.peakRSSMegabytes()
            let started = Date()
            let figures = try await BenchFixtures.importMarks(app, path: csv)
            let seconds = Date().timeIntervalSince(started)
            // The demo's own marks make a few rows unchanged; none may be refused.
            guard figures.refused == 0, figures.written > rows * 9 / 10 else {
                throw Abort(.internalServerError, reason: "bench: \(figures.refused) rows refused, \(figures.written) of \(rows) written")
            }
            let rate = Double(figures.written) / seconds
            print("import.marks_written: \(figures.written)")
            print("import.lessons_created: \(figures.lessons)")
            print("import.seconds: \(String(format: "%.1f", seconds))")
            print("import.marks_per_s: \(Int(rate))")
            print("import.peak_rss_mb: \(Memory.peakRSSMegabytes()) (before the import: \(rssBefore))")
            floorRows = try await BenchFixtures.importedRows(app)
            try await app.asyncShutdown()

            let floorApp = try await Self.open(floorDir)
            do {
                let floorStarted = Date()
                try await BenchFixtures.insertPlain(floorApp, floorRows)
                let floorRate = Double(floorRows.count) / Date().timeIntervalSince(floorStarted)
                print("import.floor.plain_insert_marks_per_s: \(Int(floorRate))")
                print("import.ratio_to_floor: \(String(format: "%.2f", rate / floorRate))")
            } catch { try? await floorApp.asyncShutdown(); throw error }
            try await floorApp.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func open(_ dir: String) async throws -> Application {
        var env = Environment.production
        env.arguments = ["kopilka-bench"]
        let app = try await Application.make(env)
        app.logger.logLevel = .error
        do {
            try await configure(app, config: AppConfig(dataDirectory: dir, port: 0))
        } catch { try? await app.asyncShutdown(); throw error }
        return app
    }
}
