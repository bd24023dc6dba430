import Testing
import TestSupport
@testable import CreditCore

@Suite struct MoneyTests {
    @Test func conversionRoundsHalfToEven() {
        // 100.0001 USD at 0.92 = 92.000092 → 92.0001
        #expect(Money(units: 1_000_001).converted(at: Rate(micros: 920_000)).units == 920_001)
        // 12.35 SEK at 0.087 = 1.07445 → 1.0744 (half to even); 12.37 × 0.087 = 1.07619 → 1.0762.
        #expect(Money(units: 123_500).converted(at: Rate(micros: 87_000)).units == 10_744)
        #expect(Money(units: 123_700).converted(at: Rate(micros: 87_000)).units == 10_762)
        // 0.0003 at 0.5 = 0.00015 → 0.0002; 0.0001 at 0.5 = 0.00005 → 0.0000; and the negative mirror.
        #expect(Money(units: 3).converted(at: Rate(micros: 500_000)).units == 2)
        #expect(Money(units: 1).converted(at: Rate(micros: 500_000)).units == 0)
        #expect(Money(units: -3).converted(at: Rate(micros: 500_000)).units == -2)
        #expect(Money(units: -7).converted(at: Rate(micros: 300_000)).units == -2)     // -0.00021 → -0.0002
        // Large amounts do not overflow the intermediate: 10^12 units × 1,000 (rate 1000.0).
        #expect(Money(whole: 100_000_000).converted(at: Rate(micros: 1_000_000_000)).units == 1_000_000_000_000_000)
    }

    /// Conversion takes a 64-bit way when the product fits and a 128-bit way when not: both agree with
    /// rounding the exact product half to even, here worked out on its own with 128-bit integers, on
    /// amounts and rates either side of the point where the product stops fitting.
    @Test func bothWaysOfConvertingRoundTheSame() {
        func expected(_ units: Int64, _ micros: Int64) -> Int64 {
            let p = Int128(units) * Int128(micros)
            let floor = p >= 0 ? p / 1_000_000 : (p - 999_999) / 1_000_000
            let rest = p - floor * 1_000_000          // 0 ..< 1,000,000
            let up = rest > 500_000 || (rest == 500_000 && floor % 2 != 0)
            return Int64(floor + (up ? 1 : 0))
        }
        var rng = SplitMix(seed: 0x2545_F491_4F6C_DD1D)
        func next() -> UInt64 { rng.next() }
        for k in 0..<20_000 {
            let micros = Int64(next() % 5_000_000_000) + 1
            // Magnitudes from tiny to past Int64.max / micros, so both ways are taken.
            let limit = Int64.max / micros
            var units = Int64(next() % UInt64(k % 2 == 0 ? 100_000_000_000 : min(UInt64(limit) * 2, UInt64(Int64.max / 4))))
            if next() % 2 == 0 { units = -units }
            let got = Money(units: units).converted(at: Rate(micros: micros)).units
            #expect(got == expected(units, micros), "\(units) at \(micros)")
            if got != expected(units, micros) { break }
        }
        // Exact halves on the 64-bit way, both signs.
        #expect(Money(units: 5).converted(at: Rate(micros: 100_000)).units == 0)      // 0.5 → 0
        #expect(Money(units: 15).converted(at: Rate(micros: 100_000)).units == 2)     // 1.5 → 2
        #expect(Money(units: -15).converted(at: Rate(micros: 100_000)).units == -2)
        #expect(Money(units: 123).converted(at: .one).units == 123)
    }

    @Test func centsRounding() {
        #expect(Money(units: 12_345).roundedToCents.units == 12_300)   // 1.2345 → 1.23
        #expect(Money(units: 12_350).roundedToCents.units == 12_400)   // 1.2350 → 1.24
        #expect(Money(units: -12_350).roundedToCents.units == -12_400)
        #expect(Money(units: -12_349).plain() == "-1.23")
        #expect(Money(units: 5_000).plain(decimals: 0) == "1")
        #expect(Money(units: -50).plain() == "-0.01")
        #expect(Money(units: 40).plain() == "0.00")
    }

    /// A share is the nearest Double to the exact quotient (checked with Python's `Fraction`): through the two
    /// amounts as Doubles it came out one step off.
    @Test func ratioIsTheNearestDoubleToTheExactQuotient() {
        let part = Money(units: 555_863_716_954), whole = Money(units: 3_895_932_246_436)
        #expect(part.ratio(to: whole) == 0.14267797327905388)
        #expect(part.doubleValue / whole.doubleValue == 0.1426779732790539)
        #expect(Money(units: 727_734_798_871).ratio(to: Money(units: 2_628_294_018_860)) == 0.2768848514089184)
    }
}
