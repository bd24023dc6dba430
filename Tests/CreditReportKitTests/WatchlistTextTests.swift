import CreditCore
import CreditRender
import Testing
import TestSupport
@testable import CreditReportKit

/// The words of a watchlist line: written by hand from `strings/en/watchlist.yml`, one case per branch; and
/// the same words whether made as `String`s (the reports) or written into `metrics.json`'s lines.
@Suite struct WatchlistTextTests {
    static let asOf = Day(iso: "2026-11-20")!
    static func day(_ iso: String) -> Day { Day(iso: iso)! }
    static func eur(_ units: Int64) -> Money { Money(units: units) }

    /// Each entry with the reason and action it must be worded with (EUR, 90 days protracted, 30 days rising).
    static let cases: [(WatchlistEntry, String, String)] = [
        (WatchlistEntry(customerIndex: 0, rule: .protractedDefault, exposure: eur(500_000_000), amount: eur(158_994_865_600)),
         "EUR 15,899,487 more than 90 days past due, not insured", "Start collection proceedings and provide for the loss"),
        (WatchlistEntry(customerIndex: 0, rule: .protractedDefault, exposure: eur(0), amount: eur(52_242_685_000), date: day("2025-08-18"),
                        insured: true, claimable: true),
         "EUR 5,224,269 more than 90 days past due; insured, claimable since 2025-08-18", "File a protracted-default claim with the insurer"),
        (WatchlistEntry(customerIndex: 0, rule: .protractedDefault, exposure: eur(0), amount: eur(49_999), date: day("2027-01-02"),
                        insured: true, claimable: false),
         "EUR 5 more than 90 days past due; insured, a claim can be filed from 2027-01-02",
         "Prepare the protracted-default claim; keep collecting"),
        (WatchlistEntry(customerIndex: 0, rule: .insurerNotification, exposure: eur(0), amount: eur(12_345_000), date: day("2026-11-19"), items: 1),
         "1 insured invoice (EUR 1,235) overdue: insurer notification deadline passed 1 day ago (2026-11-19)",
         "Notify the insurer now and confirm the cover still holds"),
        (WatchlistEntry(customerIndex: 0, rule: .insurerNotification, exposure: eur(0), amount: eur(10_000), date: day("2026-11-06"), items: 1_234),
         "1,234 insured invoices (EUR 1) overdue: insurer notification deadline passed 14 days ago (2026-11-06)",
         "Notify the insurer now and confirm the cover still holds"),
        (WatchlistEntry(customerIndex: 0, rule: .insurerNotification, exposure: eur(0), amount: eur(0), date: day("2026-11-20"), items: 2),
         "2 insured invoices (EUR 0) overdue: insurer notification deadline today (2026-11-20)", "Notify the insurer by 2026-11-20"),
        (WatchlistEntry(customerIndex: 0, rule: .insurerNotification, exposure: eur(0), amount: eur(5_000), date: day("2026-11-21"), items: 3),
         "3 insured invoices (EUR 1) overdue: insurer notification deadline 2026-11-21, in 1 day", "Notify the insurer by 2026-11-21"),
        (WatchlistEntry(customerIndex: 0, rule: .insurerNotification, exposure: eur(0), amount: eur(-5_000), date: day("2026-12-04"), items: 3),
         "3 insured invoices (EUR -1) overdue: insurer notification deadline 2026-12-04, in 14 days", "Notify the insurer by 2026-12-04"),
        (WatchlistEntry(customerIndex: 0, rule: .overLimit, exposure: eur(0), amount: eur(1_000_000_000_000), ratio: 1.2049),
         "Over the credit limit by EUR 100,000,000 (120% used)", "Review the limit; hold new orders until exposure is back within it"),
        (WatchlistEntry(customerIndex: 0, rule: .overLimit, exposure: eur(0), amount: eur(9_999_999)),
         "Over its credit limit of 0 by EUR 1,000", "Review the limit; hold new orders until exposure is back within it"),
        (WatchlistEntry(customerIndex: 0, rule: .largeDispute, exposure: eur(0), amount: eur(123_456_789_0000)),
         "EUR 123,456,789 in disputed invoices", "Resolve the dispute: disputed invoices are not insured"),
        (WatchlistEntry(customerIndex: 0, rule: .highRiskRising, exposure: eur(2_500_000_000), amount: eur(0), earlierExposure: eur(1_999_999_999)),
         "High-risk country; exposure up from EUR 200,000 to EUR 250,000 in 30 days", "Review before shipping more"),
        (WatchlistEntry(customerIndex: 0, rule: .singleNameConcentration, exposure: eur(0), amount: eur(0), ratio: 0.12345),
         "12.3% of the book's exposure", "Reduce the exposure or insure it"),
        (WatchlistEntry(customerIndex: 0, rule: .noLimit, exposure: eur(9_876_543_210), amount: eur(0)),
         "Exposure of EUR 987,654 with no credit limit", "Set a credit limit"),
    ]

    @Test func everyRuleIsWordedAsWrittenInTheStrings() {
        let wording = WatchlistText(ReportStrings.bundledEnglish)
        for (w, reason, action) in Self.cases {
            let text = wording.text(w, policy: CreditPolicy(), rules: WatchlistRules(), asOf: Self.asOf, currency: "EUR")
            #expect(text.reason == reason)
            #expect(text.action == action)
        }
    }

    /// The bytes written for `metrics.json` are the reports' words, in every language; a line's JSON escapes them
    /// like any other string (a currency code with a quote in it is no currency code, but the writer must not care).
    @Test func metricsLinesCarryTheSameWordsInEveryLanguage() throws {
        var tables = [ReportStrings.bundledEnglish]
        for language in [ReportLanguage.zhHans, .zhHant] { tables.append(try ReportStrings.load(language, folder: Repo.path("templates"))) }
        for strings in tables {
            let wording = WatchlistText(strings)
            for currency in ["EUR", "C\"\\\n"] {
                for (w, _, _) in Self.cases {
                    let text = wording.text(w, policy: CreditPolicy(), rules: WatchlistRules(), asOf: Self.asOf, currency: currency)
                    var reason = ByteBuffer(), action = ByteBuffer()
                    wording.write(w, protractedDays: 90, risingDays: 30, asOf: Self.asOf, currency: currency, reason: &reason, action: &action)
                    #expect(reason.text == text.reason)
                    #expect(action.text == text.action)
                    var line = ByteBuffer()
                    var o = JSONLine(into: &line)
                    reason.withBytes { o.string("reason", utf8: $0, &line) }
                    o.end(&line)
                    #expect(line.text == JSONValue.object([("reason", .string(text.reason))]).serialised())
                }
            }
        }
    }
}
