import Domain
import Fluent
import SQLKit
import Foundation

/// A pupil's results for a period: per subject the current marks, their history, the period mark and how it came about.
enum ResultsQueries {
    struct MarkCell: Encodable {
        let value: String
        let date: String
        let work: String
        let weight: String
        let changed: Bool
    }
    struct Change: Encodable {
        let date: String
        let what: String
        let who: String
        let when: String
        let reason: String
    }
    struct SubjectRow: Encodable {
        let subject: String
        let marks: [MarkCell]
        let absences: Int
        let proposal: String
        let explanation: String
        let final: String
        let finalReason: String
        let finalStatus: String
        let changes: [Change]
        /// The year's dynamics as inline SVG, its summary in words, and the data as a table (the text alternative).
        var chart = ""
        var chartSummary = ""
        var chartData: [ChartDatum] = []
    }

    struct ChartDatum: Encodable { let date, value, mean: String }

    static func subjects(on db: any Database, actor: CurrentActor, facts: PupilFacts, pupilID: UUID, period: Period,
                         t: (String) -> String) async throws -> [SubjectRow] {
        let classIDs = facts.classGroups.map(\.id)
        guard !classIDs.isEmpty else { return [] }
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id ~~ classIDs)
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all().sorted { $0.subject.sort < $1.subject.sort }
        let visible = items.filter { actor.decide(.read(.marks), .pupil(facts, subject: $0.$subject.id)).allowed }
        guard !visible.isEmpty else { return [] }
        let itemIDs = visible.compactMap(\.id)
        let events = try await MarkEventRows.load(on: db) {
            $0.where("school_id", .equal, SQLBind(actor.schoolID)).where("pupil_id", .equal, SQLBind(pupilID))
                .where("curriculum_item_id", .in, SQLBind.group(itemIDs))
                .where("date", .greaterThanOrEqual, SQLBind(period.startsOn)).where("date", .lessThanOrEqual, SQLBind(period.endsOn))
        }
        let absences = try await Attendance.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
            .join(Lesson.self, on: \Attendance.$lesson.$id == \Lesson.$id)
            .filter(Lesson.self, \.$curriculumItem.$id ~~ itemIDs)
            .filter(Lesson.self, \.$date >= period.startsOn).filter(Lesson.self, \.$date <= period.endsOn)
            .all()
        let absentByItem = Dictionary(grouping: absences.filter { $0.status == .absent || $0.status == .ill },
                                      by: { (try? $0.joined(Lesson.self).$curriculumItem.id) ?? nil })
        let workTypes = Dictionary(uniqueKeysWithValues: try await WorkType.query(on: db).filter(\.$schoolID == actor.schoolID).all()
            .map { ($0.id!, $0.title) })
        let authors = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ Array(Set(events.map(\.authorID)))).all()
            .map { ($0.id!, $0.name.short) })
        let finals = try await PeriodMark.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$period.$id == period.id!).filter(\.$curriculumItem.$id ~~ itemIDs).all()
        let family = actor.isFamily(of: facts)

        var rows: [SubjectRow] = []
        // The rules of every subject from one read of the year's policies (not one query per subject).
        var policies: [UUID: [AssessmentPolicy]] = [:]
        for yearID in Set(visible.map { $0.classGroup.$academicYear.id }) {
            policies[yearID] = try await PeriodMarkService.policies(on: db, schoolID: actor.schoolID, academicYearID: yearID)
        }
        for item in visible {
            let mine = events.filter { $0.curriculumItemID == item.id }
            let byLesson = Dictionary(grouping: mine, by: { $0.$lesson.id })
            var cells: [(LocalDate, MarkCell, MarkEvent)] = []
            var changes: [Change] = []
            for (_, list) in byLesson {
                guard let last = list.last else { continue }
                if list.count > 1 {
                    var previous = ""
                    for e in list {
                        let now = e.action == .delete ? t("journal.history.deleted") : (e.value ?? e.verbal ?? "")
                        if !previous.isEmpty || e !== list.first {
                            changes.append(Change(date: e.date.russian, what: "\(previous.isEmpty ? "—" : previous) → \(now)",
                                                  who: authors[e.authorID] ?? "—", when: SchoolTime.dateTime(e.recordedAt, in: actor.timeZone), reason: e.reason ?? ""))
                        }
                        previous = now
                    }
                }
                guard last.action == .set else { continue }
                let cell = MarkCell(value: last.value ?? "✎ " + (last.verbal ?? ""), date: last.date.russian,
                                    work: last.workTypeID.flatMap { workTypes[$0] } ?? "", weight: PeriodMarksFormat.weight(last.weight),
                                    changed: list.count > 1)
                cells.append((last.date, cell, last))
            }
            cells.sort { $0.0 < $1.0 }
            let numeric = cells.compactMap { c -> WeightedMark? in
                guard item.markScale.inAverage, let v = c.2.value, let n = Int(v) else { return nil }
                return WeightedMark(value: n, weight: c.2.weight)
            }
            let context = JournalContextLite.make(item: item)
            let rule = PeriodMarkService.rule(from: policies[context.academicYearID] ?? [], context)
            let proposal = item.classGroup.grade > 1 && item.markScale.inAverage ? PeriodMarks.propose(numeric, rule: rule) : nil
            let final = finals.first { $0.$curriculumItem.id == item.id }
            let visibleFinal = final.flatMap { f in family && f.status == .proposed ? nil : f }
            rows.append(SubjectRow(
                subject: item.subject.name, marks: cells.map(\.1), absences: absentByItem[item.id]?.count ?? 0,
                proposal: proposal?.value ?? "—", explanation: proposal?.explanation ?? "",
                final: visibleFinal?.finalValue ?? "", finalReason: visibleFinal?.reason ?? "",
                finalStatus: visibleFinal.map { t("period_marks.status.\($0.status.rawValue)") } ?? "",
                changes: changes.sorted { $0.when < $1.when }))
        }
        return rows
    }
}

