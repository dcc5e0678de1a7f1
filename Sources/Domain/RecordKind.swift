import Foundation

/// The kinds of record about a pupil that the policy distinguishes (every pupil-linked table of the model).
public enum RecordKind: String, Sendable, CaseIterable {
    case personalFile = "personal_file"      // pupils, enrolments
    case guardians                           // guardian_links
    case marks                               // lessons, mark_events
    case attendance
    case periodMarks = "period_marks"
    case attestation                         // attestation_results
    case assessments                         // assessment_events/results (ВСОКО, ВПР)
    case indicators                          // УУД levels
    case participation
    case achievements
    case awards
    case attachments
    case portfolio
    case route                               // individual educational route
    case notes                               // problems and actions (2.1)
    case consents
    case requests                            // parents' information requests
    case documents                           // issued documents
    case auditLog = "audit_log"              // who saw or changed the child's record
    case sharing                             // what of the portfolio is shown beyond the school, shared links
}
