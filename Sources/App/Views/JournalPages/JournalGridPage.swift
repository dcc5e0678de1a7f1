import Domain
import Fluent
import Vapor

/// The context of the grid page: pupils × lessons of one period, with what each cell shows.
struct JournalGridPage: Encodable {
    struct Column: Encodable {
        let id: String
        let day: String
        let month: String
        let topic: String
        let work: String
        let href: String
    }
    struct Cell: Encodable {
        let lesson: String
        let value: String
        let history: Int
    }
    struct Row: Encodable {
        let pupil: String
        let number: Int
        let name: String
        let cells: [Cell]
    }
    struct PeriodOption: Encodable {
        let id: String
        let title: String
        let current: Bool
    }
    struct Option: Encodable {
        let id: String
        let title: String
    }

    let page: PageMeta
    let title: String
    let journalPath: String
    /// Where the lesson form posts (the route of this kind of journal).
    let lessonsAction: String
    /// The cell-saving address from the route table, with `:lessonID` for the script to fill in.
    var cellsURL: String = RouteTable.journalsLessonsCells.rawValue
    let periodID: String
    let periodTitle: String
    let periods: [PeriodOption]
    let columns: [Column]
    /// The grid's body rows, rendered in Swift (`rowsHTML`): interpreting 26 × 30+ cells in Leaf was most of the
    /// page's cost. The markup is what the template rendered before, escaped the same way.
    let rowsHTML: String
    /// The children on the page, in order: whose access logs the read goes to.
    let pupilIDs: [UUID]
    let canWrite: Bool
    let locked: Bool
    let gradeOne: Bool
    let verbalOnly: Bool
    let workTypes: [Option]
    let today: String
    let scaleHint: String
    let hasPeriodMarks: Bool
    /// The journal's download for the shown period (every kind of journal: class, individual, extracurricular, club).
    let exportPath: String
    /// The period marks and attestation of a subject's journal (a class's or a home-schooled pupil's).
    let periodMarksPath: String
    let attestationPath: String
}

extension JournalGridPage {
    /// `<tr>` per pupil with an `<input>` per lesson, as `journals/grid.leaf` used to loop it.
    static func rowsHTML(_ rows: [Row], canWrite: Bool) -> String {
        var out = ""
        out.reserveCapacity(rows.count * (rows.first?.cells.count ?? 0) * 220 + 64)
        for r in rows {
            let name = html(r.name)
            out += "<tr data-pupil=\"\(html(r.pupil))\"><td class=\"num\">\(r.number)</td><td class=\"name\">\(name)</td>"
            for c in r.cells {
                let lesson = html(c.lesson)
                out += "<td><input class=\"cell\(c.history > 1 ? " changed" : "")\" data-lesson=\"\(lesson)\" value=\"\(html(c.value))\""
                out += " maxlength=\"500\" autocomplete=\"off\" aria-label=\"\(name), \(lesson)\"\(canWrite ? "" : " readonly")></td>"
            }
            out += "</tr>\n"
        }
        return out
    }

    /// Escapes text for HTML content and attribute values with LeafKit's own routine (what `#( )` uses).
    static func html(_ s: String) -> String {
        s.contains(where: { "&<>\"'".contains($0) }) ? s.htmlEscaped() : s
    }
}
