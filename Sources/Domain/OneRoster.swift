import Foundation

/// 1EdTech OneRoster 1.2, CSV binding: the files of a bulk package, their columns in order (STANDARDS.md §3.1), the
/// manifest, and RFC 4180 text. Pure: the mapping to the school's data lives in the app.
public enum OneRoster {
    /// Every file a manifest lists (present as `bulk`, or `absent`).
    public static let allFiles = ["academicSessions", "categories", "classes", "classResources", "courses", "courseResources",
                                  "demographics", "enrollments", "lineItemLearningObjectiveIds", "lineItems", "lineItemScoreScales",
                                  "orgs", "resources", "resultLearningObjectiveIds", "results", "resultScoreScales", "roles",
                                  "scoreScales", "userProfiles", "userResources", "users"]

    /// The columns of the files Kopilka writes and reads, in the binding's order.
    public static let columns: [String: [String]] = [
        "orgs": ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
        "academicSessions": ["sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear"],
        "courses": ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId",
                    "subjects", "subjectCodes"],
        "classes": ["sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType", "location",
                    "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods"],
        "users": ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName", "middleName",
                  "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password", "userMasterIdentifier",
                  "resourceSourcedIds", "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId", "pronouns"],
        "roles": ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId",
                  "userProfileSourcedId"],
        "enrollments": ["sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary",
                        "beginDate", "endDate"],
        "demographics": ["sourcedId", "status", "dateLastModified", "birthDate", "sex", "americanIndianOrAlaskaNative", "asian",
                         "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
                         "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
                         "publicSchoolResidenceStatus"],
        "categories": ["sourcedId", "status", "dateLastModified", "title", "weight"],
        "lineItems": ["sourcedId", "status", "dateLastModified", "title", "description", "assignDate", "dueDate", "classSourcedId",
                      "categorySourcedId", "academicSessionSourcedId", "resultValueMin", "resultValueMax", "schoolSourcedId"],
        "results": ["sourcedId", "status", "dateLastModified", "lineItemSourcedId", "studentSourcedId", "scoreStatus", "score", "scoreDate",
                    "comment", "textScore", "classSourcedId", "inProgress", "incomplete", "late", "missing"],
        "scoreScales": ["sourcedId", "status", "dateLastModified", "title", "type", "orgSourcedId", "courseSourcedId", "classSourcedId",
                        "scoreScaleValue"],
    ]

    /// Files written in the order a reader needs them (referenced rows first).
    public static let written = ["orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments", "demographics",
                                 "categories", "scoreScales", "lineItems", "results"]

    public static func manifest(systemName: String, systemCode: String, present: Set<String>) -> [[String]] {
        [["propertyName", "value"], ["manifest.version", "1.0"], ["oneroster.version", "1.2"],
         ["source.systemName", systemName], ["source.systemCode", systemCode]]
            + allFiles.map { ["file.\($0)", present.contains($0) ? "bulk" : "absent"] }
    }

    /// RFC 4180: commas, CRLF line ends; a field is quoted when it holds a comma, a quote or a line break.
    public static func csv(_ rows: [[String]]) -> Data {
        var out = ""
        for row in rows {
            out += row.map { f in
                f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }

    /// A list inside one field: «a, b» or «a,b» (quoted in the file) → ["a", "b"].
    public static func list(_ field: String) -> [String] {
        field.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Grade numbers as OneRoster writes them for Russian grades: «01»…«11».
    public static func grade(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
