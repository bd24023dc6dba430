import CreditCore
import Testing
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
    }
}
