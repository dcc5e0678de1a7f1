import Foundation

/// The `memory` group: the marks import at 10 000 and at 1 000 000 rows, each in a fresh process (peak RSS is a
/// process's high-water mark), to show that the import streams: the growth of memory during the import does not
/// follow the file's size.
struct MemoryBench {
    let sizes = [10_000, 1_000_000]

    func run() throws {
        var growth: [Int: Int] = [:]
        for n in sizes {
            let out = try capture(benchExecutable, ["import", "--marks", String(n)])
            guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("import.peak_rss_mb:") }) else {
                throw BenchError("memory: no import.peak_rss_mb in\n\(out)")
            }
            // "import.peak_rss_mb: 185 (before the import: 120)"
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            guard numbers.count >= 2 else { throw BenchError("memory: cannot read \(line)") }
            print("memory.import_\(n).peak_rss_mb: \(numbers[0])")
            print("memory.import_\(n).before_import_mb: \(numbers[1])")
            growth[n] = numbers[0] - numbers[1]
            print("memory.import_\(n).growth_mb: \(numbers[0] - numbers[1])")
            fflush(nil)
        }
        if let small = growth[sizes[0]], let large = growth[sizes[1]] {
            print("memory.import.rows_ratio: \(sizes[1] / sizes[0])")
            print("memory.import.growth_ratio: \(String(format: "%.2f", Double(large) / Double(max(small, 1))))")
        }
    }
}
