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

    /// A day as `YYYY-MM-DD`, as `Day.iso` writes it (no `String` made for the usual years).
    mutating func write(iso day: Day) {
        if day.withISODigits({ write($0) }) == nil { write(day.iso) }
    }
}

extension String: TextSink {
    mutating func write(_ utf8: UnsafeBufferPointer<UInt8>) { append(String(decoding: utf8, as: UTF8.self)) }
}

extension ByteBuffer: TextSink {
    mutating func write(_ utf8: UnsafeBufferPointer<UInt8>) { append(UnsafeRawBufferPointer(utf8)) }
}