extension ResultsQueries {
    struct Line: Encodable {
        let title: String
        let value: String
        let note: String
    }

    /// УУД levels of the period, the year's assessment results and intermediate attestation — each only where the
    /// policy lets the actor read that kind of record.
    static func beyondMarks(on db: any Database, actor: CurrentActor, facts: PupilFacts, pupilID: UUID, period: Period,
                            year: AcademicYear, t: (String) -> String) async throws -> (indicators: [Line], assessments: [Line], attestation: [Line]) {
        var indicators: [Line] = []
        if actor.decide(.read(.indicators), .pupil(facts)).allowed {
            let levels = try await IndicatorLevel.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
                .filter(\.$period.$id == period.id!).with(\.$indicator).all()
            indicators = levels.sorted { $0.indicator.sort < $1.indicator.sort }.map {
                Line(title: $0.indicator.title, value: t("level.\($0.level.rawValue)"), note: t("indicator.group.\($0.indicator.group.rawValue)"))
            }
        }
        var assessments: [Line] = []
        if actor.decide(.read(.assessments), .pupil(facts)).allowed {
            let results = try await AssessmentResult.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
                .with(\.$event) { $0.with(\.$subject) }.all().filter { $0.event.$academicYear.id == year.id }
            assessments = results.sorted { $0.event.date < $1.event.date }.map { r in
                let parts = [r.score.map { "\(PeriodMarksFormat.weight($0))" + (r.maxScore.map { " / \(PeriodMarksFormat.weight($0))" } ?? "") },
                             r.value.map { "«\($0)»" }, r.level.map { t("level.\($0.rawValue)") }].compactMap { $0 }
                return Line(title: "\(r.event.title) · \(r.event.subject?.name ?? "")", value: parts.joined(separator: ", "),
                            note: "\(r.event.date.russian) · \(t("assessment.source.\(r.event.source.rawValue)"))")
            }
        }
        var attestation: [Line] = []
        if actor.decide(.read(.attestation), .pupil(facts)).allowed {
            let rows = try await AttestationResult.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
                .filter(\.$academicYear.$id == year.id!).with(\.$curriculumItem) { $0.with(\.$subject) }.all()
            let debts = try await AcademicDebt.query(on: db).filter(\.$pupil.$id == pupilID).filter(\.$academicYear.$id == year.id!).all()
            attestation = rows.map { r in
                let debt = debts.first { $0.$curriculumItem.id == r.$curriculumItem.id }
                let note = debt.map { d in d.clearedOn.map { "\(t("attestation.cleared")) \($0.russian)" }
                    ?? "\(t("attestation.debts")): \(t("attestation.retake")) \(d.retakeOn?.russian ?? "—")" } ?? r.form
                return Line(title: r.curriculumItem.subject.name, value: r.value, note: note)
            }
        }
        return (indicators, assessments, attestation)
    }
}

