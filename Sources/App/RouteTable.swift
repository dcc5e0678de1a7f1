import Vapor

/// The route table: every URL of the site spelled once, as a pattern whose `:name` parts are parameters. Controllers
/// register their handlers from it (`routes.get(.pupil, use: …)`), redirects and page models build links with
/// `RouteTable.pupil.path(id)`, templates with `#path("pupil", id)`, and the grid's script is given its URLs from it.
/// `StructureTests` holds it: every registered route comes from here and no template or controller spells a path.
enum RouteTable: String, CaseIterable, Sendable {
    case home = "/"
    case accountPassword = "/account/password"
    case accountSchool = "/account/school"
    case accountTokens = "/account/tokens"
    case accountTokensRevoke = "/account/tokens/:tokenID/revoke"
    case achievements = "/achievements"
    case achievement = "/achievements/:achievementID"
    case achievementsDelete = "/achievements/:achievementID/delete"
    case achievementsEvidence = "/achievements/:achievementID/evidence"
    case achievementsReject = "/achievements/:achievementID/reject"
    case achievementsVerify = "/achievements/:achievementID/verify"
    case adminImport = "/admin/import"
    case adminImportJob = "/admin/import/:importID"
    case adminImportApply = "/admin/import/:importID/apply"
    case adminOneroster = "/admin/oneroster"
    case adminOnerosterExport = "/admin/oneroster/export"
    case adminSlips = "/admin/slips"
    case adminUsers = "/admin/users"
    case adminUser = "/admin/users/:userID"
    case adminUsersActive = "/admin/users/:userID/active"
    case adminUsersAssignments = "/admin/users/:userID/assignments"
    case adminUsersAssignmentsDelete = "/admin/users/:userID/assignments/:assignmentID/delete"
    case adminUsersPassword = "/admin/users/:userID/password"
    case adminUsersNew = "/admin/users/new"
    case analytics = "/analytics"
    case apiClasses = "/api/v1/classes"
    case apiJournals = "/api/v1/journals"
    case apiJournalsLessons = "/api/v1/journals/:journalID/lessons"
    case apiLessonsMarks = "/api/v1/lessons/:lessonID/marks"
    case apiSpec = "/api/v1/openapi.yaml"
    case apiPupils = "/api/v1/pupils"
    case apiPupil = "/api/v1/pupils/:pupilID"
    case apiPupilsAchievements = "/api/v1/pupils/:pupilID/achievements"
    case apiPupilsAwards = "/api/v1/pupils/:pupilID/awards"
    case apiPupilsConsents = "/api/v1/pupils/:pupilID/consents"
    case apiPupilsDocuments = "/api/v1/pupils/:pupilID/documents"
    case apiPupilsMarks = "/api/v1/pupils/:pupilID/marks"
    case apiPupilsPeriodMarks = "/api/v1/pupils/:pupilID/period-marks"
    case apiPupilsPortfolio = "/api/v1/pupils/:pupilID/portfolio"
    case apiPupilsRequests = "/api/v1/pupils/:pupilID/requests"
    case assessments = "/assessments"
    case assessment = "/assessments/:assessmentID"
    case assessmentsNew = "/assessments/new"
    case awards = "/awards"
    case classes = "/classes"
    case classGroup = "/classes/:classID"
    case classesIndicators = "/classes/:classID/indicators"
    case classesIndicatorsPersonal = "/classes/:classID/indicators/personal"
    case classesPeriodsLock = "/classes/:classID/periods/:periodID/lock"
    case classesPeriodsReopen = "/classes/:classID/periods/:periodID/reopen"
    case classesSummary = "/classes/:classID/summary"
    case control = "/control"
    case controlGifted = "/control/gifted"
    case documents = "/documents"
    case document = "/documents/:documentID"
    case documentsRevoke = "/documents/:documentID/revoke"
    case file = "/files/:attachmentID"
    case health = "/health"
    case help = "/help"
    case helpPage = "/help/:page"
    case helpImage = "/help/img/:file"
    case journals = "/journals"
    case journalsClass = "/journals/class/:journalID"
    case journalsClassAttestation = "/journals/class/:journalID/attestation"
    case journalsClassAttestationDebt = "/journals/class/:journalID/attestation/debts/:debtID"
    case journalsClassExport = "/journals/class/:journalID/export"
    case journalsClassLessons = "/journals/class/:journalID/lessons"
    case journalsClassPeriodMarks = "/journals/class/:journalID/period-marks"
    case journalsGroup = "/journals/group/:journalID"
    case journalsGroupLessons = "/journals/group/:journalID/lessons"
    case journalsGroupExport = "/journals/group/:journalID/export"
    case journalsImport = "/journals/import"
    case journalsImportJob = "/journals/import/:importID"
    case journalsImportApply = "/journals/import/:importID/apply"
    case journalsIndividual = "/journals/individual/:journalID/:pupilID"
    case journalsIndividualLessons = "/journals/individual/:journalID/:pupilID/lessons"
    case journalsIndividualExport = "/journals/individual/:journalID/:pupilID/export"
    case journalsIndividualPeriodMarks = "/journals/individual/:journalID/:pupilID/period-marks"
    case journalsIndividualAttestation = "/journals/individual/:journalID/:pupilID/attestation"
    case journalsIndividualAttestationDebt = "/journals/individual/:journalID/:pupilID/attestation/debts/:debtID"
    case journalsLesson = "/journals/lessons/:lessonID"
    case journalsLessonsCells = "/journals/lessons/:lessonID/cells"
    case language = "/lang/:code"
    case login = "/login"
    case logout = "/logout"
    case obCredential = "/ob/credentials/:credentialID"
    case obCredentialsRevoke = "/ob/credentials/:credentialID/revoke"
    case obIssuer = "/ob/issuers/:schoolID"
    case obIssuersJwks = "/ob/issuers/:schoolID/jwks"
    case obIssuersKey = "/ob/issuers/:schoolID/keys/:keyID"
    case obIssuersRevocations = "/ob/issuers/:schoolID/revocations"
    case pupil = "/pupils/:pupilID"
    case pupilsAchievements = "/pupils/:pupilID/achievements"
    case pupilsAchievementsBadge = "/pupils/:pupilID/achievements/:achievementID/badge"
    case pupilsAchievementsNew = "/pupils/:pupilID/achievements/new"
    case pupilsAwards = "/pupils/:pupilID/awards"
    case pupilsAwardsBadge = "/pupils/:pupilID/awards/:awardID/badge"
    case pupilsAwardsNew = "/pupils/:pupilID/awards/new"
    case pupilsClr = "/pupils/:pupilID/clr"
    case pupilsConsents = "/pupils/:pupilID/consents"
    case pupilsConsentsWithdraw = "/pupils/:pupilID/consents/:consentID/withdraw"
    case pupilsDocuments = "/pupils/:pupilID/documents"
    case pupilsExport = "/pupils/:pupilID/export"
    case pupilsAccessLog = "/pupils/:pupilID/access-log"
    case pupilsParticipation = "/pupils/:pupilID/participation"
    case pupilsPortfolio = "/pupils/:pupilID/portfolio"
    case pupilsPortfolioPdf = "/pupils/:pupilID/portfolio/pdf"
    case pupilsPortfolioPrint = "/pupils/:pupilID/portfolio/print"
    case pupilsPortfolioVisibility = "/pupils/:pupilID/portfolio/visibility"
    case pupilsRequests = "/pupils/:pupilID/requests"
    case pupilsResults = "/pupils/:pupilID/results"
    case pupilsRoute = "/pupils/:pupilID/route"
    case pupilsRouteSteps = "/pupils/:pupilID/route/steps"
    case pupilsRouteStep = "/pupils/:pupilID/route/steps/:stepID"
    case pupilsShares = "/pupils/:pupilID/shares"
    case pupilsSharesRevoke = "/pupils/:pupilID/shares/:shareID/revoke"
    case pupilsSpravka = "/pupils/:pupilID/spravka"
    case pupilsWorks = "/pupils/:pupilID/works"
    case requests = "/requests"
    case requestsAnswer = "/requests/:requestID/answer"
    case requestsExtend = "/requests/:requestID/extend"
    case retention = "/retention"
    case retentionApply = "/retention/apply"
    case retentionRules = "/retention/rules"
    case settings = "/settings"
    case settingsIndicators = "/settings/indicators"
    case settingsIndicator = "/settings/indicators/:id"
    case settingsPeriods = "/settings/periods"
    case settingsPeriod = "/settings/periods/:id"
    case settingsPeriodsDelete = "/settings/periods/:id/delete"
    case settingsPolicy = "/settings/policies/:id"
    case settingsScale = "/settings/scales/:id"
    case settingsVocabularies = "/settings/vocabularies"
    case settingsVocabulary = "/settings/vocabularies/:id"
    case settingsWorkTypes = "/settings/work-types"
    case settingsWorkType = "/settings/work-types/:id"
    case setup = "/setup"
    case setupOneroster = "/setup/oneroster"
    case share = "/share/:token"
    case shareFile = "/share/:token/files/:attachmentID"
    case summary = "/summary"
    case verify = "/verify/:token"
    case year = "/year"
    case yearClose = "/year/close"

