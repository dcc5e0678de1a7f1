import Foundation

/// Text encodings a school's CSV comes in.
public enum TextEncodingChoice: String, Sendable, CaseIterable {
    case auto, utf8, cp1251

    public var title: String {
        switch self {
        case .auto: return "определить автоматически"
        case .utf8: return "UTF-8"
        case .cp1251: return "Windows-1251"
        }
    }
}
