import Documents
import Domain
import Fluent
import Foundation

/// The school's spreadsheets read from the database: the сводная ведомость of a class for a period and a class journal
/// for a period; the export pages answer with them and the year close archives them.
enum SheetQueries {
    /// A class and one period: pupils × subjects. Posted period marks as numbers; where the teacher has not posted yet,
    /// the rule's proposal marked «*» so the deputy head sees what is missing.
    static func summary(on db: any Database, classGroup: ClassGroup, period: Period, yearTitle: String) async throws -> Sheet {
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == classGroup.schoolID).filter(\.$classGroup.$id == classGroup.id!)
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all().sorted { $0.subject.sort < $1.subject.sort }
        var pupils: [Pupil] = []
        var cells: [UUID: [UUID: Sheet.Cell]] = [:]   // pupil → item → cell
        // Pupils schooled at home are the class's pupils too (issue 17): their period marks come from their own journals.
        let homeSchooled = Set(try await Enrolment.query(on: db).filter(\.$classGroup.$id == classGroup.id!)
            .join(Pupil.self, on: \Enrolment.$pupil.$id == \Pupil.$id).filter(Pupil.self, \.$homeSchooled == true).all()
            .filter { $0.overlaps(period.startsOn, period.endsOn) }.map { $0.$pupil.id })
        for item in items {
            let journals = [JournalContextLite.make(item: item)] + homeSchooled.sorted { $0.uuidString < $1.uuidString }
                .map { JournalContextLite.individual(item: item, pupilID: $0) }
            for j in journals {
            for row in try await PeriodMarkService.rows(on: db, j, period: period) {
                if !pupils.contains(where: { $0.id == row.pupil.id }) { pupils.append(row.pupil) }
                let cell: Sheet.Cell
                if let s = row.stored, s.status != .proposed, let v = s.finalValue {
                    cell = Int(v).map { .number(Double($0)) } ?? .text(v)
                } else if classGroup.grade > 1, let v = row.proposal.value {
                    cell = .text(v + "*")
                } else {
                    cell = .empty
                }
                cells[row.pupil.id!, default: [:]][item.id!] = cell
            }
            }
        }
        pupils.sort { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
        let columns = [Sheet.Column("№", width: 5), Sheet.Column("Фамилия, имя, отчество", width: 34)]
            + items.map { Sheet.Column($0.subject.shortName.isEmpty ? $0.subject.name : $0.subject.shortName, width: 9, format: "0") }
            + [Sheet.Column("Средний балл", width: 10, format: "0.00")]
        let rows: [[Sheet.Cell]] = pupils.enumerated().map { i, p in
            let marks = items.map { cells[p.id!]?[$0.id!] ?? .empty }
            let numbers = marks.compactMap { if case .number(let v) = $0 { return v } else { return nil } }
            let mean: Sheet.Cell = numbers.isEmpty ? .empty : .number(numbers.reduce(0, +) / Double(numbers.count))
            return [.number(Double(i + 1)), .text(p.name.full)] + marks + [mean]
        }
        let note = classGroup.grade == 1 ? " (1 класс: без отметок)" : " · * — расчётная, ещё не выставлена"
        return Sheet(name: classGroup.title, title: "Сводная ведомость · \(classGroup.title) · \(period.title) · \(yearTitle)\(note)",
                     columns: columns, rows: rows)
    }

    /// A class journal for a period: pupils × lesson dates, the mean and the period mark.
    static func journal(on db: any Database, _ j: JournalContext, period p: Period, name: String? = nil) async throws -> Sheet {
        let lessons = try await JournalQueries.lessons(on: db, j, from: p.startsOn, to: p.endsOn)
        let pupils = try await JournalQueries.pupils(on: db, j, from: p.startsOn, to: p.endsOn)
        let cells = try await JournalQueries.cells(on: db, schoolID: j.schoolID, lessonIDs: lessons.compactMap(\.id))
        // Period marks belong to subjects (class and individual journals); an extracurricular or club journal has none.
        let marked = j.curriculumItemID != nil && j.marksAllowed
        let rows = marked ? try await PeriodMarkService.rows(on: db, j, period: p) : []
        let byPupil = Dictionary(rows.map { ($0.pupil.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = [Sheet.Column("№", width: 5), Sheet.Column("Фамилия, имя, отчество", width: 32)]
            + lessons.map { Sheet.Column(String($0.date.russian.prefix(5)), width: 6, format: "0") }
            + (marked ? [Sheet.Column("Средний балл", width: 10, format: "0.00"), Sheet.Column("За период", width: 10, format: "0")] : [])
        let data: [[Sheet.Cell]] = pupils.enumerated().map { i, entry in
            let pupil = entry.pupil
            let marks: [Sheet.Cell] = lessons.map { l in
                let v = JournalQueries.display(cells, lesson: l.id!, pupil: pupil.id!)
                return v.isEmpty ? .empty : Int(v).map { .number(Double($0)) } ?? .text(v)
            }
            let r = byPupil[pupil.id!]
            let mean: Sheet.Cell = r?.proposal.mean.map { .number($0) } ?? .empty
            let final: Sheet.Cell = r?.stored.flatMap { s in s.status == .proposed ? nil : s.finalValue }
                .map { v in Int(v).map { .number(Double($0)) } ?? .text(v) } ?? .empty
            return [.number(Double(i + 1)), .text(pupil.name.full)] + marks + (marked ? [mean, final] : [])
        }
        return Sheet(name: name ?? p.title, title: "\(kindTitle(j.kind)) · \(j.title) · \(p.title)", columns: columns, rows: data)
    }

    /// The journal's name on paper and in a spreadsheet's title line.
    static func kindTitle(_ kind: JournalKind) -> String {
        switch kind {
        case .classJournal: return "Классный журнал"
        case .individual: return "Журнал индивидуального обучения"
        case .extracurricular: return "Журнал внеурочной деятельности"
        case .club: return "Журнал объединения дополнительного образования"
        }
    }
}
