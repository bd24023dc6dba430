import CreditCore
import Testing
@testable import CreditIngest

@Suite struct FieldParsersTests {
    static func amount(_ s: String, decimal: Character = ".", thousands: Character? = nil) -> Int64? {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBufferPointer {
            FieldParsers.amount(UnsafeBufferPointer($0), decimal: decimal.asciiValue!, thousands: thousands?.asciiValue)
        }
    }
    static func date(_ s: String, _ f: DateFormat) -> String? {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBufferPointer { FieldParsers.date(UnsafeBufferPointer($0), format: f)?.iso }
    }
    static func flag(_ s: String) -> Bool? {
        var b = Array(s.utf8)
        return b.withUnsafeMutableBufferPointer { FieldParsers.flag(UnsafeBufferPointer($0)) }
    }

    @Test func canonicalAmounts() {
        #expect(Self.amount("1234.56") == 12_345_600)
        #expect(Self.amount("-0.5") == -5_000)
        #expect(Self.amount(" +7 ") == 70_000)
        #expect(Self.amount("0.00") == 0)
        #expect(Self.amount(".5") == 5_000)
        #expect(Self.amount("1.23456") == 12_346)     // 5th decimal rounds half away from zero
        #expect(Self.amount("-1.23455") == -12_346)
    }

    @Test func europeanAmountsAndSigns() {
        #expect(Self.amount("12.345,67", decimal: ",", thousands: ".") == 123_456_700)
        #expect(Self.amount("1.234-", decimal: ",", thousands: ".") == -12_340_000)    // SAP trailing minus
        #expect(Self.amount("(1,234.50)", thousands: ",") == -12_345_000)             // accounting negative
        #expect(Self.amount("1'000.00", thousands: "'") == 10_000_000)
    }

    @Test func invalidAmounts() {
        for bad in ["", "abc", "#VALUE!", "1,234.50", "1.2.3", "12..3", "--1", "1e5", "123456789012345"] {
            #expect(Self.amount(bad) == nil, "\(bad)")
        }
        #expect(Self.amount("12.345,67") == nil)                    // decimal comma without the dialect
        #expect(Self.amount("1..000,00", decimal: ",", thousands: ".") == nil)
        #expect(Self.amount("1.000.", decimal: ",", thousands: ".") == nil)
    }

    @Test func dateFormats() {
        #expect(Self.date("2026-11-20", .iso) == "2026-11-20")
        #expect(Self.date("20.11.2026", .dayMonthYearDots) == "2026-11-20")
        #expect(Self.date("11/20/2026", .monthDayYearSlashes) == "2026-11-20")
        #expect(Self.date("20261120", .compact) == "2026-11-20")
        #expect(Self.date(" 2024-02-29 ", .iso) == "2024-02-29")
        // US and German exports often drop the leading zeros (IBM's AR sample: 1/2/2013).
        #expect(Self.date("1/2/2013", .monthDayYearSlashes) == "2013-01-02")
        #expect(Self.date("12/3/2013", .monthDayYearSlashes) == "2013-12-03")
        #expect(Self.date("3/14/2013", .monthDayYearSlashes) == "2013-03-14")
        #expect(Self.date("1.2.2026", .dayMonthYearDots) == "2026-02-01")
    }

    @Test func invalidDates() {
        #expect(Self.date("2026-02-30", .iso) == nil)
        #expect(Self.date("31.04.2026", .dayMonthYearDots) == nil)
        #expect(Self.date("20.11.2026", .iso) == nil)
        #expect(Self.date("2026-11-2", .iso) == nil)
        #expect(Self.date("2026/11/20", .iso) == nil)
        #expect(Self.date("13/01/2026", .monthDayYearSlashes) == nil)
        #expect(Self.date("1/2/13", .monthDayYearSlashes) == nil)
        #expect(Self.date("1//2013", .monthDayYearSlashes) == nil)
        #expect(Self.date("123/1/2013", .monthDayYearSlashes) == nil)
        #expect(Self.date("1/2/2013", .dayMonthYearDots) == nil)
    }

    @Test func disputedFlags() {
        for yes in ["true", "TRUE", "1", "yes", "Y", "x", "X"] { #expect(Self.flag(yes) == true, "\(yes)") }
        for no in ["", "false", "0", "No", "n", " "] { #expect(Self.flag(no) == false, "\(no)") }
        for bad in ["maybe", "2", "ja", "truee"] { #expect(Self.flag(bad) == nil, "\(bad)") }
    }

    @Test func rates() {
        var b = Array("0.92".utf8)
        #expect(b.withUnsafeMutableBufferPointer { FieldParsers.rate(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) } == Rate(micros: 920_000))
        var z = Array("0".utf8)
        #expect(z.withUnsafeMutableBufferPointer { FieldParsers.rate(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) } == nil)
    }
}
