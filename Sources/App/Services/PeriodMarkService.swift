import Domain
import Fluent
import Foundation

/// Period marks: the rule's proposal from the current marks, the teacher's final mark beside it.
enum PeriodMarkService {
    struct Row: Sendable {
        let pupil: Pupil
        let marks: [WeightedMark]
        let proposal: PeriodMarkProposal
        let stored: PeriodMark?
    }

    /// The period-mark rule of the journal's year and grade.
    static func rule(on db: any Database, _ j: JournalContext) async throws -> PeriodMarkRule {
        rule(from: try await policies(on: db, schoolID: j.schoolID, academicYearID: j.academicYearID), j)
    }

    /// The school's assessment policies of a year: read once for a page that needs the rule of many journals.
    static func policies(on db: any Database, schoolID: UUID, academicYearID: UUID) async throws -> [AssessmentPolicy] {
        try await AssessmentPolicy.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == academicYearID).all()
    }

    /// The rule of a journal among already read policies.
    static func rule(from policies: [AssessmentPolicy], _ j: JournalContext) -> PeriodMarkRule {
        let policy = policies.filter { $0.$academicYear.id == j.academicYearID }
            .first { p in j.grade.map { p.gradeFrom <= $0 && $0 <= p.gradeTo } ?? false }
        guard let policy, policy.marksAllowed else { return .inFavour }
        return PeriodMarkRule(threshold5: policy.threshold5, threshold4: policy.threshold4, threshold3: policy.threshold3,
                              minMarks: policy.minMarks)
    }

    /// The year mark's rule: the same thresholds over the period marks, one mark per period at least.
    static func rule(on db: any Database, _ j: JournalContext, period: Period) async throws -> PeriodMarkRule {
        var r = try await rule(on: db, j)
        if period.kind == .year { r.minMarks = 1 }
        return r
    }

    /// The current numeric marks of each pupil of the journal in the period, as the rule sees them.
    static func currentMarks(on db: any Database, _ j: JournalContext, period: Period, pupilIDs: [UUID]) async throws -> [UUID: [WeightedMark]] {
        // The year mark rests on the period marks of the year (each counts once), not on every lesson mark.
        if period.kind == .year {
            let parts = try await JournalQueries.periods(on: db, j).filter { $0.kind != .year }.compactMap(\.id)
            let finals = try await PeriodMark.query(on: db).filter(\.$curriculumItem.$id == j.curriculumItemID!)
                .filter(\.$period.$id ~~ parts).filter(\.$status != .proposed).with(\.$period).all()
            var result: [UUID: [WeightedMark]] = [:]
            for f in finals {
                guard let v = f.finalValue, let n = Int(v) else { continue }
                result[f.$pupil.id, default: []].append(WeightedMark(value: n, weight: 1, label: f.period.title))
            }
            return result
        }
        let lessons = try await JournalQueries.lessons(on: db, j, from: period.startsOn, to: period.endsOn)
        let cells = try await JournalQueries.cells(on: db, schoolID: j.schoolID, lessonIDs: lessons.compactMap(\.id))
        var result: [UUID: [WeightedMark]] = [:]
        for (_, e) in cells.marks where e.action == .set && j.scale.inAverage {
            guard let v = e.value, let n = Int(v) else { continue }
            result[e.$pupil.id, default: []].append(WeightedMark(value: n, weight: e.weight, label: e.date.russian))
        }
        for k in result.keys { result[k]!.sort { $0.label < $1.label } }
        return result
    }

    static func rows(on db: any Database, _ j: JournalContext, period: Period) async throws -> [Row] {
        let pupils = try await JournalQueries.pupils(on: db, j, from: period.startsOn, to: period.endsOn)
        let ids = pupils.compactMap { $0.pupil.id }
        let marks = try await currentMarks(on: db, j, period: period, pupilIDs: ids)
        let rule = try await rule(on: db, j, period: period)
        let stored = try await PeriodMark.query(on: db).filter(\.$schoolID == j.schoolID)
            .filter(\.$curriculumItem.$id == j.curriculumItemID!).filter(\.$period.$id == period.id!).all()
        let byPupil = Dictionary(stored.map { ($0.$pupil.id, $0) }, uniquingKeysWith: { a, _ in a })
        return pupils.map { p in
            let m = marks[p.pupil.id!] ?? []
            return Row(pupil: p.pupil, marks: m, proposal: PeriodMarks.propose(m, rule: rule), stored: byPupil[p.pupil.id!])
        }
    }
}
