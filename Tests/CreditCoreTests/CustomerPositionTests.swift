import Testing
@testable import CreditCore

@Suite struct CustomerPositionTests {
    static let asOf = Day(iso: "2026-11-20")!

    static func positions(_ customers: [Customer], exposures: [Int64]) -> [CustomerPosition] {
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: asOf)
        for (i, e) in exposures.enumerated() where e != 0 {
            l.post(OpenItem(customerIndex: Int32(i), documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                            amount: Money(whole: e), openAmount: Money(whole: e)))
        }
        return CustomerPosition.all(customers: customers, ledger: l)
    }

    /// 1,198.668 of 4,000 is 0.299667 exactly: the ratio prints as that, not as 0.29966699999999996.
    @Test func utilisationIsTheExactQuotientRoundedOnce() {
        var l = Ledger(customers: [Customer(id: "A", creditLimit: Money(whole: 4000))], policy: CreditPolicy(), asOf: Self.asOf)
        l.post(OpenItem(customerIndex: 0, documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                        amount: Money(units: 11_986_680), openAmount: Money(units: 11_986_680)))
        let p = CustomerPosition.all(customers: [Customer(id: "A", creditLimit: Money(whole: 4000))], ledger: l)
        #expect(p[0].utilisation == 0.299667)
        #expect("\(p[0].utilisation!)" == "0.299667")
    }

    @Test func utilisationBreachAndNoLimit() {
        let p = Self.positions([
            Customer(id: "A", creditLimit: Money(whole: 1000)),   // 1,200 / 1,000
            Customer(id: "B", creditLimit: Money(whole: 1000)),   // 400 / 1,000
            Customer(id: "C"),                                    // exposure, no limit
            Customer(id: "D", creditLimit: .zero),                // limit 0 with exposure
            Customer(id: "E", creditLimit: .zero),                // limit 0, nothing owed
            Customer(id: "F"),                                    // nothing
        ], exposures: [1200, 400, 50, 10, 0, 0])
        #expect(p[0].utilisation == 1.2)
        #expect(p[0].breach == true)
        #expect(p[0].excessOverLimit == Money(whole: 200))
        #expect(p[0].limitStatus == .breach)
        #expect(p[1].utilisation == 0.4)
        #expect(p[1].breach == false)
        #expect(p[2].utilisation == nil)
        #expect(p[2].breach == nil)
        #expect(p[2].limitStatus == .noLimit)
        #expect(p[3].utilisation == nil)
        #expect(p[3].breach == true)
        #expect(p[4].breach == false)
        #expect(p[5].limitStatus == .none)
    }

    @Test func concentrationByGroupIndustryCountry() {
        let p = Self.positions([
            Customer(id: "A", country: "DE", industry: "Machinery", groupID: "G1"),
            Customer(id: "B", country: "DE", groupID: "G1"),
            Customer(id: "C", country: nil, industry: "Food"),
        ], exposures: [600, 200, 200])
        let group = Concentration(.group, positions: p)
        #expect(group.top.map(\.key) == ["G1", "C"])
        #expect(group.top.map(\.share) == [0.8, 0.2])
        let industry = Concentration(.industry, positions: p)
        #expect(Set(industry.top.map(\.key)) == ["Machinery", "(none)", "Food"])
        let country = Concentration(.country, positions: p)
        #expect(country.top.map(\.key) == ["DE", "(none)"])
        #expect(abs(country.hhi! - (0.64 + 0.04)) < 1e-12)
    }

    @Test func countryRiskOverlay() {
        let p = Self.positions([
            Customer(id: "A", country: "DE"), Customer(id: "B", country: "TR"), Customer(id: "C", country: "MA"),
            Customer(id: "D", country: "XX"),
        ], exposures: [500, 300, 150, 50])
        let o = CountryRiskOverlay(positions: p, ratings: ["DE": "0", "TR": "5", "XX": "not classified"])
        #expect(o.highRiskExposure == Money(whole: 300))
        #expect(o.unratedCountries == ["MA", "XX"])
        #expect(o.byGrade.first { $0.grade == "unrated" }?.exposure == Money(whole: 200))
        #expect(o.byGrade.first { $0.grade == "0" }?.share == 0.5)
        #expect(o.byGrade.map(\.grade) == ["0", "1", "2", "3", "4", "5", "6", "7", "unrated"])
    }

    /// Several customers per country, one with no country and one with no exposure: each country's figures
    /// are worked out once and added up per customer (hand-computed).
    @Test func countryRiskOverlayWithManyCustomersPerCountry() {
        let p = Self.positions([
            Customer(id: "A", country: "DE"), Customer(id: "B", country: "TR"), Customer(id: "C", country: "DE"),
            Customer(id: "D", country: nil), Customer(id: "E", country: "TR"), Customer(id: "F", country: "MA"),
            Customer(id: "G", country: "PL"),
        ], exposures: [500, 300, 100, 40, 0, 60, 200])
        let o = CountryRiskOverlay(positions: p, ratings: ["DE": "0", "TR": "5", "PL": "2"])
        // Total 1,200; rated 1,100: grade 0 600, grade 2 200, grade 5 300; unrated 100 (no country 40, MA 60).
        #expect(o.highRiskExposure == Money(whole: 300))
        #expect(o.unratedExposure == Money(whole: 100))
        #expect(o.byGrade.map(\.exposure) == [600, 0, 200, 0, 0, 300, 0, 0, 100].map { Money(whole: $0) })
        #expect(o.byGrade.first { $0.grade == "0" }?.share == 0.5)
        // (600 × 0 + 200 × 2 + 300 × 5) / 1,100
        #expect(abs(o.averageScore! - 1_900.0 / 1_100) < 1e-12)
        #expect(o.byCountry.map(\.country) == ["DE", "TR", "PL", "MA", "(none)"])
        #expect(o.byCountry.map(\.exposure) == [600, 300, 200, 60, 40].map { Money(whole: $0) })
        #expect(o.byCountry.map(\.grade) == ["0", "5", "2", "unrated", "unrated"])
        #expect(o.byCountry.map(\.highRisk) == [false, true, false, false, false])
        #expect(o.unratedCountries == ["(none)", "MA"])
    }
}
