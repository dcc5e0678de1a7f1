import Foundation

public enum FileSniffer {
    /// nil: not a kind of file the portfolio accepts.
    public static func sniff(_ data: Data) -> SniffedType? {
        let b = [UInt8](data.prefix(64))
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + sig.count && Array(b[offset..<offset + sig.count]) == sig
        }
        func ascii(_ s: String, at offset: Int = 0) -> Bool { starts(Array(s.utf8), at: offset) }
        if ascii("%PDF-") { return .init(mime: "application/pdf", extension: "pdf", isImage: false) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .init(mime: "image/png", extension: "png", isImage: true) }
        if starts([0xFF, 0xD8, 0xFF]) { return .init(mime: "image/jpeg", extension: "jpg", isImage: true) }
        if ascii("GIF87a") || ascii("GIF89a") { return .init(mime: "image/gif", extension: "gif", isImage: true) }
        if ascii("RIFF"), ascii("WEBP", at: 8) { return .init(mime: "image/webp", extension: "webp", isImage: true) }
        if ascii("ftyp", at: 4), ["heic", "heix", "mif1", "msf1", "heif"].contains(where: { ascii($0, at: 8) }) {
            // Phones' photos: stored and downloadable; browsers other than Safari do not draw them.
            return .init(mime: "image/heic", extension: "heic", isImage: false)
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .init(mime: "application/vnd.ms-office", extension: "doc", isImage: false)
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return officeArchive(data) }
        return nil
    }

    /// A ZIP is an office document only if its entries say so (OOXML parts or an ODF `mimetype` entry).
    private static func officeArchive(_ data: Data) -> SniffedType? {
        let head = [UInt8](data.prefix(200))
        if head.count > 38 + 39, String(decoding: head[30..<38], as: UTF8.self) == "mimetype" {
            let mime = String(decoding: head[38..<min(head.count, 38 + 50)], as: UTF8.self)
            if mime.hasPrefix("application/vnd.oasis.opendocument.presentation") {
                return .init(mime: "application/vnd.oasis.opendocument.presentation", extension: "odp", isImage: false)
            }
            if mime.hasPrefix("application/vnd.oasis.opendocument.text") {
                return .init(mime: "application/vnd.oasis.opendocument.text", extension: "odt", isImage: false)
            }
            if mime.hasPrefix("application/vnd.oasis.opendocument.spreadsheet") {
                return .init(mime: "application/vnd.oasis.opendocument.spreadsheet", extension: "ods", isImage: false)
            }
            return nil
        }
        // Entry names sit in the local headers and in the central directory at the end.
        func contains(_ s: String) -> Bool { data.range(of: Data(s.utf8)) != nil }
        guard contains("[Content_Types].xml") else { return nil }
        if contains("ppt/presentation.xml") {
            return .init(mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extension: "pptx", isImage: false)
        }
        if contains("word/document.xml") {
            return .init(mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx", isImage: false)
        }
        if contains("xl/workbook.xml") {
            return .init(mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx", isImage: false)
        }
        return nil
    }

    /// A short Russian name of what was recognised, for error messages («распознан как …»).
    public static func describe(_ data: Data) -> String {
        let b = [UInt8](data.prefix(16))
        if b.starts(with: [0x4D, 0x5A]) { return "исполняемый файл Windows" }
        if b.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { return "исполняемый файл" }
        if b.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "ZIP-архив" }
        if b.starts(with: Array("<".utf8)) || b.starts(with: Array("<!".utf8)) { return "HTML или XML" }
        if String(data: data.prefix(512), encoding: .utf8) != nil { return "текст" }
        return "неизвестный формат"
    }
}

extension FileSniffer {
    /// Images every browser draws (shown as thumbnails); HEIC and documents are offered for download.
    public static func isDisplayableImage(mime: String) -> Bool {
        ["image/png", "image/jpeg", "image/gif", "image/webp"].contains(mime)
    }
}
