import Domain
import Foundation

/// Configuration read once from the environment at start. A bad value fails fast with one clear line
/// naming the variable.
public struct AppConfig: Sendable, Equatable {
    public enum DatabaseKind: String, Sendable { case sqlite, postgresql }

    public var dataDirectory: String
    /// nil: the embedded SQLite default.
    public var databaseURL: String?
    public var host: String
    public var port: Int
    /// Set when the server is reached over TLS (behind a proxy): cookies get `Secure`.
    public var secureCookies: Bool
    /// The language of the interface when a user has not chosen one.
    public var defaultLanguage: String
    /// bcrypt work factor for new password hashes (tests use the minimum to stay fast).
    public var bcryptCost: Int = 12
    /// The largest evidence file (scan, photo, presentation) accepted, in bytes; `KOPILKA_MAX_UPLOAD_MB`, 20 by default.
    public var maxUploadBytes: Int = 20 << 20
    /// The largest image decoded (for its thumbnail), in pixels of all its frames; `KOPILKA_MAX_IMAGE_MEGAPIXELS`,
    /// 50 by default (a 48-megapixel phone photo fits). A larger image is refused at upload, before it is decoded.
    public var maxImagePixels: Int = 50_000_000
    /// The files a family (the legal representatives of a pupil) may store together, in bytes;
    /// `KOPILKA_FAMILY_QUOTA_MB`, 500 by default, 0 for no limit. Files staff upload do not count.
    public var familyQuotaBytes: Int = 500 << 20
    /// How long a new API token works, in days; `KOPILKA_TOKEN_DAYS`, 365 by default and at most.
    public var tokenDays: Int = 365
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (`KOPILKA_TRUSTED_PROXIES`, comma-separated);
    /// none by default: the header is ignored and the peer's address counts.
    public var trustedProxies: [String] = []
    /// The address people reach the school's Kopilka by (`KOPILKA_PUBLIC_URL`, e.g. «https://kopilka.school.ru»): the
    /// only source of absolute URLs in anything stored, signed or printed — Open Badges, the справка's QR code, share
    /// links, sign-in slips. Never the request's Host header. Required by `serve` once a school other than the demo
    /// is in the database; unset, it is `http://<KOPILKA_HOST>:<KOPILKA_PORT>`.
    public var publicURLSetting: String?
    public var publicURL: String { publicURLSetting ?? "\(secureCookies ? "https" : "http")://\(host):\(port)" }
    /// How often `serve` signs a checkpoint of each school's audit chain into `audit/checkpoints.jsonl` beside the data,
    /// when the chain has moved (`KOPILKA_AUDIT_CHECKPOINT_MINUTES`, 10 by default): what the chain can be checked
    /// against if the database is rewritten. Backups and year archives carry one made at their moment.
    public var auditCheckpointMinutes: Int = 10
    /// A moved calendar (`KOPILKA_TODAY`, гггг-мм-дд): every decision by the school's calendar takes this day as today —
    /// closing a period or the year, retention, a demonstration of the year's end in December. Every page says so in a
    /// banner; unset (always, in a real school's daily work), today is the school's own date.
    public var fixedToday: String?
    /// Scheduled backups of `serve`: the folder (`KOPILKA_BACKUP_DIR`; none: no schedule), the time of day
    /// (`KOPILKA_BACKUP_AT`, «03:00» in the school's time zone) and how many to keep (`KOPILKA_BACKUP_KEEP`, 14).
    public var backupDirectory: String?
    public var backupHour = 3
    public var backupMinute = 0
    public var backupKeep: Int = 14
    /// Counts every statement sent to the database (`app.queryCounter`): the queries-per-page test and the bench.
    /// Not an environment setting.
    public var countQueries = false

