import Foundation
import Logging
import Vapor

/// Finds the folder holding `Resources/` and `Public/`: `KOPILKA_HOME`, the current directory, or the project the
/// binary was built in (`.build/<config>/kopilka` → the project root).
enum ResourceLocator {
    static func root() -> String? {
        let fm = FileManager.default
        func ok(_ dir: String) -> Bool { fm.fileExists(atPath: dir + "/Resources/Localization/ru.json") }
        if let home = ProcessInfo.processInfo.environment["KOPILKA_HOME"], ok(home) { return home.hasSuffix("/") ? home : home + "/" }
        let cwd = fm.currentDirectoryPath
        if ok(cwd) { return nil }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            if ok(dir.path) { return dir.path + "/" }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
