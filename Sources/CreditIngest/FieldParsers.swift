import CreditCore

/// Remembers the last date text a column held and its day: ledgers are mostly sorted by date, so most
/// rows repeat the previous row's date, and comparing ten bytes is cheaper than parsing them.
struct DateCache {
    private var bytes: (UInt64, UInt64) = (0, 0)
    private var length = -1
    private var day: Day? = nil

    /// `f` is trimmed of spaces and tabs (the ledger's parser trims each field once).
    @inline(__always)
    mutating func date(_ f: UnsafeBufferPointer<UInt8>, format: DateFormat, monthStarts: [Int32] = MonthStarts.table) -> Day? {
        guard f.count <= 16 else { return FieldParsers.date(trimmed: f, format: format, monthStarts: monthStarts) }
        // Two word loads: a byte copy into a local and reading it back as words stalled on every row.
        let key = ByteWords.pack(f)
        if f.count == length && key == bytes { return day }
        let parsed = FieldParsers.date(trimmed: f, format: format, monthStarts: monthStarts)
        bytes = key
        length = f.count
        day = parsed
        return parsed
    }
}

/// The day number of the first of each month from 1900 to 2199, so that a date's day number is a table
/// look-up and an addition; dates outside those years take `Day(year:month:day:)`. Every date format
/// makes its day here.
enum MonthStarts {
    static let firstYear = 1900, years = 300
    /// `(year - firstYear) * 12 + month - 1` → day number of the 1st; one more entry for the month after the last.
    static let table: [Int32] = (0...(years * 12)).map { k in Day(year: firstYear + k / 12, month: k % 12 + 1, day: 1)!.number }

    /// The day, or nil when it does not exist (2026-02-30, month 13, day 0).
    @inline(__always)
    static func day(year: Int, month: Int, day: Int) -> Day? { self.day(year: year, month: month, day: day, in: table) }

    /// `day(year:month:day:)` with `table` handed in: reading the lazily made global took a call to check
    /// that it was made for every date (`swift_once`, two or three per ledger row); the ledger's parser holds it.
    @inline(__always)
    static func day(year: Int, month: Int, day: Int, in table: [Int32]) -> Day? {
        let k = (year - firstYear) * 12 + month - 1
        guard year >= firstYear && year < firstYear + years else { return Day(year: year, month: month, day: day) }
        guard month >= 1 && month <= 12 && day >= 1 else { return nil }
        return table.withUnsafeBufferPointer { t in
            let start = t[k]
            return day <= Int(t[k + 1] - start) ? Day(number: start + Int32(day - 1)) : nil
        }
    }
}

/// Byte-level parsers for the values of an export's fields. Each returns nil for text it cannot read;
/// callers check for an empty field first, so that "missing" and "invalid" give different reasons.
enum FieldParsers {
    static let space = UInt8(ascii: " ")

