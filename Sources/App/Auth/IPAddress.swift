import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One spelling per address, so that a trusted proxy matches however it is written: `::ffff:10.0.0.2` is
/// `10.0.0.2`, `2001:DB8::0:1` is `2001:db8::1`. Nil for anything that is not an IP address.
enum IPAddress {
    static func canonical(_ text: String) -> String? {
        let s = text.trimmingCharacters(in: [" ", "[", "]"])
        var v4 = in_addr()
        if inet_pton(AF_INET, s, &v4) == 1 { return string(AF_INET, &v4, Int(INET_ADDRSTRLEN)) }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, s, &v6) == 1 else { return nil }
        // An IPv4 address carried in IPv6 (::ffff:a.b.c.d) is that IPv4 address.
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        return string(AF_INET6, &v6, Int(INET6_ADDRSTRLEN))
    }

    private static func string<T>(_ family: Int32, _ addr: inout T, _ size: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: size)
        guard inet_ntop(family, &addr, &buffer, socklen_t(size)) != nil else { return nil }
        return String(cString: buffer)
    }
}
