import Testing
@testable import CreditCore

/// Insurance cover with disputes and the ECL formula's insurance and multiplier terms, hand-computed.
@Suite struct InsuranceCoverTests {
    /// Exposure 100,000, of it disputed 30,000, insured limit 60,000, indemnity 90%:
    /// insured = min(100,000 − 30,000, 60,000) = 60,000; indemnified 54,000; uninsured 40,000;
    /// shortfall over the insured limit 40,000.
    @Test func disputedAmountsAreNotCovered() {
        let c = InsuranceCover(exposure: Money(whole: 100_000), disputed: Money(whole: 30_000), insuredLimit: Money(whole: 60_000),
                               indemnity: 0.9)
        #expect(c.insured == Money(whole: 60_000))
        #expect(c.indemnified == Money(whole: 54_000))
        #expect(c.uninsured == Money(whole: 40_000))
        #expect(c.shortfall == Money(whole: 40_000))
    }
    /// Exposure 50,000, disputed 20,000, limit 60,000: insured 30,000 (the dispute, not the limit, binds),
    /// indemnified 27,000, uninsured 20,000, no shortfall.
    @Test func disputeBindsBeforeTheLimit() {
        let c = InsuranceCover(exposure: Money(whole: 50_000), disputed: Money(whole: 20_000), insuredLimit: Money(whole: 60_000),
                               indemnity: 0.9)
        #expect(c.insured == Money(whole: 30_000))
        #expect(c.indemnified == Money(whole: 27_000))
        #expect(c.uninsured == Money(whole: 20_000))
        #expect(c.shortfall == .zero)
    }
    @Test func noCover() {
        let c = InsuranceCover(exposure: Money(whole: 8_000), disputed: .zero, insuredLimit: nil, indemnity: 0.9)
        #expect(c.insured == .zero && c.uninsured == Money(whole: 8_000) && c.shortfall == .zero)
    }
    /// Shortfalls, largest first, ties by id. In input order: S3 1,500 over an insured limit of 1,000 (500),
    /// S1 the same (500), S2 4,000 over 2,000 (2,000), N 9,000 uninsured (none), S4 4,000 under 5,000 (none).
    @Test func shortfallsLargestFirstThenByID() {
        let rows: [(String, Int64, Int64?)] = [("S3", 1_500, 1_000), ("S1", 1_500, 1_000), ("S2", 4_000, 2_000), ("N", 9_000, nil),
                                               ("S4", 4_000, 5_000)]
        let customers = rows.map { Customer(id: $0.0, country: "DE", insuredLimit: $0.2.map { Money(whole: $0) }) }
        let asOf = Day(iso: "2026-11-20")!
        var l = Ledger(customers: customers, policy: CreditPolicy(), asOf: asOf)
        for (c, row) in rows.enumerated() {
            l.post(OpenItem(customerIndex: Int32(c), documentDate: Day(iso: "2026-11-01")!, dueDate: Day(iso: "2026-12-01")!,
                            amount: Money(whole: row.1), openAmount: Money(whole: row.1)))
        }
        let a = PortfolioAnalysis(customers: customers, ledger: l, ratings: ["DE": "0"])
        #expect(a.shortfalls.map { rows[$0].0 } == ["S2", "S1", "S3"])
        #expect(a.shortfalls.map { a.risks[$0].cover.shortfall } == [Money(whole: 2_000), Money(whole: 500), Money(whole: 500)])
    }
}

@Suite struct ExpectedCreditLossTests {
    /// G = 10,000 (8,000 not due @0.3%, 2,000 in 1-30 @1.6%): 24 + 32 = 56; multiplier 1.4 → 78.4;
    /// insured limit 5,000 of G 10,000, indemnity 0.9 → × (1 − 0.9 × 0.5) = 0.55 → 43.12.
    @Test func multiplierAndInsurance() {
        let ecl = ExpectedCreditLoss.provisionMatrix(balances: [Money(whole: 8_000), Money(whole: 2_000)], lossRates: [0.003, 0.016],
                                                     multiplier: 1.4, insuredLimit: Money(whole: 5_000), indemnity: 0.9)
        #expect(Money(rounding: ecl) == Money(units: 431_200))
    }
    /// An insured limit above G covers G only: 56 × (1 − 0.9) = 5.6.
    @Test func coverShareIsAtMostOne() {
        let ecl = ExpectedCreditLoss.provisionMatrix(balances: [Money(whole: 8_000), Money(whole: 2_000)], lossRates: [0.003, 0.016],
                                                     insuredLimit: Money(whole: 50_000), indemnity: 0.9)
        #expect(Money(rounding: ecl) == Money(units: 56_000))
    }
    /// 0.50 × 2.5 = 1.25 is capped at 1: a balance of 1,000 cannot lose 1,250.
    @Test func rateTimesMultiplierIsCappedAtOne() {
        let ecl = ExpectedCreditLoss.provisionMatrix(balances: [.zero, Money(whole: 1_000)], lossRates: [0.003, 0.50], multiplier: 2.5)
        #expect(Money(rounding: ecl) == Money(whole: 1_000))
    }
    @Test func noGrossARNoLoss() {
        #expect(ExpectedCreditLoss.provisionMatrix(balances: [.zero, Money(whole: -10)], lossRates: [0.1, 0.2]) == 0)
    }
}