    var components: [PathComponent] { rawValue.pathComponents }

    /// The pattern with its parameters filled in, in order (a UUID in lower case); the arguments' count must match.
    func path(_ arguments: any CustomStringConvertible...) -> String { path(filling: arguments) }

    func path(filling arguments: [any CustomStringConvertible]) -> String {
        var rest = arguments[...]
        let parts = rawValue.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix(":") else { return String(part) }
            precondition(!rest.isEmpty, "\(rawValue): an argument is missing")
            let value = rest.removeFirst()
            return (value as? UUID)?.uuidString.lowercased() ?? value.description
        }
        precondition(rest.isEmpty, "\(rawValue): too many arguments")
        return parts.joined(separator: "/")
    }

    /// The number of parameters the pattern takes.
    var parameterCount: Int { rawValue.split(separator: "/").filter { $0.hasPrefix(":") }.count }

    /// Whether `path` belongs to the JSON API (its errors are answered in JSON, not as a page).
    static func isAPI(_ path: String) -> Bool { path.hasPrefix("/api/") }

    /// An Open Badges achievement's identifier under its issuer: an IRI naming the kind of achievement (the standard
    /// asks for a URI), not a route; kept here so that no other file spells a path under a route's segment.
    static func badgeAchievementID(issuer: String, _ key: String) -> String { issuer + "/achievements/" + key }

    static let byName: [String: RouteTable] = Dictionary(uniqueKeysWithValues: allCases.map { ("\($0)", $0) })
}

extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(_ route: RouteTable, use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        get(route.components, use: closure)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(_ route: RouteTable, use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        post(route.components, use: closure)
    }

    @discardableResult
    func on<R: AsyncResponseEncodable>(_ method: HTTPMethod, _ route: RouteTable, body: HTTPBodyStreamStrategy = .collect,
                                       use closure: @Sendable @escaping (Request) async throws -> R) -> Route {
        on(method, route.components, body: body, use: closure)
    }
}
