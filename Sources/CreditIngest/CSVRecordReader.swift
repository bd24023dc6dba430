import CByteScan

/// Streams CSV records (RFC 4180) out of a `ByteSource`, byte by byte, without building a `String` per
/// row. Fields are handed out as byte buffers valid until the next call to `next()`.
///
/// Quoted fields may hold delimiters, doubled quotes and line breaks; CRLF, LF and lone CR end a record.
/// Blank lines are passed over. Line numbers are physical lines (a quoted line break counts), 1-based.
///
/// Hand-written rather than CSV.swift or SwiftCSV: measured on this machine both take 65–80 s for 10M rows
/// against ~1 s for a byte-level reader (issue #2).
/// The fields of one record, as byte buffers.
typealias Fields = UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

struct CSVRecordReader {
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    private let source: ByteSource
    private(set) var delimiter: UInt8
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0            // first unconsumed byte
    private var end = 0              // one past the last valid byte
    private var eof = false
    /// Scratch for quoted fields with doubled quotes, which cannot be handed out in place.
    private var scratch = GrowableBuffer<UInt8>()
    private var spans = GrowableBuffer<(scratch: Bool, from: Int, to: Int)>()
    private var fieldStore = GrowableBuffer<UnsafeBufferPointer<UInt8>>()
    /// Where each field of a plain record ends (`creditreport_split_plain_record`).
    private var plainEnds = UnsafeMutablePointer<Int32>.allocate(capacity: CSVRecordReader.maxPlainFields)
    /// The record after the current one, split as soon as the current one is, when it too is plain and
    /// wholly in the buffer: its field ends (from its first byte; no refill happens while it waits, as it
    /// is complete in the buffer), its field count (0: not split ahead) and its length. `peekNextField`
    /// reads it, and `next()` takes it without splitting again: a byte loop that looked for the next row's
    /// customer was 3% of a run.
    private var aheadEnds = UnsafeMutablePointer<Int32>.allocate(capacity: CSVRecordReader.maxPlainFields)
    private var aheadCount = 0
    private var aheadLength: Int64 = 0
    private var aheadBlanks: Int32 = 0
    /// Records with more fields than this are parsed byte by byte.
    static let maxPlainFields = 64
    /// Whether plain records are split 16 bytes at a time (off only in tests, to compare the two ways).
    private let plainSplitting: Bool
    /// Fields of the current record (no array per record: the reader reuses one buffer).
    var fields: Fields { fieldStore.contents }
    /// Physical line on which the current record starts.
    private(set) var line = 0
    private var nextLine = 1
    /// Bytes of the stream consumed before `buffer[start]`.
    private var consumed = 0
    /// Stream offset of the current record's first byte (to stop at a byte limit).
    private(set) var recordOffset = 0
    /// The current record ended inside an unterminated quote.
    private(set) var unterminatedQuote = false
    /// False when the current record is known to hold no space or tab, so that its fields need no trimming
    /// (told by the split 16 bytes at a time; trimming ten fields per row was a tenth of parsing a ledger).
    private(set) var mayHaveBlanks = true

