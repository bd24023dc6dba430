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
}