    /// The field without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = field.count
        while lo < hi, field[lo] == space || field[lo] == 9 { lo += 1 }
        while hi > lo, field[hi - 1] == space || field[hi - 1] == 9 { hi -= 1 }
        if lo == 0 && hi == field.count { return field }
        return UnsafeBufferPointer(rebasing: field[lo..<hi])
    }

    /// An amount in 1/10,000 of its currency: optional sign (leading `-`/`+`, trailing `-` as SAP writes
    /// it, or accounting parentheses), digit groups, one decimal separator. Digits past the fourth decimal
    /// are rounded half away from zero. Nil for anything else, or more than 14 integer digits.
    static func amount(_ raw: UnsafeBufferPointer<UInt8>, decimal: UInt8, thousands: UInt8?) -> Int64? {
        amount(trimmed: trimmed(raw), decimal: decimal, thousands: thousands)
    }

    /// `amount` of text already trimmed of spaces and tabs (the ledger's parser trims each field once).
    @inline(__always)
    static func amount(trimmed f: UnsafeBufferPointer<UInt8>, decimal: UInt8, thousands: UInt8?) -> Int64? {
        // Zero as a cleared item's open amount is written (`0.00`, or `0,00` with a decimal comma; four rows in
        // five of the benchmark book's ledger): four bytes compared at once.
        if f.count == 4,
           UInt32(littleEndian: UnsafeRawPointer(f.baseAddress!).loadUnaligned(as: UInt32.self)) == 0x3030_0030 | UInt32(decimal) << 8 {
            return 0
        }
        if let units = plainAmount(f, decimal: decimal) { return units }
        return amountInFull(f, decimal: decimal, thousands: thousands)
    }

    /// `amount` without the fast path for its common shape (tests compare the two).
    static func amountInFull(_ f: UnsafeBufferPointer<UInt8>, decimal: UInt8, thousands: UInt8?) -> Int64? {
        var i = 0, n = f.count
        guard n > 0 else { return nil }
        var negative = false
        if f[0] == UInt8(ascii: "(") && f[n - 1] == UInt8(ascii: ")") { negative = true; i = 1; n -= 1 }
        if i < n && (f[i] == UInt8(ascii: "-") || f[i] == UInt8(ascii: "+")) { negative = negative || f[i] == UInt8(ascii: "-"); i += 1 }
        else if n - i > 1 && f[n - 1] == UInt8(ascii: "-") { negative = true; n -= 1 }
        var whole: Int64 = 0, wholeDigits = 0, fraction: Int64 = 0, fractionDigits = 0
        var roundUp = false, seenDecimal = false, lastWasGroup = false
        // Digit groups: the last of three digits, those between of three (1,234,567) or all of two
        // (12,34,567, as in India), the first of one up to that. `1.234.56` or `1234.56` read with a decimal
        // comma is refused rather than read as 123,456 (a file exported with the other decimal sign).
        var groups = 0, groupLength = 0, firstGroup = 0, between = 0
        func groupsHold() -> Bool {
            guard groups > 0 else { return true }
            let size = groups == 1 ? 3 : between
            return groupLength == 3 && firstGroup >= 1 && firstGroup <= size
        }
        while i < n {
            let c = f[i]
            if c >= 48 && c <= 57 {
                let d = Int64(c - 48)
                if seenDecimal {
                    if fractionDigits < 4 { fraction = fraction * 10 + d }
                    else if fractionDigits == 4 { roundUp = d >= 5 }
                    fractionDigits += 1
                } else {
                    wholeDigits += 1
                    if wholeDigits > 14 { return nil }
                    whole = whole * 10 + d
                    groupLength += 1
                }
                lastWasGroup = false
            } else if c == decimal && !seenDecimal {
                if lastWasGroup || !groupsHold() { return nil }
                seenDecimal = true
            } else if let thousands, c == thousands, !seenDecimal, wholeDigits > 0, !lastWasGroup {
                if groups == 0 {
                    firstGroup = groupLength
                } else if groups == 1 {
                    guard groupLength == 2 || groupLength == 3 else { return nil }
                    between = groupLength
                } else if groupLength != between {
                    return nil
                }
                groups += 1
                groupLength = 0
                lastWasGroup = true
            } else {
                return nil
            }
            i += 1
        }
        if lastWasGroup || (wholeDigits == 0 && fractionDigits == 0) { return nil }
        if !seenDecimal && !groupsHold() { return nil }
        for _ in min(fractionDigits, 4)..<4 { fraction *= 10 }
        var units = whole * 10_000 + fraction
        if roundUp { units += 1 }
        return negative ? -units : units
    }

    /// The common shape of an amount, `[-]digits[<decimal>digits]` with 1–14 integer and 1–4 decimal digits,
    /// read eight digits at a time (`EightDigits`); nil for anything else, which `amount` then reads in full
    /// (it gives the same value for every text this reads). The full reader's checks per byte were most of
    /// its time, and a digit loop after it, one multiply chained to the next, was still 4% of a run.
    @inline(__always)
    static func plainAmount(_ f: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Int64? {
        let n = f.count
        guard n > 0 else { return nil }
        let p = f.baseAddress!
        let negative = p[0] == UInt8(ascii: "-")
        let wholeStart = negative ? 1 : 0
        // The decimal separator, when there is one, is among the last five bytes (1–4 decimals). Any other
        // separator is then inside the whole part, where it is not a digit.
        var wholeEnd = n
        if n >= 2 && p[n - 2] == decimal { wholeEnd = n - 2 }
        else if n >= 3 && p[n - 3] == decimal { wholeEnd = n - 3 }
        else if n >= 4 && p[n - 4] == decimal { wholeEnd = n - 4 }
        else if n >= 5 && p[n - 5] == decimal { wholeEnd = n - 5 }
        let wholeDigits = wholeEnd - wholeStart
        guard wholeDigits >= 1 && wholeDigits <= 14 else { return nil }
        var whole: UInt64
        if wholeDigits <= 8 {
            guard let w = EightDigits.value(right: p + wholeStart, count: wholeDigits) else { return nil }
            whole = w
        } else {
            let high = wholeDigits - 8
            guard let h = EightDigits.value(right: p + wholeStart, count: high),
                  let l = EightDigits.value(right: p + wholeStart + high, count: 8) else { return nil }
            whole = h &* 100_000_000 &+ l
        }
        var units = Int64(whole) &* 10_000
        if wholeEnd < n {
            guard let fraction = EightDigits.fraction(p + wholeEnd + 1, count: n - wholeEnd - 1) else { return nil }
            units &+= Int64(fraction)
        }
        return negative ? -units : units
    }

    @inline(__always)
    private static func digits(_ f: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var v = 0
        for i in from..<(from + count) {
            let c = f[i]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int(c - 48)
        }
        return v
    }

    /// A date in the file's configured format; nil when malformed or impossible (2026-02-30).
    static func date(_ raw: UnsafeBufferPointer<UInt8>, format: DateFormat) -> Day? {
        date(trimmed: trimmed(raw), format: format)
    }

    /// `date` of text already trimmed of spaces and tabs.
    static func date(trimmed f: UnsafeBufferPointer<UInt8>, format: DateFormat) -> Day? {
        date(trimmed: f, format: format, monthStarts: MonthStarts.table)
    }

    /// `date(trimmed:format:)` with the table of month starts handed in (`MonthStarts.day(year:month:day:in:)`).
    static func date(trimmed f: UnsafeBufferPointer<UInt8>, format: DateFormat, monthStarts: [Int32]) -> Day? {
        let y: Int?, m: Int?, d: Int?
        switch format {
        case .iso:
            guard f.count == 10, f[4] == UInt8(ascii: "-"), f[7] == UInt8(ascii: "-") else { return nil }
            // Eight digits read at once and the day found in a table of month starts: the general path
            // (a bounds-checked loop per part, then days-from-civil) was a fifth of parsing a ledger row.
            let p = f.baseAddress!
            let d0 = p[0] &- 48, d1 = p[1] &- 48, d2 = p[2] &- 48, d3 = p[3] &- 48
            let d5 = p[5] &- 48, d6 = p[6] &- 48, d8 = p[8] &- 48, d9 = p[9] &- 48
            guard d0 < 10 && d1 < 10 && d2 < 10 && d3 < 10 && d5 < 10 && d6 < 10 && d8 < 10 && d9 < 10 else { return nil }
            let year = Int(d0) * 1000 + Int(d1) * 100 + Int(d2) * 10 + Int(d3)
            let month = Int(d5) * 10 + Int(d6), day = Int(d8) * 10 + Int(d9)
            return MonthStarts.day(year: year, month: month, day: day, in: monthStarts)
        case .dayMonthYearDots:
            (d, m, y) = separated(f, UInt8(ascii: "."))
        case .monthDayYearSlashes:
            (m, d, y) = separated(f, UInt8(ascii: "/"))
        case .compact:
            guard f.count == 8 else { return nil }
            (y, m, d) = (digits(f, 0, 4), digits(f, 4, 2), digits(f, 6, 2))
        }
        guard let y, let m, let d else { return nil }
        return MonthStarts.day(year: y, month: m, day: d, in: monthStarts)
    }

    /// `a<sep>b<sep>YYYY` with one- or two-digit a and b (exports write both `01/02/2013` and `1/2/2013`).
    @inline(__always)
    static func separated(_ f: UnsafeBufferPointer<UInt8>, _ sep: UInt8) -> (Int?, Int?, Int?) {
        guard f.count >= 8, f.count <= 10, f[f.count - 5] == sep else { return (nil, nil, nil) }
        let year = digits(f, f.count - 4, 4)
        let firstEnd: Int
        if f[1] == sep { firstEnd = 1 } else if f[2] == sep { firstEnd = 2 } else { return (nil, nil, nil) }
        let secondLength = f.count - 5 - firstEnd - 1
        guard secondLength == 1 || secondLength == 2 else { return (nil, nil, nil) }
        return (digits(f, 0, firstEnd), digits(f, firstEnd + 1, secondLength), year)
    }

    /// `disputed`: true/false, 1/0, yes/no, y/n, x/empty, any case. Nil for anything else.
    @inline(__always)
    static func flag(_ raw: UnsafeBufferPointer<UInt8>) -> Bool? { flag(trimmed: trimmed(raw)) }

    /// `flag` of text already trimmed of spaces and tabs.
    @inline(__always)
    static func flag(trimmed f: UnsafeBufferPointer<UInt8>) -> Bool? {
        // By length, so each row compares one word at most (a loop over the word lists was 4% of posting).
        switch f.count {
        case 0: return false
        case 1:
            if f[0] == UInt8(ascii: "0") { return false }
            if f[0] == UInt8(ascii: "1") { return true }
            switch f[0] | 0x20 {                  // a letter in lower case
            case UInt8(ascii: "n"): return false
            case UInt8(ascii: "y"), UInt8(ascii: "x"): return true
            default: return nil
            }
        case 2: return equalsIgnoringCase(f, "no") ? false : nil
        case 3: return equalsIgnoringCase(f, "yes") ? true : nil
        case 4: return equalsIgnoringCase(f, "true") ? true : nil
        case 5: return equalsIgnoringCase(f, "false") ? false : nil
        default: return nil
        }
    }

    /// Whether the bytes spell `word` (ASCII, lower case) in any case. Words of up to 16 bytes are compared
    /// eight bytes at a time (`caselessEqual`): the byte loop was most of reading a ledger row's type and
    /// disputed flag (2% of a run on the benchmark book, `perf`).
    @inline(__always)
    static func equalsIgnoringCase(_ f: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard f.count == n else { return false }
        guard n > 0, let p = f.baseAddress else { return true }
        let w = word.utf8Start
        if n <= 8 { return caselessEqual(EightDigits.load(p, n), EightDigits.load(w, n)) }
        if n <= 16 {
            // The first eight bytes and the last eight, which overlap when n < 16.
            return caselessEqual(EightDigits.load(p, 8), EightDigits.load(w, 8))
                && caselessEqual(EightDigits.load(p + n - 8, 8), EightDigits.load(w + n - 8, 8))
        }
        return equalsIgnoringCaseByBytes(f, word)
    }

    /// `equalsIgnoringCase` a byte at a time (words over 16 bytes; tests compare the two ways).
    static func equalsIgnoringCaseByBytes(_ f: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard f.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<f.count {
            let c = f[i]
            if (c >= 65 && c <= 90 ? c + 32 : c) != w[i] { return false }
        }
        return true
    }

    /// Whether the eight bytes of `x` equal those of `w` (ASCII, lower case), a letter of `w` matching in
    /// either case: 0x20 is set in `x` where `w` has a letter a–z (`A` | 0x20 is `a`; no other byte becomes
    /// a letter that way), other bytes must be equal.
    @inline(__always)
    static func caselessEqual(_ x: UInt64, _ w: UInt64) -> Bool {
        // Per byte of w (all under 0x80), with its top bit set so that no subtraction borrows from the next:
        // the top bit stays set where the byte is at least "a" (0x61), and where it is at least "{" (0x7B).
        let high: UInt64 = 0x8080_8080_8080_8080
        let atLeastA = (w | high) &- 0x6161_6161_6161_6161
        let pastZ = (w | high) &- 0x7B7B_7B7B_7B7B_7B7B
        let letters = (atLeastA & ~pastZ & high) >> 2
        return x | letters == w
    }

    /// The text without a leading `+` (XML's `xs:integer` allows one), trimmed.
    static func unsigned(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let f = trimmed(raw)
        return f.first == UInt8(ascii: "+") ? UnsafeBufferPointer(rebasing: f.dropFirst()) : f
    }

    /// A whole number of days (payment terms): 0 to 999,999,999, no sign.
    static func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int? {
        let f = trimmed(raw)
        guard !f.isEmpty, f.count <= 9 else { return nil }
        return digits(f, 0, f.count)
    }

    /// An FX rate in millionths; nil unless a positive decimal number.
    static func rate(_ raw: UnsafeBufferPointer<UInt8>, decimal: UInt8) -> Rate? {
        let f = trimmed(raw)
        var whole: Int64 = 0, micros: Int64 = 0, fractionDigits = 0, seenDecimal = false, digitsSeen = 0
        var roundUp = false
        for c in f {
            if c >= 48 && c <= 57 {
                digitsSeen += 1
                if seenDecimal {
                    if fractionDigits < 6 { micros = micros * 10 + Int64(c - 48) }
                    else if fractionDigits == 6 { roundUp = c >= 53 }
                    fractionDigits += 1
                } else {
                    whole = whole * 10 + Int64(c - 48)
                    if whole > 1_000_000_000 { return nil }
                }
            } else if c == decimal && !seenDecimal {
                seenDecimal = true
            } else {
                return nil
            }
        }
        guard digitsSeen > 0 else { return nil }
        for _ in min(fractionDigits, 6)..<6 { micros *= 10 }
        let value = whole * Rate.microsScale + micros + (roundUp ? 1 : 0)
        return value > 0 ? Rate(micros: value) : nil
    }

    /// The field as text (invalid UTF-8 replaced, spaces trimmed).
    static func text(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: trimmed(raw), as: UTF8.self)
    }

    /// A currency code, upper-cased, packed into an integer for fast look-up; nil unless 3 ASCII letters.
    @inline(__always)
    static func currencyCode(_ raw: UnsafeBufferPointer<UInt8>) -> UInt32? { currencyCode(trimmed: trimmed(raw)) }

    /// `currencyCode` of text already trimmed of spaces and tabs.
    @inline(__always)
    static func currencyCode(trimmed f: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard f.count == 3 else { return nil }
        var code: UInt32 = 0
        for c in f {
            let u = c >= 97 && c <= 122 ? c - 32 : c
            guard u >= 65 && u <= 90 else { return nil }
            code = code << 8 | UInt32(u)
        }
        return code
    }

    /// The three letters of a code made by `currencyCode`.
    static func currencyText(_ code: UInt32) -> String {
        String(unsafeUninitializedCapacity: 3) { out in
            out[0] = UInt8(truncatingIfNeeded: code >> 16)
            out[1] = UInt8(truncatingIfNeeded: code >> 8)
            out[2] = UInt8(truncatingIfNeeded: code)
            return 3
        }
    }

    static func currencyCode(_ text: String) -> UInt32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { currencyCode(UnsafeBufferPointer($0)) }
    }
}

