import Vapor

/// Every URL of the site, grouped by who may call it. Every path comes from `RouteTable`, so links and routes agree.
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
    try signedIn.register(collection: PeriodCloseController())
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
    try signedIn.register(collection: SpravkaController())
    try signedIn.register(collection: ExportController())
    try signedIn.register(collection: AnalyticsController())
    try signedIn.register(collection: RequestController())
    try signedIn.register(collection: YearController())
    try signedIn.register(collection: RetentionController())
    try signedIn.register(collection: TokenController())
    try signedIn.register(collection: BadgeController())
}