extension ResultsQueries {
    /// 2.3, 4.8: per subject, the year's marks with the running mean and the posted period marks, drawn once by
    /// `ChartGeometry` (the PDFs use the same geometry).
    static func charts(on db: any Database, actor: CurrentActor, facts: PupilFacts, pupilID: UUID, year: AcademicYear,
                       periods: [Period]) async throws -> [String: (Chart, [ChartDatum])] {
        let classIDs = facts.classGroups.map(\.id)
        guard !classIDs.isEmpty else { return [:] }
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$classGroup.$id ~~ classIDs)
            .with(\.$subject).with(\.$markScale).with(\.$classGroup).all()
            .filter { $0.markScale.inAverage && $0.classGroup.grade > 1 && actor.decide(.read(.marks), .pupil(facts, subject: $0.$subject.id)).allowed }
        guard !items.isEmpty else { return [:] }
        let events = try await MarkEventRows.load(on: db) {
            $0.where("school_id", .equal, SQLBind(actor.schoolID)).where("pupil_id", .equal, SQLBind(pupilID))
                .where("curriculum_item_id", .in, SQLBind.group(items.compactMap(\.id)))
                .where("date", .greaterThanOrEqual, SQLBind(year.startsOn)).where("date", .lessThanOrEqual, SQLBind(year.endsOn))
        }
        let current = events.currentMarks
        let parts = periods.filter { $0.kind != .year }
        let finals = try await PeriodMark.query(on: db).filter(\.$schoolID == actor.schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$period.$id ~~ parts.compactMap(\.id)).filter(\.$status ~~ [.posted, .locked]).all()
        let end = min(actor.today, year.endsOn)
        var result: [String: (Chart, [ChartDatum])] = [:]
        for item in items {
            let marks = current.filter { $0.curriculumItemID == item.id }
                .compactMap { e in e.value.flatMap(Int.init).map { ChartGeometry.Mark(date: e.date, value: $0, weight: e.weight) } }
                .sorted { $0.date < $1.date }
            let bands = parts.filter { $0.startsOn <= end }.map { p in
                ChartGeometry.PeriodBand(title: p.title, from: p.startsOn, to: p.endsOn,
                                         mark: finals.first { $0.$curriculumItem.id == item.id && $0.$period.id == p.id }?.finalValue.flatMap { Int($0) })
            }
            let chart = ChartGeometry.marks(marks, periods: bands, from: year.startsOn, to: max(end, year.startsOn.adding(days: 30)))
            let means = ChartGeometry.runningMean(marks)
            let data = zip(marks, means).map { m, mean in
                ChartDatum(date: m.date.russian, value: String(m.value), mean: String(format: "%.2f", mean).replacingOccurrences(of: ".", with: ","))
            }
            result[item.subject.name] = (chart, data)
        }
        return result
    }
}

extension ResultsQueries {
    /// УУД levels of the year, period by period, as one chart (nil when nothing was assessed).
    static func levelsChart(on db: any Database, schoolID: UUID, pupilID: UUID, periods: [Period], t: (String) -> String) async throws -> Chart? {
        let ids = periods.compactMap(\.id)
        let levels = try await IndicatorLevel.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupilID)
            .filter(\.$period.$id ~~ ids).with(\.$indicator).all()
        guard !levels.isEmpty else { return nil }
        let columns = periods.filter { p in levels.contains { $0.$period.id == p.id } }
        let order = IndicatorLevelValue.allCases
        let rows = Dictionary(grouping: levels, by: { $0.$indicator.id }).values
            .sorted { $0[0].indicator.sort < $1[0].indicator.sort }
            .map { ls in
                (title: ls[0].indicator.title, values: columns.map { p in ls.first { $0.$period.id == p.id }.flatMap { order.firstIndex(of: $0.level) } })
            }
        return ChartGeometry.levels(rows: rows, columns: columns.map(\.title), levels: order.map { t("level.\($0.rawValue)") })
    }
}
