import Testing
@testable import CreditCore

@Suite struct ConcentrationTests {
    /// The published example in the issue: exposures 500, 300, 100, 50, 50.
    @Test func publishedExample() throws {
        let c = Concentration(exposures: [("A", Money(whole: 500)), ("B", Money(whole: 300)), ("C", Money(whole: 100)),
                                          ("D", Money(whole: 50)), ("E", Money(whole: 50))])
        #expect(c.segmentCount == 5)
        #expect(abs(try #require(c.hhi) - 0.355) < 1e-12)
        #expect(abs(try #require(c.normalisedHHI) - 0.19375) < 1e-12)
        #expect(abs(try #require(c.gini) - 0.46) < 1e-12)
        #expect(c.cr1 == 0.5)
        #expect(abs(try #require(c.cr5) - 1.0) < 1e-12)
        #expect(c.cr10 == 1)
        #expect(abs(try #require(c.effectiveNumber) - 1 / 0.355) < 1e-9)
        #expect(c.top.map(\.key) == ["A", "B", "C", "D", "E"])
    }

    @Test func tiesBrokenByKeyAndNonPositiveSegmentsIgnored() {
        let c = Concentration(exposures: [("Z", Money(whole: 10)), ("A", Money(whole: 10)), ("N", .zero)])
        #expect(c.segmentCount == 2)
        #expect(c.top.map(\.key) == ["A", "Z"])
        #expect(c.hhi == 0.5)
        #expect(c.normalisedHHI == 0)
        #expect(c.gini == 0)
    }

    @Test func singleSegmentAndEmpty() {
        let one = Concentration(exposures: [("A", Money(whole: 7))])
        #expect(one.normalisedHHI == 0)
        #expect(one.hhi == 1)
        #expect(one.cr5 == 1)
        let none = Concentration(exposures: [])
        #expect(none.hhi == nil)
        #expect(none.top.isEmpty)
    }

    /// Segments per dimension from positions: a customer outside a group is its own segment, and is summed
    /// with a group that bears its id; customers without exposure count nowhere.
    @Test func segmentsFromPositions() {
        let asOf = Day(iso: "2026-11-20")!
        let customers = [
            Customer(id: "A", industry: "Steel", groupID: "G"), Customer(id: "B", industry: "Steel", groupID: "G"),
            Customer(id: "C", industry: "Food"), Customer(id: "X", groupID: "C"), Customer(id: "Z"), Customer(id: "N"),
        ]
        var ledger = Ledger(customers: customers, policy: CreditPolicy(), asOf: asOf)
        for (c, amount) in [(0, 100), (1, 50), (2, 30), (3, 20), (4, 40)] {
            ledger.post(OpenItem(customerIndex: Int32(c), documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                                 amount: Money(whole: Int64(amount)), openAmount: Money(whole: Int64(amount))))
        }
        let positions = CustomerPosition.all(customers: customers, ledger: ledger)
        let byCustomer = Concentration(.customer, positions: positions)
        #expect(byCustomer.top.map(\.key) == ["A", "B", "Z", "C", "X"])
        #expect(byCustomer.total == Money(whole: 240))
        let byGroup = Concentration(.group, positions: positions)
        #expect(byGroup.top.map { "\($0.key) \($0.exposure)" } == ["G 150.00", "C 50.00", "Z 40.00"])
        let byIndustry = Concentration(.industry, positions: positions)
        #expect(byIndustry.top.map(\.key) == ["Steel", "(none)", "Food"])
        #expect(byIndustry.top.map(\.exposure) == [Money(whole: 150), Money(whole: 60), Money(whole: 30)])
    }
}