    /// - Parameter delimiter: nil to detect it from the first line.
    /// - Parameter skipBOM: drop a UTF-8 byte-order mark at the start.
    init(source: ByteSource, delimiter: UInt8?, skipBOM: Bool = true, chunkSize: Int = 1 << 20,
         plainSplitting: Bool = true) throws(ByteSource.Failure) {
        self.source = source
        self.plainSplitting = plainSplitting
        capacity = chunkSize
        buffer = .allocate(capacity: capacity)
        self.delimiter = delimiter ?? UInt8(ascii: ",")
        try fill()
        if skipBOM, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
            start += 3
            consumed += 3
        }
        if delimiter == nil {
            var lineEnd = start
            while lineEnd < end, buffer[lineEnd] != CSVRecordReader.lf { lineEnd += 1 }
            self.delimiter = CSVDialect.detectDelimiter(headerLine: UnsafeBufferPointer(start: buffer + start, count: lineEnd - start))
        }
    }

    /// Releases the buffer; the reader must not be used afterwards.
    func close() {
        buffer.deallocate()
        scratch.deallocate()
        spans.deallocate()
        fieldStore.deallocate()
        plainEnds.deallocate()
        aheadEnds.deallocate()
    }

    /// Moves the unconsumed bytes to the front and reads more after them (growing the buffer when one
    /// record is larger than it).
    private mutating func fill() throws(ByteSource.Failure) {
        if start > 0 {
            let live = end - start
            if live > 0 { (buffer).update(from: buffer + start, count: live) }
            end = live
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try source.read(into: buffer + end, capacity: capacity - end)
        if n == 0 { eof = true } else { end += n }
    }

    /// Advances to the next non-blank record; false at the end of the stream.
    mutating func next() throws(ByteSource.Failure) -> Bool {
        while true {
            if start == end {
                if eof { return false }
                try fill()
                continue
            }
            // Most records have no quotes: split 16 bytes at a time; the rest byte by byte.
            if plainSplitting, let length = splitPlainRecord() {
                line = nextLine
                nextLine += 1
                recordOffset = consumed
                start += length
                consumed += length
                return true
            }
            switch parseRecord() {
            case .complete(let length, let lines):
                line = nextLine
                nextLine += lines
                recordOffset = consumed
                start += length
                consumed += length
                if fields.count == 1 && fields[0].isEmpty && !unterminatedQuote { continue }   // blank line
                return true
            case .needMore:
                try fill()
            }
        }
    }

    /// Field `column` of the record after the current one, when that record was split ahead (plain and
    /// wholly in the buffer); nil otherwise. A hint only (to fetch what that row will need): nothing is consumed.
    @inline(__always)
    func peekNextField(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
        guard column < aheadCount else { return nil }
        let from = column == 0 ? 0 : Int(aheadEnds[column - 1]) + 1
        return UnsafeBufferPointer(start: buffer + start + from, count: Int(aheadEnds[column]) - from)
    }

    private enum Parse { case complete(length: Int, lines: Int), needMore }

    /// Splits the record at `start` when it is plain (no quotes, one line, wholly in the buffer; see
    /// `creditreport_split_plain_record`) and returns its length; nil when it must be parsed byte by byte.
    /// Gives the same fields as `parseRecord` for every record it accepts.
    @inline(__always)
    private mutating func splitPlainRecord() -> Int? {
        var length: Int64 = 0
        var blanks: Int32 = 1
        let n: Int
        if aheadCount > 0 {
            swap(&plainEnds, &aheadEnds)
            n = aheadCount
            length = aheadLength
            blanks = aheadBlanks
        } else {
            n = Int(creditreport_split_plain_record(buffer + start, buffer + end, delimiter, plainEnds,
                                                    Int32(CSVRecordReader.maxPlainFields), &length, &blanks))
            guard n > 0 else { return nil }
        }
        aheadCount = Int(creditreport_split_plain_record(buffer + start + Int(length), buffer + end, delimiter, aheadEnds,
                                                         Int32(CSVRecordReader.maxPlainFields), &aheadLength, &aheadBlanks))
        unterminatedQuote = false
        mayHaveBlanks = blanks != 0
        // Written through a local pointer: appended one by one, each field reloaded the store's address and
        // capacity from memory (the stores might have changed them, as far as the compiler could tell).
        let out = fieldStore.replaceAll(count: n)
        let row = buffer + start, ends = plainEnds
        var from = 0
        for i in 0..<n {
            let to = Int(ends[i])
            out[i] = UnsafeBufferPointer(start: row + from, count: to - from)
            from = to + 1
        }
        return Int(length)
    }

    /// Parses one record at `start`. Returns `.needMore` when the bytes end before the record does and the
    /// stream has more; the record is then parsed again from its start after a refill.
    private mutating func parseRecord() -> Parse {
        mayHaveBlanks = true
        let q = CSVRecordReader.quote, lf = CSVRecordReader.lf, cr = CSVRecordReader.cr, delim = delimiter
        let buf = buffer, end = self.end, eof = self.eof
        var p = start
        var lines = 1
        spans.count = 0
        scratch.count = 0
        unterminatedQuote = false
        while true {
            // One field.
            if p < end && buf[p] == q {
                p += 1
                let from = p
                var inScratch = false
                while true {
                    if p == end {
                        if !eof { return .needMore }
                        unterminatedQuote = true
                        break
                    }
                    let c = buf[p]
                    if c == q {
                        if p + 1 == end && !eof { return .needMore }
                        if p + 1 < end && buf[p + 1] == q {
                            if !inScratch {
                                inScratch = true
                                scratch.append(buf + from, count: p - from)
                                spans.append((true, scratch.count - (p - from), 0))
                            }
                            scratch.append(q)
                            p += 2
                            continue
                        }
                        p += 1
                        break
                    }
                    if c == lf { lines += 1 } else if c == cr, p + 1 < end, buf[p + 1] != lf { lines += 1 }
                    if inScratch { scratch.append(c) }
                    p += 1
                }
                let closing = unterminatedQuote ? p : p - 1
                if inScratch {
                    spans.setLastTo(scratch.count)
                } else {
                    spans.append((false, from, closing))
                }
                // Text after the closing quote (`"a"b`) is kept, as spreadsheet programs do.
                if p < end && buf[p] != delim && buf[p] != lf && buf[p] != cr {
                    var last = spans.contents[spans.count - 1]
                    spans.count -= 1
                    if !last.scratch {
                        scratch.append(buf + last.from, count: last.to - last.from)
                        last = (true, scratch.count - (last.to - last.from), 0)
                    }
                    while p < end && buf[p] != delim && buf[p] != lf && buf[p] != cr {
                        scratch.append(buf[p])
                        p += 1
                    }
                    if p == end && !eof { return .needMore }
                    last.to = scratch.count
                    spans.append(last)
                }
            } else {
                let from = p
                while p < end {
                    let c = buf[p]
                    if c == delim || c == lf || c == cr { break }
                    p += 1
                }
                if p == end && !eof { return .needMore }
                spans.append((false, from, p))
            }
            // What ends the field.
            if p == end { break }                          // end of stream
            let c = buf[p]
            if c == delim { p += 1; continue }
            if c == cr {
                if p + 1 == end && !eof { return .needMore }
                p += 1
                if p < end && buf[p] == lf { p += 1 }
                break
            }
            p += 1                                         // LF
            break
        }
        fieldStore.count = 0
        for span in spans.contents {
            let base = span.scratch ? scratch.contents.baseAddress! : UnsafePointer(buf)
            fieldStore.append(UnsafeBufferPointer(start: base + span.from, count: span.to - span.from))
        }
        return .complete(length: p - start, lines: lines)
    }
}

