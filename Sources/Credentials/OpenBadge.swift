import Crypto
import Foundation

/// Open Badges 3.0 (`OpenBadgeCredential`) and CLR 2.0 (`ClrCredential`) documents, as STANDARDS.md §3.3–3.4
/// describe them. Nothing here names the pupil: the subject is a salted hash of an identifier the school keeps.
public enum OpenBadge {
    public static let vcContext = "https://www.w3.org/ns/credentials/v2"
    public static let obContext = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    public static let clrContext = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
    public static let obSchema = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
    public static let clrSchema = "https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json"

    /// The school as an issuer: its profile lives at `id`.
    public struct Issuer: Sendable {
        public var id: String
        public var name: String
        public var url: String
        public var description: String
        public init(id: String, name: String, url: String, description: String) {
            self.id = id; self.name = name; self.url = url; self.description = description
        }

        public var profile: JSONValue {
            ["id": .string(id), "type": ["Profile"], "name": .string(name), "url": .string(url), "description": .string(description)]
        }
    }

    /// A result on a scale: what the pupil achieved («призёр, 2 место») or the level of the event («региональный»).
    public struct Result: Sendable {
        public var id: String
        public var name: String
        public var resultType: String
        public var allowed: [String]
        public var value: String
        public init(id: String, name: String, resultType: String = "PerformanceLevel", allowed: [String], value: String) {
            self.id = id; self.name = name; self.resultType = resultType; self.allowed = allowed; self.value = value
        }
    }

    public struct Evidence: Sendable {
        public var name: String
        public var description: String
        public init(name: String, description: String) { self.name = name; self.description = description }
    }

    /// Everything one credential says.
    public struct Award: Sendable {
        public var credentialID: String
        public var issuer: Issuer
        public var achievementID: String
        public var name: String
        public var description: String
        public var criteria: String
        /// From the Open Badges enumeration: Award, CoCurricular, Membership, Assignment, …
        public var achievementType: String
        public var fieldOfStudy: String?
        public var tags: [String]
        public var awardedOn: String            // yyyy-MM-dd
        public var activityStart: String?
        public var activityEnd: String?
        public var validFrom: Date
        public var subjectIdentifier: String
        public var salt: String
        public var results: [Result]
        public var evidence: [Evidence]
        public var statusListURL: String
        public var image: String?

        public init(credentialID: String, issuer: Issuer, achievementID: String, name: String, description: String, criteria: String,
                    achievementType: String, fieldOfStudy: String?, tags: [String], awardedOn: String, activityStart: String?,
                    activityEnd: String?, validFrom: Date, subjectIdentifier: String, salt: String, results: [Result],
                    evidence: [Evidence], statusListURL: String, image: String?) {
            self.credentialID = credentialID; self.issuer = issuer; self.achievementID = achievementID; self.name = name
            self.description = description; self.criteria = criteria; self.achievementType = achievementType
            self.fieldOfStudy = fieldOfStudy; self.tags = tags; self.awardedOn = awardedOn; self.activityStart = activityStart
            self.activityEnd = activityEnd; self.validFrom = validFrom; self.subjectIdentifier = subjectIdentifier; self.salt = salt
            self.results = results; self.evidence = evidence; self.statusListURL = statusListURL; self.image = image
        }
    }

    /// `sha256$<hex>` of the identifier with the salt appended, as IdentityObject.identityHash expects.
    public static func identityHash(_ identifier: String, salt: String) -> String {
        "sha256$" + SHA256.hash(data: Data((identifier + salt).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    public static func achievement(_ a: Award) -> JSONValue {
        var achievement: JSONValue = [
            "id": .string(a.achievementID), "type": ["Achievement"], "achievementType": .string(a.achievementType),
            "name": .string(a.name), "description": .string(a.description), "criteria": ["narrative": .string(a.criteria)],
            "inLanguage": "ru", "creator": a.issuer.profile,
        ]
        if let f = a.fieldOfStudy { achievement = achievement.setting("fieldOfStudy", .string(f)) }
        if !a.tags.isEmpty { achievement = achievement.setting("tag", .array(a.tags.map(JSONValue.string))) }
        if let image = a.image { achievement = achievement.setting("image", ["id": .string(image), "type": "Image"]) }
        if !a.results.isEmpty {
            achievement = achievement.setting("resultDescription", .array(a.results.map { r in
                ["id": .string(r.id), "type": ["ResultDescription"], "name": .string(r.name), "resultType": .string(r.resultType),
                 "allowedValue": .array(r.allowed.map(JSONValue.string))]
            }))
        }
        return achievement
    }

    /// The OpenBadgeCredential, unsigned: the VC-JWT's payload carries it as is.
    public static func credential(_ a: Award) -> JSONValue {
        var subject: JSONValue = [
            "type": ["AchievementSubject"],
            "identifier": [["type": "IdentityObject", "identityHash": .string(identityHash(a.subjectIdentifier, salt: a.salt)),
                            "identityType": "identifier", "hashed": true, "salt": .string(a.salt)]],
            "achievement": achievement(a),
        ]
        if let s = a.activityStart { subject = subject.setting("activityStartDate", .string(s + "T00:00:00Z")) }
        if let e = a.activityEnd { subject = subject.setting("activityEndDate", .string(e + "T00:00:00Z")) }
        if !a.results.isEmpty {
            subject = subject.setting("result", .array(a.results.map { r in
                ["type": ["Result"], "resultDescription": .string(r.id), "value": .string(r.value)]
            }))
        }
        var credential: JSONValue = [
            "@context": [.string(vcContext), .string(obContext)],
            "id": .string(a.credentialID),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": .string(a.name),
            "description": .string(a.description),
            "issuer": a.issuer.profile,
            "validFrom": .string(timestamp(a.validFrom)),
            "awardedDate": .string(a.awardedOn + "T00:00:00Z"),
            "credentialSubject": subject,
            "credentialSchema": [["id": .string(obSchema), "type": "1EdTechJsonSchemaValidator2019"]],
            "credentialStatus": ["id": .string(a.statusListURL), "type": "1EdTechRevocationList"],
        ]
        if !a.evidence.isEmpty {
            credential = credential.setting("evidence", .array(a.evidence.map { e in
                ["type": ["Evidence"], "name": .string(e.name), "description": .string(e.description)]
            }))
        }
        return credential
    }

    /// A CLR 2.0 extract: the pupil's signed credentials of a period with their achievements, one subject.
    public static func clr(id: String, issuer: Issuer, name: String, subjectIdentifier: String, salt: String, validFrom: Date,
                           credentials: [JSONValue], achievements: [JSONValue], statusListURL: String) -> JSONValue {
        [
            "@context": [.string(vcContext), .string(clrContext), .string(obContext)],
            "id": .string(id),
            "type": ["VerifiableCredential", "ClrCredential"],
            "name": .string(name),
            "issuer": issuer.profile,
            "validFrom": .string(timestamp(validFrom)),
            "credentialSubject": [
                "type": ["ClrSubject"],
                "identifier": [["type": "IdentityObject", "identityHash": .string(identityHash(subjectIdentifier, salt: salt)),
                                "identityType": "identifier", "hashed": true, "salt": .string(salt)]],
                "verifiableCredential": .array(credentials),
                "achievement": .array(achievements),
            ],
            "credentialSchema": [["id": .string(clrSchema), "type": "1EdTechJsonSchemaValidator2019"]],
            "credentialStatus": ["id": .string(statusListURL), "type": "1EdTechRevocationList"],
        ]
    }
}