/// Up to eight ASCII digits read as one 64-bit word: checked and converted with a few word operations
/// (the well-known SWAR method: pairs, then fours, then eights of digits combined by multiplication), not a
/// loop whose every step waits for the one before. Reads only the bytes it is given.
enum EightDigits {
    static let zeros: UInt64 = 0x3030_3030_3030_3030

    /// `count` (1–8) bytes from `p`, contiguous in the low bytes of a word (the first byte lowest), zero above.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        let r = UnsafeRawPointer(p)
        if count >= 4 {
            if count == 8 { return UInt64(littleEndian: r.loadUnaligned(as: UInt64.self)) }
            // Two 4-byte loads that overlap when count < 8; the overlapping bytes are the same bytes.
            let low = UInt64(UInt32(littleEndian: r.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: r.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << UInt64(8 * (count - 4))
        }
        var w = UInt64(p[0])
        if count > 1 { w |= UInt64(p[1]) << 8 }
        if count > 2 { w |= UInt64(p[2]) << 16 }
        return w
    }

    /// The number eight digit characters spell (first character in the lowest byte), or nil when any byte
    /// is not a digit.
    @inline(__always)
    static func convert(_ x: UInt64) -> UInt64? {
        // Every byte 0x30–0x39: its high half is 3, and still 3 after adding 6 to it.
        guard (x & 0xF0F0_F0F0_F0F0_F0F0) | (((x &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4) == 0x3333_3333_3333_3333
        else { return nil }
        var v = x & 0x0F0F_0F0F_0F0F_0F0F
        v = (v &* (10 << 8 + 1)) >> 8                                         // pairs: 10a + b
        v = ((v & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16            // fours
        v = ((v & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32         // eight
        return v
    }

    /// The whole number `count` (1–8) digits from `p` spell; nil unless all are digits.
    @inline(__always)
    static func value(right p: UnsafePointer<UInt8>, count: Int) -> UInt64? {
        // Right-aligned in eight places, "0" in front: "175" reads as "00000175".
        let shift = UInt64(8 * (8 - count))
        let x = count == 8 ? load(p, 8) : load(p, count) << shift | zeros >> UInt64(8 * count)
        return convert(x)
    }

    /// `count` (1–4) decimals from `p` in 1/10,000: "73" is 7,300; nil unless all are digits.
    @inline(__always)
    static func fraction(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64? {
        guard count >= 1 && count <= 4 else { return nil }
        // "0000" then the decimals, then "0" up to eight places: "00007300".
        let digitsMask = ((1 as UInt64) << UInt64(8 * count) - 1) << 32
        return convert(load(p, count) << 32 | zeros & ~digitsMask)
    }
}
