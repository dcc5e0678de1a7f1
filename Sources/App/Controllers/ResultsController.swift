import Domain
import Fluent
import Vapor

/// The pupil's results page (2.3): current marks, their history, period marks and how each came about —
/// for the pupil's teachers (their subjects), the deputy head and head, the pupil and the parents.
struct ResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pupilsResults, use: show)
    }

    struct Page: Encodable {
        let page: PageMeta
        let name: String
        let cardHref: String
        let periodTitle: String
        let periods: [JournalGridPage.PeriodOption]
        let action: String
        let subjects: [ResultsQueries.SubjectRow]
        let gradeOne: Bool
        let indicators: [ResultsQueries.Line]
        let assessments: [ResultsQueries.Line]
        let attestation: [ResultsQueries.Line]
        let levelsChart: String
        let levelsSummary: String
        /// The school years the pupil studied here, newest first: results of a closed year stay readable.
        let yearChoice: YearChoice
    }

    @Sendable func show(req: Request) async throws -> View {
        let actor = try req.actor
        guard let id = req.parameters.get("pupilID", as: UUID.self),
              let pupil = try await Pupil.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$id == id).first()
        else { throw Abort(.notFound) }
        guard let thisYear = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today) else { throw Abort(.notFound) }
        // Every year the pupil studied here (issue 17): a closed year is read as it stood, with the class of that year —
        // also in the summer after the close and after the pupil has left (a graduate has no class today).
        let enrolments = try await Enrolment.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id)
            .with(\.$classGroup) { $0.with(\.$academicYear) }.all()
        let studied = Dictionary(enrolments.map { ($0.classGroup.academicYear.id!, $0.classGroup.academicYear) }, uniquingKeysWith: { a, _ in a })
        var years = Array(studied.values)
        if !years.contains(where: { $0.id == thisYear.id }) { years.append(thisYear) }
        years.sort { $0.startsOn > $1.startsOn }
        // The facts of any day come from these enrolments and the memberships, each read once.
        let memberships = try await GroupMembership.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == id).all()
        let current = PupilQueries.facts(schoolID: actor.schoolID, pupilID: id, enrolments: enrolments, memberships: memberships, on: actor.today)
        // Not enrolled today (the summer after a close, a graduate): the latest year whose class the pupil had begun.
        let latestStudied = years.first { y in enrolments.contains { $0.classGroup.$academicYear.id == y.id && $0.startsOn <= actor.today } }
        let wantedYear = YearChoice.wanted(req, among: years)
        let year = wantedYear ?? (current.classGroups.isEmpty ? (latestStudied ?? thisYear) : thisYear)
        var facts = current
        var asOf = actor.today
        if year.id != thisYear.id || current.classGroups.isEmpty {
            // As of the pupil's last day in that year: the class of that year, its subjects and teachers.
            let inYear = enrolments.filter { $0.classGroup.$academicYear.id == year.id }
            asOf = min(year.endsOn, inYear.compactMap(\.endsOn).max() ?? year.endsOn)
            facts = PupilQueries.facts(schoolID: actor.schoolID, pupilID: id, enrolments: enrolments, memberships: memberships, on: asOf)
        }
        // The same question as everywhere: the pupil's record, and marks of at least one subject of that year's class.
        guard actor.decide(.read(.personalFile), .pupil(facts)).allowed else { throw Abort(.notFound) }
        let subjectIDs = try await CurriculumItem.query(on: req.db).filter(\.$schoolID == actor.schoolID)
            .filter(\.$classGroup.$id ~~ facts.classGroups.map(\.id)).all().map { $0.$subject.id }
        guard subjectIDs.contains(where: { actor.decide(.read(.marks), .pupil(facts, subject: $0)).allowed }) else { throw Abort(.notFound) }
        let grade = facts.classGroups.map(\.grade).max() ?? 0
        let periods = try await Period.query(on: req.db).filter(\.$schoolID == actor.schoolID).filter(\.$academicYear.$id == year.id!)
            .sort(\.$startsOn).all().filter { $0.gradeFrom <= grade && grade <= $0.gradeTo }
        guard let period = Period.choose(periods, wanted: try? req.query.get(UUID.self, at: "period"), today: asOf) else {
            throw Abort(.notFound)
        }
        var subjects = try await ResultsQueries.subjects(on: req.db, actor: actor, facts: facts, pupilID: id, period: period, t: { req.t($0) })
        let charts = try await ResultsQueries.charts(on: req.db, actor: actor, facts: facts, pupilID: id, year: year, periods: periods)
        for i in subjects.indices {
            guard let (chart, data) = charts[subjects[i].subject] else { continue }
            subjects[i].chart = SVG.render(chart)
            subjects[i].chartSummary = chart.summary
            subjects[i].chartData = data
        }
        let levels = actor.decide(.read(.indicators), .pupil(facts)).allowed
            ? try await ResultsQueries.levelsChart(on: req.db, schoolID: actor.schoolID, pupilID: id, periods: periods, t: { req.t($0) }) : nil
        let extra = try await ResultsQueries.beyondMarks(on: req.db, actor: actor, facts: facts, pupilID: id, period: period, year: year, t: { req.t($0) })
        try await AuditLog.logRead(try req.audit, on: req.db, .read, objectKind: "results", objectID: period.id, pupilID: id)
        return try await req.view.render("pupils/results", Page(
            page: try req.page(req.t("results.title") + " · " + pupil.name.full, section: "home"),
            name: pupil.name.full, cardHref: RouteTable.pupil.path(id), periodTitle: period.title,
            periods: periods.map { .init(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == period.id) },
            action: RouteTable.pupilsResults.path(id), subjects: subjects, gradeOne: grade == 1,
            indicators: extra.indicators, assessments: extra.assessments, attestation: extra.attestation,
            levelsChart: levels.map(SVG.render) ?? "", levelsSummary: levels?.summary ?? "",
            yearChoice: YearChoice(years: years, chosen: year, action: RouteTable.pupilsResults.path(id), note: { req.t("results.past_year", $0) })))
    }
}
