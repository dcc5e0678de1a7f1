import Foundation

/// A table read from a file: the header row and the data rows, as text.
public struct Table: Sendable, Equatable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }
}
