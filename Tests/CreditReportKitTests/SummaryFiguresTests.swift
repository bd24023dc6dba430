import CreditCore
import Foundation
import Testing
@testable import CreditReportKit

/// The management summary's figures on the bundled sample against the independent oracle
/// (fixtures/sample/expected.json): the headline cards, the over-limit total and the top-ten share.
@Suite struct SummaryFiguresTests {
    @Test func cardsAndTopTenMatchTheOracle() throws {
        var config = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        config.templatesDir = Repo.path("templates")
        let run = try Pipeline.analyse(config, asOf: config.asOf!)
        let strings = try ReportStrings.load(.en, folder: Repo.path("templates"))
        let view = SummaryView.build(run, config: config, strings: strings, previous: nil)
        let data = try Data(contentsOf: URL(fileURLWithPath: Repo.path("fixtures/sample/expected.json")))
        let e = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let p = e["portfolio"] as! [String: Any]
        func number(_ v: Any?) -> Double { (v as! NSNumber).doubleValue }
        func whole(_ v: Double) -> String { NumberText.amount(Money(rounding: v), decimals: 0) }
        let cards = Dictionary(uniqueKeysWithValues: (view["headline"] as! [[String: Any]]).map { ($0["label"] as! String, $0) })
        #expect(cards["Net AR"]!["value"] as! String == whole(number(p["net_ar"])))
        #expect(cards["Overdue"]!["value"] as! String == whole(number(p["overdue"])))
        #expect(cards["Protracted default"]!["value"] as! String == whole(number(p["protracted_default"])))
        #expect(cards["Expected credit loss"]!["value"] as! String == whole(number(p["ecl"])))
        #expect(cards["Uninsured exposure"]!["value"] as! String == whole(number(p["uninsured_exposure"])))
        // ECL as a share of gross AR, to two decimals of a percent.
        #expect(cards["Expected credit loss"]!["note"] as! String
                == "\(NumberText.percent(number(p["ecl"]) / number(p["gross_ar"]), decimals: 2)) of gross AR")
        // Over the credit limit: Σ (exposure − limit) over the oracle's breaches (a limit of 0 included).
        let customers = e["customers"] as! [[String: Any]]
        let breaches = customers.filter { ($0["breach"] as? Bool) == true }
        let excess = breaches.reduce(0.0) { $0 + number($1["exposure"]) - number($1["credit_limit"]) }
        #expect(cards["Over credit limit"]!["value"] as! String == whole(excess))
        #expect(cards["Over credit limit"]!["note"] as! String == "\(breaches.count) customers, by this much in all")
        // The ten largest exposures and their share of the total.
        let top = customers.map { ($0["customer_id"] as! String, number($0["exposure"])) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(10)
        #expect((view["top"] as! [[String: Any]]).map { $0["id"] as! String } == top.map(\.0))
        let share = top.reduce(0.0) { $0 + $1.1 } / number(p["total_exposure"])
        #expect((view["topIntro"] as! String).contains("together \(NumberText.percent(share)) of exposure"))
    }
}
