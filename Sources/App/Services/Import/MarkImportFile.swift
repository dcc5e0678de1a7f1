import Domain
import Fluent
import Foundation
import SQLKit

/// A file of marks exported from an e-journal: CSV read as a stream (twice: check, then apply) or XLSX read whole.
struct MarkImportFile: Sendable {
    enum Source: Sendable { case csv(path: String, encoding: TextEncodingChoice), xlsx(Table) }
    let source: Source
    let headers: [String]
    /// The encoding the CSV was read in («UTF-8», «Windows-1251»); nil for XLSX.
    let encodingTitle: String?

    init(path: String, encoding: TextEncodingChoice = .auto) throws {
        guard let head = FileHandle(forReadingAtPath: path)?.readData(ofLength: 4) else { throw TableError.empty }
        if XLSXReader.isXLSX(head) {
            guard let data = FileManager.default.contents(atPath: path) else { throw TableError.empty }
            let table = try XLSXReader.read(data)
            source = .xlsx(table)
            headers = table.headers
            encodingTitle = nil
        } else {
            let stream = try CSVStream(path: path, encoding: encoding)
            guard let first = stream.next() else { throw TableError.empty }
            let h = first.map { ($0 ?? "").trimmingCharacters(in: .whitespaces) }
            guard h.count >= 2 else { throw TableError.notATable }
            source = .csv(path: path, encoding: encoding)
            headers = h
            encodingTitle = stream.encoding == .utf8 ? "UTF-8" : "Windows-1251"
        }
    }

    /// The first data rows, for the preview; an undecodable cell shows as «�».
    func sample(_ n: Int) throws -> [[String]] {
        switch source {
        case .xlsx(let table): return Array(table.rows.prefix(n))
        case .csv(let path, let encoding):
            let stream = try CSVStream(path: path, encoding: encoding)
            _ = stream.next()
            var rows: [[String]] = []
            while rows.count < n, let row = stream.next() { rows.append(row.map { $0 ?? "�" }) }
            return rows
        }
    }

    /// Calls `body` with each data row (line numbers as a spreadsheet shows them: the header is line 1) and the
    /// share of the file read so far.
    func forEachRow(_ body: (Int, [String?], Double) async throws -> Void) async throws {
        switch source {
        case .xlsx(let table):
            for (i, r) in table.rows.enumerated() {
                try await body(i + 2, r.map { Optional($0) }, Double(i + 1) / Double(max(table.rows.count, 1)))
            }
        case .csv(let path, let encoding):
            let stream = try CSVStream(path: path, encoding: encoding)
            _ = stream.next()
            var line = 1
            while let row = stream.next() {
                line += 1
                if row.allSatisfy({ ($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                try await body(line, row, Double(stream.bytesRead) / Double(max(stream.size, 1)))
            }
        }
    }
}
