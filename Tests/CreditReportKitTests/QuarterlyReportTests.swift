import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// The quarterly review's own figures on the bundled sample, against the oracle's per-customer figures
/// (fixtures/sample/expected.json): the limit-use bands, and the trend sentence against the trend rows.
@Suite struct QuarterlyReportTests {
    static func build() throws -> ([String: Any], [String: Any]) {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let strings = try ReportStrings.load(.en, folder: Repo.path("templates"))
        let view = QuarterlyView.build(run, config: config, strings: strings)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.path("fixtures/sample/expected.json")))
        return (view, try JSONSerialization.jsonObject(with: data) as! [String: Any])
    }

    @Test func limitBandsCountTheOraclesCustomers() throws {
        let (view, expected) = try Self.build()
        let bands = view["bands"] as! [[String: Any]]
        var count = [0, 0, 0, 0, 0], exposure = [0.0, 0.0, 0.0, 0.0, 0.0]
        for c in expected["customers"] as! [[String: Any]] {
            let e = (c["exposure"] as? NSNumber)?.doubleValue ?? 0
            guard e > 0 else { continue }
            let band: Int
            if c["credit_limit"] is NSNull || c["credit_limit"] == nil { band = 0 }
            else if let u = (c["utilisation"] as? NSNumber)?.doubleValue { band = u <= 0.5 ? 1 : u <= 0.8 ? 2 : u <= 1 ? 3 : 4 }
            else { band = 4 }                      // a limit of 0 with exposure
            count[band] += 1
            exposure[band] += e
        }
        #expect(bands.map { $0["customers"] as! String } == count.map(String.init))
        #expect(bands.map { $0["exposure"] as! String } == exposure.map { NumberText.amount(Money(rounding: $0), decimals: 0) })
        // Every breach is in the last band.
        #expect(Int(bands[4]["customers"] as! String) == (view["breaches"] as! [[String: Any]]).count)
    }

    @Test func theTrendSentenceQuotesTheTrendRows() throws {
        let (view, expected) = try Self.build()
        let trend = expected["trend"] as! [[String: Any]]
        let from = trend[trend.count - 4], to = trend[trend.count - 1]
        let words = view["trendWords"] as! String
        func eur(_ v: Any?) -> String { "EUR " + NumberText.amount(Money(rounding: (v as! NSNumber).doubleValue), decimals: 0) }
        #expect(words.contains("From \(from["month_end"]!) to \(to["month_end"]!)"))
        #expect(words.contains("net AR went from \(eur(from["net_ar"])) to \(eur(to["net_ar"]))"))
        #expect(words.contains("the expected credit loss from \(eur(from["ecl_before_multipliers"])) to \(eur(to["ecl_before_multipliers"]))"))
        #expect((view["trend"] as! [[String: Any]]).filter { $0["thisQuarter"] as! Bool }.count == 3)
    }

    /// Customers above the single-name cap: the oracle's watchlist points of that rule; the largest share is
    /// the oracle's CR1.
    @Test func theCapSentenceCountsTheOraclesCustomersAboveTheCap() throws {
        let (view, expected) = try Self.build()
        let above = (expected["watchlist"] as! [[String: Any]]).filter { $0["rule"] as? String == "single_name_concentration" }.count
        let cr1 = ((expected["concentration"] as! [String: Any])["customer"] as! [String: Any])["cr1"] as! NSNumber
        let noun = above == 1 ? "1 customer above it" : "\(above) customers above it"
        #expect(view["capText"] as! String == "Single-name cap 10% of exposure: \(noun); the largest holds \(NumberText.percent(cr1.doubleValue)).")
    }
}
