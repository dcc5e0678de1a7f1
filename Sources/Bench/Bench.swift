import App
import Foundation
import Vapor

/// `kopilka-bench <group>… [--seconds N] [--connections N] [--marks N]`: loopback load in a release build.
/// Prints `key: value` lines; every measure stands beside its floor from the same run and the ratio.
@main
enum Bench {
    static func main() async throws {
        // `kopilka-bench kopilka serve …`: this binary as the server process the load runs against.
        if CommandLine.arguments.dropFirst().first == "kopilka" {
            exit(await Kopilka.main(arguments: ["kopilka"] + CommandLine.arguments.dropFirst(2)))
        }
        var args = Array(CommandLine.arguments.dropFirst())
        var seconds = 5.0
        var connections = 64
        var marks = 1_000_000
        var schools = 500
        var markCopies = 4
        if let i = args.firstIndex(of: "--schools"), i + 1 < args.count { schools = Int(args[i + 1]) ?? schools; args.removeSubrange(i...i + 1) }
        if let i = args.firstIndex(of: "--mark-copies"), i + 1 < args.count { markCopies = Int(args[i + 1]) ?? markCopies; args.removeSubrange(i...i + 1) }
        if let i = args.firstIndex(of: "--marks"), i + 1 < args.count { marks = Int(args[i + 1]) ?? marks; args.removeSubrange(i...i + 1) }
        if let i = args.firstIndex(of: "--seconds"), i + 1 < args.count { seconds = Double(args[i + 1]) ?? seconds; args.removeSubrange(i...i + 1) }
        if let i = args.firstIndex(of: "--connections"), i + 1 < args.count { connections = Int(args[i + 1]) ?? connections; args.removeSubrange(i...i + 1) }
        let groups = Set(args.isEmpty ? ["pages"] : args)
        guard groups.isSubset(of: ["pages", "journal", "documents", "import", "region", "cluster", "memory", "all"]) else {
            FileHandle.standardError.write(Data("kopilka-bench: известные группы: pages, journal, documents, import, region, cluster, memory, all\n".utf8))
            exit(2)
        }
        // Request logs off: the measured path is the app, not the terminal.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .error
            return handler
        }
        let all = groups.contains("all")
        if all || groups.contains("pages") || groups.contains("journal") {
            try await PagesBench(seconds: seconds, connections: connections,
                                 pages: all || groups.contains("pages"), journal: all || groups.contains("journal")).run()
        }
        if all || groups.contains("region") || groups.contains("cluster") {
            try await RegionBench(schools: schools, markCopies: markCopies, seconds: seconds, connections: 8,
                                  cluster: all || groups.contains("cluster")).run()
        }
        if all || groups.contains("documents") { try await DocumentsBench().run() }
        if all || groups.contains("import") { try await ImportBench(count: marks).run() }
        if all || groups.contains("memory") { try MemoryBench().run() }
    }
}