    public var databaseKind: DatabaseKind { databaseURL == nil ? .sqlite : .postgresql }
    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("kopilka.sqlite") }

    public init(dataDirectory: String = "./data", databaseURL: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
                secureCookies: Bool = false, defaultLanguage: String = "ru") {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.defaultLanguage = defaultLanguage
    }

    /// Reads `KOPILKA_DATA_DIR`, `DATABASE_URL`, `KOPILKA_HOST`, `KOPILKA_PORT`, `KOPILKA_SECURE_COOKIES`,
    /// `KOPILKA_LANG`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        var config = AppConfig()
        if let dir = env["KOPILKA_DATA_DIR"] {
            guard !dir.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ConfigError(variable: "KOPILKA_DATA_DIR", reason: "пустое значение; укажите каталог данных")
            }
            config.dataDirectory = dir
        }
        if let url = env["DATABASE_URL"], !url.isEmpty {
            try validateDatabaseURL(url)
            config.databaseURL = url
        }
        if let host = env["KOPILKA_HOST"] {
            guard !host.isEmpty, !host.contains(" ") else {
                throw ConfigError(variable: "KOPILKA_HOST", reason: "ожидается адрес (например 127.0.0.1), получено «\(host)»")
            }
            config.host = host
        }
        if let n = try int(env, "KOPILKA_PORT", 1...65535, "число") { config.port = n }
        if let text = env["KOPILKA_SECURE_COOKIES"] {
            switch text.lowercased() {
            case "1", "true", "yes", "on": config.secureCookies = true
            case "0", "false", "no", "off", "": config.secureCookies = false
            default:
                throw ConfigError(variable: "KOPILKA_SECURE_COOKIES", reason: "ожидается true или false, получено «\(text)»")
            }
        }
        if let lang = env["KOPILKA_LANG"] {
            guard ["ru", "en"].contains(lang) else {
                throw ConfigError(variable: "KOPILKA_LANG", reason: "ожидается ru или en, получено «\(lang)»")
            }
            config.defaultLanguage = lang
        }
        if let n = try int(env, "KOPILKA_BCRYPT_COST", 4...16, "число") { config.bcryptCost = n }
        if let dir = env["KOPILKA_BACKUP_DIR"], !dir.isEmpty { config.backupDirectory = dir }
        if let text = env["KOPILKA_BACKUP_AT"] {
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else {
                throw ConfigError(variable: "KOPILKA_BACKUP_AT", reason: "ожидается время ЧЧ:ММ, например 03:00, получено «\(text)»")
            }
            config.backupHour = parts[0]
            config.backupMinute = parts[1]
        }
        if let n = try int(env, "KOPILKA_BACKUP_KEEP", 1...365, "число копий") { config.backupKeep = n }
        if let n = try int(env, "KOPILKA_MAX_UPLOAD_MB", 1...500, "число мегабайт") { config.maxUploadBytes = n << 20 }
        if let n = try int(env, "KOPILKA_MAX_IMAGE_MEGAPIXELS", 1...500, "число мегапикселей") { config.maxImagePixels = n * 1_000_000 }
        if let text = env["KOPILKA_PUBLIC_URL"], !text.isEmpty {
            config.publicURLSetting = try publicURL(text)
        }
        if let text = env["KOPILKA_TRUSTED_PROXIES"], !text.isEmpty {
            var list: [String] = []
            for a in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !a.isEmpty {
                guard let address = IPAddress.canonical(a) else {
                    throw ConfigError(variable: "KOPILKA_TRUSTED_PROXIES", reason: "ожидаются IP-адреса через запятую (например 10.0.0.2,10.0.0.3), получено «\(a)»")
                }
                list.append(address)
            }
            config.trustedProxies = list
        }
        if let n = try int(env, "KOPILKA_TOKEN_DAYS", 1...365, "число дней") { config.tokenDays = n }
        if let n = try int(env, "KOPILKA_FAMILY_QUOTA_MB", 0...1_000_000, "число мегабайт (0 — без лимита)") { config.familyQuotaBytes = n << 20 }
        if let n = try int(env, "KOPILKA_AUDIT_CHECKPOINT_MINUTES", 1...1440, "число минут") { config.auditCheckpointMinutes = n }
        if let text = env["KOPILKA_TODAY"], !text.isEmpty {
            guard LocalDate(text) != nil else {
                throw ConfigError(variable: "KOPILKA_TODAY", reason: "ожидается дата гггг-мм-дд (например 2027-05-27), получено «\(text)»")
            }
            config.fixedToday = text
        }
        return config
    }

    /// An integer variable within `range`; nil when unset. Out of range or not a number: the variable and the range named.
    static func int(_ env: [String: String], _ variable: String, _ range: ClosedRange<Int>, _ what: String) throws -> Int? {
        guard let text = env[variable] else { return nil }
        guard let n = Int(text), range.contains(n) else {
            throw ConfigError(variable: variable, reason: "ожидается \(what) от \(range.lowerBound) до \(range.upperBound), получено «\(text)»")
        }
        return n
    }

    /// `KOPILKA_PUBLIC_URL` checked: http or https, a host, an optional port, nothing after it; without a trailing «/».
    static func publicURL(_ text: String) throws -> String {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let parts = URLComponents(string: trimmed), let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parts.host, !host.isEmpty, parts.path.isEmpty, parts.query == nil, parts.fragment == nil, parts.user == nil,
              trimmed.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else {
            throw ConfigError(variable: "KOPILKA_PUBLIC_URL",
                              reason: "ожидается адрес вида https://kopilka.school.ru (схема, хост и, если нужно, порт — без пути), получено «\(text)»")
        }
        return scheme + "://" + host + (parts.port.map { ":\($0)" } ?? "")
    }

    static func validateDatabaseURL(_ url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme else {
            throw ConfigError(variable: "DATABASE_URL", reason: "не разобрать адрес; ожидается postgres://пользователь:пароль@хост:порт/база")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw ConfigError(variable: "DATABASE_URL", reason: "схема «\(scheme)» не поддерживается; ожидается postgres://…")
        }
        guard let host = parts.host, !host.isEmpty else {
            throw ConfigError(variable: "DATABASE_URL", reason: "в адресе нет хоста; ожидается postgres://пользователь:пароль@хост:порт/база")
        }
        guard parts.path.count > 1 else {
            throw ConfigError(variable: "DATABASE_URL", reason: "в адресе нет имени базы данных (…/kopilka)")
        }
    }
}
