import Foundation

/// What an uploaded file is, told by its first bytes, never by its name (4.7, 4.8: scans, photos, PDF, presentations).
public struct SniffedType: Equatable, Sendable {
    public let mime: String
    public let `extension`: String
    /// Photographs and scans a browser shows inline (thumbnails in the portfolio).
    public let isImage: Bool
}
