import Domain
import Fluent
import Vapor

/// Gathers what a справка says of a pupil (4.7): the current class and year, each subject's current marks,
/// posted period marks and the attestation result; grade 1 gets the words of assessment instead.
enum SpravkaQueries {
    struct Problem: Error { let message: String }

    static func content(on db: any Database, schoolID: UUID, pupil: Pupil, today: LocalDate, number: Int, signerName: String,
                        verificationURL: String) async throws -> Spravka {
        guard let school = try await School.find(schoolID, on: db) else { throw Problem(message: "школа не найдена") }
        guard let year = try await SchoolQueries.currentYear(on: db, schoolID: schoolID, today: today) else {
            throw Problem(message: "нет текущего учебного года")
        }
        let enrolment = try await Enrolment.query(on: db).filter(\.$schoolID == schoolID).filter(\.$pupil.$id == pupil.id!)
            .join(ClassGroup.self, on: \Enrolment.$classGroup.$id == \ClassGroup.$id)
            .filter(ClassGroup.self, \.$academicYear.$id == year.id!)
            .sort(\.$startsOn, .descending).with(\.$classGroup).first()
        guard let classGroup = enrolment?.classGroup else {
            throw Problem(message: "обучающийся не зачислен ни в один класс в \(year.title) учебном году")
        }
        let periods = try await Period.query(on: db).filter(\.$schoolID == schoolID).filter(\.$academicYear.$id == year.id!)
            .filter(\.$gradeFrom <= classGroup.grade).filter(\.$gradeTo >= classGroup.grade)
            .sort(\.$startsOn).sort(\.$number).all()
        // The quarters (trimesters…) in order, then the year period.
        let ordered = periods.filter { $0.kind != .year } + periods.filter { $0.kind == .year }
        let items = try await CurriculumItem.query(on: db).filter(\.$schoolID == schoolID).filter(\.$classGroup.$id == classGroup.id!)
            .with(\.$subject).with(\.$markScale).all().sorted { $0.subject.sort < $1.subject.sort }
        let itemIDs = items.compactMap(\.id)
        let events = itemIDs.isEmpty ? [] : try await MarkEvent.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id == pupil.id!).filter(\.$curriculumItemID ~~ itemIDs)
            .filter(\.$date >= year.startsOn).filter(\.$date <= year.endsOn).sort(\.$recordedAt).all()
        let current = events.currentMarks.sorted { $0.date < $1.date }
        let finals = itemIDs.isEmpty ? [] : try await PeriodMark.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id == pupil.id!).filter(\.$curriculumItem.$id ~~ itemIDs)
            .filter(\.$status ~~ [.posted, .locked]).all()
        let attestation = itemIDs.isEmpty ? [] : try await AttestationResult.query(on: db).filter(\.$schoolID == schoolID)
            .filter(\.$pupil.$id == pupil.id!).filter(\.$academicYear.$id == year.id!).all()
        let verbal = classGroup.grade == 1
        let rows = items.map { item -> Spravka.Row in
            let mine = current.filter { $0.curriculumItemID == item.id }
            let cell: String
            if verbal {
                let words = mine.compactMap { $0.verbal ?? $0.value }.filter { !$0.isEmpty }
                cell = words.isEmpty ? Spravka.noMarks : words.joined(separator: "; ")
            } else {
                cell = Spravka.currentCell(mine.compactMap { $0.value })
            }
            return Spravka.Row(
                subject: item.subject.name, current: cell,
                periods: ordered.map { p in finals.first { $0.$curriculumItem.id == item.id && $0.$period.id == p.id }?.finalValue ?? Spravka.none },
                attestation: attestation.first { $0.$curriculumItem.id == item.id }?.value ?? Spravka.none)
        }
        return Spravka(
            school: .init(name: school.name, shortName: school.shortName, address: school.address, inn: school.inn, ogrn: school.ogrn, headName: school.headName),
            pupilName: pupil.name.full, birthDate: pupil.birthDate, className: classGroup.title, yearTitle: year.title,
            verbalOnly: verbal, periods: verbal ? [] : ordered.map { shortTitle($0) }, rows: rows, issuedOn: today, number: number,
            signerTitle: "Директор", signerName: signerName, verificationURL: verificationURL)
    }

    /// «1 четверть» → «1 чет.», «Год» stays: the column must be narrow.
    static func shortTitle(_ p: Period) -> String {
        switch p.kind {
        case .quarter: return "\(p.number) чет."
        case .trimester: return "\(p.number) трим."
        case .halfYear: return "\(p.number) полуг."
        case .year: return "Год"
        }
    }
}
