import Vapor

/// Every URL of the site, grouped by who may call it. Paths come from `Paths`, so links and routes agree.
func routes(_ app: Application) throws {
    // Anyone, signed in or not.
    try app.register(collection: HealthController())
    // The JSON API: bearer tokens of integrations, no cookies, no sessions.
    try app.register(collection: APIController())
    // Open Badges: the issuer profile, its public keys, the revocation list — for anyone checking a credential.
    try app.register(collection: IssuerController())
    // The web UI: cookie sessions, and a CSRF token on every state-changing request.
    let web = app.grouped(app.sessions.middleware, User.sessionAuthenticator(), CSRFMiddleware(), SetupRedirectMiddleware())
    try web.register(collection: SessionController())
    try web.register(collection: SetupController())
    try web.register(collection: SetupOneRosterController())
    // The user guide: public (it holds no one's data); with the navigation when signed in.
    try web.grouped(OptionalActorMiddleware()).register(collection: HelpController())
    // A portfolio link the family shared (secret token, expiry, revocable): no sign-in.
    try web.register(collection: ShareController())
    // The QR code of an issued document: says only whether it is genuine.
    try web.register(collection: VerificationController())

    // Signed-in users: each handler asks the access policy about its target.
    let signedIn = web.grouped(ActorMiddleware())
    try signedIn.register(collection: HomeController())
    try signedIn.register(collection: ClassController())
    try signedIn.register(collection: PupilController())
    try signedIn.register(collection: JournalController())
    try signedIn.register(collection: PeriodMarkController())
    try signedIn.register(collection: AttestationController())
    try signedIn.register(collection: AssessmentController())
    try signedIn.register(collection: IndicatorController())
    try signedIn.register(collection: ResultsController())
    try signedIn.register(collection: SettingsController())
    try signedIn.register(collection: AccountController())
    try signedIn.register(collection: UserAdminController())
    try signedIn.register(collection: ImportController())
    try signedIn.register(collection: OneRosterController())
    try signedIn.register(collection: SlipsController())
    let upload = app.kopilkaConfig.maxUploadBytes
    try signedIn.register(collection: AchievementController(maxUpload: upload))
    try signedIn.register(collection: MarksImportController(maxUpload: upload))
    try signedIn.register(collection: PortfolioController(maxUpload: upload))
    try signedIn.register(collection: FileController())
    try signedIn.register(collection: AwardController())
    try signedIn.register(collection: ConsentController(maxUpload: upload))
    try signedIn.register(collection: RouteController())
    try signedIn.register(collection: ControlController())
    try signedIn.register(collection: DocumentController())
    try signedIn.register(collection: ExportController())
    try signedIn.register(collection: AnalyticsController())
    try signedIn.register(collection: RequestController())
    try signedIn.register(collection: YearController())
    try signedIn.register(collection: RetentionController())
    try signedIn.register(collection: TokenController())
    try signedIn.register(collection: BadgeController())
}

/// Typed paths: the one place a URL is spelled.
enum Paths {
    static let home = "/"
    static let health = "/health"
    static let login = "/login"
    static let logout = "/logout"
    static let password = "/account/password"
    static let switchSchool = "/account/school"
    static let users = "/admin/users"
    static let newUser = "/admin/users/new"
    static func user(_ id: UUID) -> String { "/admin/users/\(id.uuidString.lowercased())" }
    static let classes = "/classes"
    static let journals = "/journals"
    static func classGroup(_ id: UUID) -> String { "/classes/\(id.uuidString.lowercased())" }
    static func pupil(_ id: UUID) -> String { "/pupils/\(id.uuidString.lowercased())" }
    static func portfolio(_ id: UUID) -> String { pupil(id) + "/portfolio" }
    static func achievement(_ id: UUID) -> String { "/achievements/\(id.uuidString.lowercased())" }
    static let control = "/control"
    static func lesson(_ id: UUID) -> String { "/journals/lessons/\(id.uuidString.lowercased())" }
    /// Where the grid's script saves a cell; `:lesson` stands for the lesson's id (the script fills it in).
    static func lessonCells(_ id: UUID) -> String { lesson(id) + "/cells" }
    static let lessonCellsPattern = "/journals/lessons/:lesson/cells"
    static func language(_ code: String) -> String { "/lang/\(code)" }
}
