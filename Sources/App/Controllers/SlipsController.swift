import Documents
import Domain
import Fluent
import Vapor

/// Sign-in slips for a class's parents (to hand out at a parents' meeting): a bulk reset gives each account a
/// temporary password that must be changed at first sign-in, and the slips are printed, one per person.
struct SlipsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.adminSlips, use: form)
        routes.post(.adminSlips, use: issue)
    }

    struct FormPage: Encodable {
        struct Option: Encodable { let id, title: String }
        let page: PageMeta
        let classes: [Option]
    }


    @Sendable func form(req: Request) async throws -> View {
        let actor = try req.requireAdmin()
        let classes = try await RosterImport.classes(on: req.db, schoolID: actor.schoolID, today: actor.today).values
            .sorted { ($0.grade, $0.letter) < ($1.grade, $1.letter) }
        return try await req.view.render("admin/slips-form", FormPage(page: try req.page(req.t("slips.title"), section: "users"),
                                                                       classes: classes.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title) }))
    }

    struct SlipsPage: Encodable { let page: PageMeta; let classTitle: String; let slips: [Slip] }

    @Sendable func issue(req: Request) async throws -> Response {
        let actor = try req.requireAdmin()
        guard let classID = (try? req.content.get(String.self, at: "class_id")).flatMap(UUID.init(uuidString:)),
              let c = try await ClassGroup.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == classID).first()
        else { throw Abort(.notFound) }
        let pupils = try await Enrolment.query(on: req.db).filter(\.$classGroup.$id == classID).filter(\.$endsOn == nil).with(\.$pupil).all().map(\.pupil)
        let links = try await GuardianLink.query(on: req.db).filter(\.$pupil.$id ~~ pupils.compactMap(\.id)).with(\.$user).with(\.$pupil).all()
        let byParent = Dictionary(grouping: links, by: { $0.$user.id })
        let school = try await School.find(actor.schoolID, on: req.db)!
        let site = try SiteAddress.of(req, school: actor.schoolID)
        var slips: [Slip] = []
        var updates: [(User, String)] = []
        // A parent who also holds a role the admin may not manage (a head or deputy head with a child in the class)
        // gets no slip: a new password shown to the admin would hand over a leader's account.
        let guarded = Set(try await RoleAssignment.query(on: req.db).filter(\.$user.$id ~~ Array(byParent.keys)).all()
            .filter { Role.accountAction([$0.role]) != .manageUsers }.map { $0.$user.id })
        for (id, list) in byParent where !guarded.contains(id) {
            let user = list[0].user
            let password = PasswordRules.temporary()
            updates.append((user, try await req.password.async.hash(password)))
            slips.append(Slip(school: school.shortName, parent: user.name.full,
                              children: list.map { $0.pupil.name.full }.sorted().joined(separator: ", "),
                              login: user.login, password: password, address: site + RouteTable.login.path()))
        }
        let changes = updates
        try await req.db.writeTransaction { tx in
            for (user, hash) in changes {
                user.passwordHash = hash
                user.mustChangePassword = true
                try await user.save(on: tx)
                try await AuditLog.append(try req.audit, on: tx, action: "reset_password", objectKind: "user", objectID: user.id, pupilID: nil,
                                          details: "slips \(c.title)")
            }
        }
        let sorted = slips.sorted { $0.parent < $1.parent }
        if (try? req.content.get(String.self, at: "format")) == "pdf" {
            // One A4 page per person, made in-process (Cairo + Pango), downloaded as a file.
            let pdf = SlipsPDF.render(sorted)
            let response = Response(status: .ok, body: .init(data: pdf))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
            let name = "slips-\(c.grade)-\(c.id!.uuidString.prefix(8)).pdf"
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
            return response
        }
        return try await req.view.render("admin/slips", SlipsPage(page: try req.page(req.t("slips.title"), section: "users"), classTitle: c.title,
                                                                  slips: sorted)).encodeResponse(for: req)
    }
}
