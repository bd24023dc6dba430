import CreditCore
import CreditRender
import Testing
import TestSupport
@testable import CreditReportKit

/// The display formats every figure of the HTML and Markdown reports goes through.
@Suite struct NumberTextTests {
    @Test func amountsHaveDigitGroupsAndRoundHalfAwayFromZero() {
        #expect(NumberText.amount(Money(units: 12_345_678_912_345)) == "1,234,567,891.23")   // 1,234,567,891.2345
        #expect(NumberText.amount(Money(units: -1_945_644_400)) == "-194,564.44")
        #expect(NumberText.amount(Money(units: 9_999_950)) == "1,000.00")                    // 999.995 → 1,000.00
        #expect(NumberText.amount(Money(units: 999_000)) == "99.90")
        #expect(NumberText.amount(Money(units: 0)) == "0.00")
        #expect(NumberText.amount(Money(whole: 1_234_567), decimals: 0) == "1,234,567")
    }

    @Test func percentagesAndRatios() {
        #expect(NumberText.percent(0.3697) == "37.0%")
        #expect(NumberText.percent(1.2, decimals: 0) == "120%")
        #expect(NumberText.percent(0.00049) == "0.0%")
        #expect(NumberText.percent(nil) == "–")
        #expect(NumberText.fixed(0.355 * 10_000, decimals: 0) == "3,550")
        #expect(NumberText.fixed(0.19375, decimals: 3) == "0.194")
        #expect(NumberText.fixed(-0.004, decimals: 2) == "0.00")
        #expect(NumberText.fixed(-2.5, decimals: 0) == "-3")
        #expect(NumberText.fixed(.infinity, decimals: 1) == "–")
        // Too large for decimals (an ECL multiplier of 1e17 trapped here): whole digits, grouped.
        #expect(NumberText.fixed(1e17, decimals: 2) == "100,000,000,000,000,000")
        #expect(NumberText.fixed(-1e16, decimals: 1) == "-10,000,000,000,000,000")
        #expect(NumberText.fixed(1e308, decimals: 2) == "1e+308")
        #expect(NumberText.fixed(8_999_999_999_999.99, decimals: 2) == "8,999,999,999,999.99")
    }

    /// metrics.json writes money two ways, through the tree (`MetricsDocument.money`) and straight into a
    /// line (`JSONLine.cents`, and `MetricsDocument.date` for dates): both must print the same text.
    @Test func lineMoneyAndDatesMatchTheTree() {
        var rng = SplitMix(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { rng.next() }
        var amounts: [Int64] = [0, 1, 49, 50, 51, -1, -49, -50, -51, 9_999, 10_000, -10_000, 123_456_789, -987_654_321_000]
        for _ in 0..<5_000 { amounts.append(Int64(bitPattern: next()) >> Int64(next() % 40 + 14)) }
        for units in amounts {
            let m = Money(units: units)
            var line = ByteBuffer()
            var o = JSONLine(into: &line)
            o.cents("x", units: MetricsDocument.cents(m), &line)
            o.end(&line)
            #expect(line.text == JSONValue.object([("x", MetricsDocument.money(m))]).serialised(), "\(units)")
        }
        for n in stride(from: -800_000, through: 2_900_000, by: 997) {
            let d = Day(number: Int32(n))
            var line = ByteBuffer()
            var o = JSONLine(into: &line)
            MetricsDocument.date("x", d, &o, &line)
            o.end(&line)
            #expect(line.text == JSONValue.object([("x", .string(d.iso))]).serialised(), "\(d.iso)")
        }
        // Zero-padded; nil is null; a year past 9999 as its text.
        var line = ByteBuffer()
        var o = JSONLine(into: &line)
        MetricsDocument.date("a", Day(year: 2026, month: 1, day: 5), &o, &line)
        MetricsDocument.date("b", nil, &o, &line)
        MetricsDocument.date("c", Day(year: 987, month: 12, day: 31), &o, &line)
        MetricsDocument.date("d", Day(number: Day(year: 9999, month: 12, day: 31)!.number + 1), &o, &line)
        o.end(&line)
        #expect(line.text == #"{"a": "2026-01-05", "b": null, "c": "0987-12-31", "d": "10000-01-01"}"#)
    }
}
