import CreditCore
import CreditRender

/// Where wording and figures are written as UTF-8: a `String` for the HTML and Markdown reports, or a
/// reused byte buffer for `metrics.json`, whose watchlist words a reason and an action for each of its
/// lines (143,000 on the benchmark book); made as `String`s, each line cost several allocations.
/// Every piece written is whole UTF-8 text.
protocol TextSink: ~Copyable {
    mutating func write(_ utf8: UnsafeBufferPointer<UInt8>)
}

extension TextSink where Self: ~Copyable {
    mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    /// ASCII bytes, written in one piece.
    mutating func write(ascii bytes: UnsafeMutableBufferPointer<UInt8>, count: Int) {
        write(UnsafeBufferPointer(rebasing: bytes[..<count]))
    }

    /// A day as `YYYY-MM-DD`, as `Day.iso` writes it.
    mutating func write(iso day: Day) {
        let (y, m, d) = day.civil
        guard (0...9999).contains(y) else { write(day.iso); return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { b in
            let zero = UInt8(ascii: "0")
            b[0] = zero + UInt8(y / 1000); b[1] = zero + UInt8(y / 100 % 10); b[2] = zero + UInt8(y / 10 % 10)
            b[3] = zero + UInt8(y % 10); b[4] = UInt8(ascii: "-"); b[5] = zero + UInt8(m / 10); b[6] = zero + UInt8(m % 10)
            b[7] = UInt8(ascii: "-"); b[8] = zero + UInt8(d / 10); b[9] = zero + UInt8(d % 10)
            write(ascii: b, count: 10)
        }
    }
}

extension String: TextSink {
    mutating func write(_ utf8: UnsafeBufferPointer<UInt8>) { append(String(decoding: utf8, as: UTF8.self)) }
}

extension ByteBuffer: TextSink {
    mutating func write(_ utf8: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(utf8)) }
}
