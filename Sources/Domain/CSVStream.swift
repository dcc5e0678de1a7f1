import Foundation

/// CSV read as a stream of rows from a file, in chunks: memory does not grow with the file. Fields are split on
/// bytes (the delimiter, quotes and line ends are single bytes in UTF-8 and Windows-1251 alike), then decoded.
public final class CSVStream {
    public let encoding: String.Encoding
    public let delimiter: UInt8
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private let chunk = 1 << 20
    public private(set) var bytesRead = 0
    public let size: Int

    /// Opens the file; sniffs the encoding (unless chosen) and the delimiter from its first megabyte.
    public init(path: String, encoding choice: TextEncodingChoice = .auto) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw TableError.empty }
        handle = h
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var head = [UInt8](h.readData(ofLength: chunk))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3); bytesRead = 3 }
        guard !head.isEmpty else { throw TableError.empty }
        switch choice {
        case .utf8: encoding = .utf8
        case .cp1251: encoding = .windowsCP1251
        case .auto: encoding = try Self.sniff(head, complete: head.count < chunk)
        }
        let firstLine = head.prefix { $0 != 0x0A }
        delimiter = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ",")].max { a, b in
            firstLine.filter { $0 == a }.count < firstLine.filter { $0 == b }.count
        }!
        buffer = head
    }

    deinit { try? handle.close() }

    /// UTF-8 when the bytes decode as UTF-8 (a sequence cut at the chunk's end is allowed), else Windows-1251 when
    /// they look like text; anything else is refused.
    static func sniff(_ bytes: [UInt8], complete: Bool) throws -> String.Encoding {
        var probe = bytes[...]
        if !complete {
            // Drop a multi-byte sequence cut at the end of the chunk.
            var cut = 0
            while cut < 3, let last = probe.last, last & 0xC0 == 0x80 { probe = probe.dropLast(); cut += 1 }
            if let last = probe.last, last >= 0xC0 { probe = probe.dropLast() }
        }
        if String(bytes: probe, encoding: .utf8) != nil { return .utf8 }
        if bytes.contains(where: { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) || $0 == 0x98 }) { throw TableError.unknownEncoding }
        return .windowsCP1251
    }

    private func fill() -> Bool {
        if finished { return false }
        let data = handle.readData(ofLength: chunk)
        if data.isEmpty { finished = true; return false }
        if position > 0 { buffer.removeFirst(position); position = 0 }
        buffer.append(contentsOf: data)
        return true
    }

    /// Windows-1251's upper half as Unicode scalars (the lower half is ASCII).
    private static let cp1251: [Unicode.Scalar] = (0x80...0xFF).map { b in
        String(data: Data([UInt8(b)]), encoding: .windowsCP1251)?.unicodeScalars.first ?? "\u{FFFD}"
    }

    private func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        if bytes.isEmpty { return "" }
        if encoding == .utf8 { return String(validating: bytes, as: UTF8.self) }
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(b < 0x80 ? Unicode.Scalar(b) : Self.cp1251[Int(b) - 0x80]) }
        return String(s)
    }

    /// The next row, or nil at the end. A field that does not decode in the file's encoding is nil in the row.
    public func next() -> [String?]? {
        var row: [String?] = []
        var field: [UInt8] = []
        var quoted = false
        var any = false
        while true {
            if position >= buffer.count {
                bytesRead += 0
                if !fill() {
                    if !any && field.isEmpty && row.isEmpty { return nil }
                    row.append(decode(field[...]))
                    return row
                }
            }
            let c = buffer[position]
            position += 1
            bytesRead += 1
            any = true
            if quoted {
                if c == 0x22 {
                    if position >= buffer.count { _ = fill() }
                    if position < buffer.count && buffer[position] == 0x22 { field.append(0x22); position += 1; bytesRead += 1 }
                    else { quoted = false }
                } else { field.append(c) }
            } else if c == 0x22 && field.isEmpty {
                quoted = true
            } else if c == delimiter {
                row.append(decode(field[...])); field.removeAll(keepingCapacity: true)
            } else if c == 0x0A {
                if field.last == 0x0D { field.removeLast() }
                row.append(decode(field[...]))
                return row
            } else {
                field.append(c)
            }
        }
    }
}
