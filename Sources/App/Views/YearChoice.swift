import Domain
import Fluent
import Vapor

/// The year chooser of the pages that read results of any year (issue 17): the years offered, the chosen one, and —
/// when the chosen year is closed — the note that it is read-only. `year/switch.leaf` draws it.
struct YearChoice: Encodable {
    struct Option: Encodable { let id, title: String; let current: Bool }
    /// Empty when there is only one year to choose.
    let options: [Option]
    /// Where the form goes (the page's own address).
    let action: String
    /// The chosen year's id, for the page's other forms to keep it.
    let chosen: String
    /// The note on a closed year, already in the page's language; nil for an open one.
    let note: String?

    init(years: [AcademicYear], chosen: AcademicYear, action: String, note: (String) -> String) {
        options = years.count > 1 ? years.map { Option(id: $0.id!.uuidString.lowercased(), title: $0.title, current: $0.id == chosen.id) } : []
        self.action = action
        self.chosen = chosen.id!.uuidString.lowercased()
        self.note = chosen.status == .open ? nil : note(chosen.title)
    }

    /// The school's years, newest first, and the one the request's `?year=` names (the current year otherwise).
    static func schoolYears(_ req: Request, _ actor: CurrentActor) async throws -> (years: [AcademicYear], chosen: AcademicYear?) {
        let years = try await AcademicYear.query(on: req.db).filter(\.$schoolID == actor.schoolID).sort(\.$startsOn, .descending).all()
        let current = try await SchoolQueries.currentYear(on: req.db, schoolID: actor.schoolID, today: actor.today)
        return (years, wanted(req, among: years) ?? current)
    }

    /// The year `?year=` names, if it is one of `years`.
    static func wanted(_ req: Request, among years: [AcademicYear]) -> AcademicYear? {
        (try? req.query.get(UUID.self, at: "year")).flatMap { w in years.first { $0.id == w } }
    }
}
