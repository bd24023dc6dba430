import CreditCore
import Testing
import TestSupport
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

    /// Words compared eight bytes at a time match exactly what the byte loop matches: every word the row
    /// parser looks for, in upper, lower and mixed case, with each byte in turn replaced by every byte
    /// value (so `_` against DEL, `@` against a backquote, bytes past 0x7F), and one byte shorter or longer.
    @Test func caselessWordsMatchTheByteLoop() {
        let words: [StaticString] = ["no", "yes", "true", "false", "invoice", "payment", "balance", "debit_note", "creditnote",
                                     "credit_note", "credit note", "a_much_longer_word_x"]
        var checked = 0, matched = 0
        for word in words {
            let w = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
            var inputs = [w, w.map { $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }, w.enumerated().map { $0 % 2 == 0 && $1 >= 97 && $1 <= 122 ? $1 - 32 : $1 },
                          Array(w.dropLast()), w + [w.last!], [UInt8](repeating: 0, count: w.count)]
            for i in w.indices {
                for b in 0...255 {
                    var x = w
                    x[i] = UInt8(b)
                    inputs.append(x)
                }
            }
            for var x in inputs {
                let fast = x.withUnsafeMutableBufferPointer { FieldParsers.equalsIgnoringCase(UnsafeBufferPointer($0), word) }
                let slow = x.withUnsafeMutableBufferPointer { FieldParsers.equalsIgnoringCaseByBytes(UnsafeBufferPointer($0), word) }
                #expect(fast == slow, "\(word) \(x)")
                checked += 1
                if fast { matched += 1 }
            }
        }
        // 97 bytes in all × 256 values, and 6 inputs per word; matches: 2 per letter place, 1 per other place, and
        // the 3 spellings per word.
        #expect(checked == 24_904 && matched == 223)
    }

    @Test func canonicalAmounts() {
        #expect(Self.amount("1234.56") == 12_345_600)
        #expect(Self.amount("-0.5") == -5_000)
        #expect(Self.amount(" +7 ") == 70_000)
        #expect(Self.amount("0.00") == 0)
        // Four bytes that are almost zero are read in full.
        #expect(Self.amount("0.01") == 100 && Self.amount("1.00") == 10_000 && Self.amount("0.10") == 1_000 && Self.amount("00.0") == 0)
        #expect(Self.amount("0,00") == nil && Self.amount("0,00", decimal: ",") == 0 && Self.amount("0.00", decimal: ",") == nil)
        #expect(Self.amount("0.0x") == nil && Self.amount("-0.0") == 0)
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

    /// Digit groups are of three, or of two between (as in India), the last of three: a malformed group is
    /// refused, and so is an amount written with the other decimal sign than the dialect's, which was read
    /// as a number 100 or 1,000 times too large.
    @Test func digitGroups() {
        let de = (decimal: Character(","), thousands: Character("."))
        #expect(Self.amount("1.234.567,89", decimal: de.decimal, thousands: de.thousands) == 12_345_678_900)
        #expect(Self.amount("999.999", decimal: de.decimal, thousands: de.thousands) == 9_999_990_000)
        #expect(Self.amount("12,34,567.50", thousands: ",") == 12_345_675_000)          // Indian grouping
        #expect(Self.amount("1,23,456", thousands: ",") == 1_234_560_000)
        for bad in ["1.2.3,4", "1.234.56", "1234.56", "12.34,5", "1.2345,00", "12.345.67.890", "1234.567"] {
            #expect(Self.amount(bad, decimal: de.decimal, thousands: de.thousands) == nil, "\(bad)")
        }
        #expect(Self.amount("123,45,678", thousands: ",") == nil)                       // a first group longer than those between
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
        for bad in ["maybe", "2", "ja", "truee", "yess", "nO0", "\u{10}", "\u{11}", "N0", "tru", "fals"] { #expect(Self.flag(bad) == nil, "\(bad)") }
    }

    /// The fast path for `[-]digits[.digits]` gives what the full reader gives, on 200,000 seeded texts
    /// made of digits, signs, separators and the odd letter, in both dialects.
    @Test func plainAmountsAgreeWithTheFullReader() {
        var rng = SplitMix(seed: 7)
        let alphabet = Array("0123456789012345678901234567890123456789.,-+( )'a".utf8)
        var fastTaken = 0
        for k in 0..<200_000 {
            let length = Int(rng.next() % 20)
            var bytes = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let (decimal, thousands): (UInt8, UInt8?) = k % 2 == 0 ? (UInt8(ascii: "."), UInt8(ascii: ",")) : (UInt8(ascii: ","), UInt8(ascii: "."))
            bytes.withUnsafeMutableBufferPointer { b in
                let f = FieldParsers.trimmed(UnsafeBufferPointer(b))
                let full = FieldParsers.amountInFull(f, decimal: decimal, thousands: thousands)
                if let fast = FieldParsers.plainAmount(f, decimal: decimal) {
                    fastTaken += 1
                    #expect(fast == full, "\(String(decoding: f, as: UTF8.self))")
                }
                #expect(FieldParsers.amount(UnsafeBufferPointer(b), decimal: decimal, thousands: thousands) == full)
            }
        }
        #expect(fastTaken > 10_000)          // the comparison did exercise the fast path
    }

    /// Eight digits at a time: every length from 1 to 8 gives the number the digits spell, and any byte that
    /// is not a digit, at any place, gives nil; decimals are scaled to four places.
    @Test func eightDigitsAtATime() {
        var rng = SplitMix(seed: 11)
        for count in 1...8 {
            for _ in 0..<300 {
                var bytes = (0..<count).map { _ in UInt8(48 + rng.next() % 10) }
                let expected = UInt64(String(decoding: bytes, as: UTF8.self))!
                bytes.withUnsafeBufferPointer { #expect(EightDigits.value(right: $0.baseAddress!, count: count) == expected) }
                let at = Int(rng.next() % UInt64(count))
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                let stillDigits = bytes[at] >= 48 && bytes[at] <= 57
                bytes.withUnsafeBufferPointer { b in
                    #expect((EightDigits.value(right: b.baseAddress!, count: count) == nil) == !stillDigits, "\(bytes)")
                }
            }
            // Every byte value in every place.
            for at in 0..<count {
                for byte in 0...255 where !(48...57).contains(byte) {
                    var bytes = [UInt8](repeating: UInt8(ascii: "9"), count: count)
                    bytes[at] = UInt8(byte)
                    bytes.withUnsafeBufferPointer { #expect(EightDigits.value(right: $0.baseAddress!, count: count) == nil) }
                }
            }
        }
        for (text, units) in [("7", 7_000), ("73", 7_300), ("735", 7_350), ("7351", 7_351), ("0001", 1), ("9999", 9_999)] {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { #expect(EightDigits.fraction($0.baseAddress!, count: text.count) == UInt64(units)) }
        }
        for (text, units) in [("0", 0), ("-0", 0), ("175.73", 1_757_300), ("-12.3", -123_000), ("12345678", 123_456_780_000),
                              ("123456789.0001", 1_234_567_890_001), ("99999999999999.9999", 999_999_999_999_999_999),
                              ("-99999999999999", -999_999_999_999_990_000), ("00000000000001.5", 15_000)] {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { #expect(FieldParsers.plainAmount(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) == Int64(units), "\(text)") }
        }
        for text in ["", "-", ".5", "5.", "1.23456", "123456789012345", "1.2.3", "1,5", "12a4", "+5", "1 000", "--1"] {
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBufferPointer { #expect(FieldParsers.plainAmount(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) == nil, "\(text)") }
        }
    }

    /// ISO dates read through the month-start table give `Day(year:month:day:)`'s day, or nil, for every
    /// year, month and day number around and inside the table's years.
    @Test func isoDatesFromTheTableMatchTheCalendar() {
        for year in [1, 1582, 1899, 1900, 1901, 2000, 2024, 2025, 2026, 2100, 2199, 2200, 2201, 9999] {
            for month in 0...13 {
                for day in 0...32 {
                    #expect(MonthStarts.day(year: year, month: month, day: day) == Day(year: year, month: month, day: day),
                            "\(year)-\(month)-\(day)")
                }
            }
        }
        #expect(Self.date("1900-01-01", .iso) == "1900-01-01")
        #expect(Self.date("2199-12-31", .iso) == "2199-12-31")
        #expect(Self.date("0000-01-01", .iso) == nil)
        #expect(Self.date("2026-1a-01", .iso) == nil)
        #expect(Self.date("2026-11-3:", .iso) == nil)
    }

    @Test func rates() {
        var b = Array("0.92".utf8)
        #expect(b.withUnsafeMutableBufferPointer { FieldParsers.rate(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) } == Rate(micros: 920_000))
        var z = Array("0".utf8)
        #expect(z.withUnsafeMutableBufferPointer { FieldParsers.rate(UnsafeBufferPointer($0), decimal: UInt8(ascii: ".")) } == nil)
    }
}
