import Foundation

/// A configuration problem: printed as one line, exit code 2.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var variable: String
    public var reason: String
    public var description: String { "Ошибка настройки \(variable): \(reason)" }
}