/// A reusable buffer of plain values (fields, spans, unescaped quoted text): appends without the
/// uniqueness checks of `Array` on the hot path. Pointers into it are valid until the next append.
struct GrowableBuffer<Element> {
    private var base: UnsafeMutablePointer<Element> = .allocate(capacity: 16)
    private var capacity = 16
    var count = 0

    var contents: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var bigger = capacity * 2
        while bigger < count + extra { bigger *= 2 }
        let storage = UnsafeMutablePointer<Element>.allocate(capacity: bigger)
        storage.moveInitialize(from: base, count: count)
        base.deallocate()
        base = storage
        capacity = bigger
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { reserve(1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Empties the buffer and makes room for `n` elements, which the caller writes through the returned
    /// pointer (plain values only: nothing is deinitialized or initialized here).
    @inline(__always)
    mutating func replaceAll(count n: Int) -> UnsafeMutablePointer<Element> {
        count = 0
        if n > capacity { reserve(n) }
        count = n
        return base
    }

    mutating func append(_ from: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (base + count).initialize(from: from, count: n)
        count += n
    }

    func deallocate() { base.deallocate() }
}

extension GrowableBuffer where Element == (scratch: Bool, from: Int, to: Int) {
    mutating func setLastTo(_ to: Int) { base[count - 1].to = to }
}
