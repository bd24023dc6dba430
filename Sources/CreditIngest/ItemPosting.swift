import CreditCore
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Reads AR-ledger inputs and posts every usable row into a `Ledger`, keeping none of the rows.
///
/// A large UTF-8 file is cut at line breaks into chunks, handed to the cores as they come free; each core
/// posts into its own ledger and the ledgers are merged. A repeated `document_id` is found without keeping
/// ids: parts whose ids ascend keep their first and last (`DocumentHashes`), others 64-bit hashes of the ids
/// of used rows, written out to temporary files when the file is large (`HashSpill`). Only when two hashes
/// meet are the files read again to reject every occurrence after the first and take it back out of the
/// ledger.
public enum ItemPosting {
    public struct Result: Sendable {
        public var ledger: Ledger
        /// The customers input's customers, then those XML inputs named that it did not list.
        public var book: CustomerBook
        /// Counts per input, in input order.
        public var counts: [RowCounts]
        /// Rejected rows, in input order then line order.
        public var rejects: [Reject]
        /// The insurer deadlines of insured customers with overdue items, one per customer, most urgent first.
        /// Merged each time they are asked for; the run takes them instead (`takeDeadlines`), to merge them beside
        /// the first figures.
        public var deadlines: [InsurerDeadline] { DeadlineMerge(deadlineParts).merged() }
        /// The insurer deadlines in parts (one per core that posted a large file), not yet merged.
        var deadlineParts: [InsurerDeadlines] = []
        /// Per input: ids of the customers taken from its documents (not in the customers input).
        public var addedCustomers: [[String]] = []

        /// Takes the insurer deadlines' parts, to be merged while the figures that do not need them are worked
        /// out (`PortfolioAnalysis(makingDeadlines:)`), rather than after the items on one core while the other
        /// waited (18–20 ms on the benchmark book).
        public mutating func takeDeadlines() -> DeadlineMerge {
            defer { deadlineParts = [] }
            return DeadlineMerge(deadlineParts)
        }
    }

    /// A posting's insurer deadlines in parts, merged when asked; the parts are let go of as they are merged.
    public final class DeadlineMerge: @unchecked Sendable {
        private var parts: [InsurerDeadlines]
        init(_ parts: [InsurerDeadlines]) { self.parts = parts }

        /// Every customer's deadline, most urgent first. Once only: the parts are gone after.
        public func merged() -> [InsurerDeadline] {
            var parts = self.parts
            self.parts = []
            guard !parts.isEmpty else { return [] }
            var merged = parts.removeFirst()
            while !parts.isEmpty { merged.merge(parts.removeFirst()) }
            return merged.sorted
        }
    }

    /// One part per core, at most 8.
    public static var defaultWorkers: Int { max(1, min(8, ProcessInfoCores.count)) }

    /// Files at least this large are split across cores.
    public static let splitThreshold = 8 << 20

    /// In a file at least `splitThreshold` large whose ids are not in order, a part writes its id hashes out
    /// to a temporary file whenever it holds this many (512 KiB).
    public static let spillBatch = 1 << 16

    public static func post(_ inputs: [CSVInput], book: CustomerBook, fx: FXTable, policy: CreditPolicy, asOf: Day,
                            earlierExposureDays: Int = WatchlistRules.defaultRisingDays, notifyWithinDays: Int? = WatchlistRules().notifyWithinDays,
                            workers: Int = ItemPosting.defaultWorkers, splitThreshold: Int = ItemPosting.splitThreshold,
                            spillBatch: Int = ItemPosting.spillBatch) throws(IngestError) -> Result {
        try post(inputs.map { InputSource.csv($0) }, book: book, fx: fx, policy: policy, asOf: asOf, earlierExposureDays: earlierExposureDays,
                 notifyWithinDays: notifyWithinDays, workers: workers, splitThreshold: splitThreshold, spillBatch: spillBatch)
    }

    /// Posts CSV and XML inputs. XML inputs are read first (one record at a time), since their documents
    /// may name customers the customers input lacks; CSV inputs are then posted against the full book.
    public static func post(_ inputs: [InputSource], book: CustomerBook, fx: FXTable, policy: CreditPolicy, asOf: Day,
                            earlierExposureDays: Int = WatchlistRules.defaultRisingDays, notifyWithinDays: Int? = WatchlistRules().notifyWithinDays,
                            workers: Int = ItemPosting.defaultWorkers, splitThreshold: Int = ItemPosting.splitThreshold,
                            spillBatch: Int = ItemPosting.spillBatch) throws(IngestError) -> Result {
        var book = book
        var parts: [FilePart?] = Array(repeating: nil, count: inputs.count)
        var added: [[String]] = Array(repeating: [], count: inputs.count)
        // Each part makes its own empty ledger when it starts: no empty copy of the book's size is kept around.
        func newLedger(_ customers: [Customer]) -> Ledger {
            Ledger(customers: customers, policy: policy, asOf: asOf, earlierExposureDays: earlierExposureDays)
        }
        let noDeadlines = InsurerDeadlines(policy: policy, asOf: asOf, notifyWithinDays: notifyWithinDays)
        for (k, input) in inputs.enumerated() {
            guard case .xml(let x) = input else { continue }
            let (part, ids) = try XMLItemPosting.post(x, book: &book, fx: fx, empty: newLedger(book.customers), deadlines: noDeadlines)
            parts[k] = part
            added[k] = ids
        }
        let customers = book.customers
        let newCSVLedger: @Sendable () -> Ledger = {
            Ledger(customers: customers, policy: policy, asOf: asOf, earlierExposureDays: earlierExposureDays)
        }
        // Large files whose ids are not in order write their id hashes out here rather than keep them.
        let spill = HashSpill(fileName: inputs.first(where: { if case .csv = $0 { true } else { false } })?.name ?? "items", batch: spillBatch)
        for (k, input) in inputs.enumerated() {
            guard case .csv(let c) = input else { continue }
            parts[k] = try postFile(c, book: book, fx: fx, newLedger: newCSVLedger, deadlines: noDeadlines, workers: workers,
                                    splitThreshold: splitThreshold, spill: spill)
        }
        // The first input's ledger is the base the others are added to (no further copy of the book's size).
        var ledger: Ledger? = nil
        var counts: [RowCounts] = [], rejects: [Reject] = [], hashes: [(input: Int, hashes: DocumentHashes)] = []
        var deadlines = noDeadlines, laterDeadlines: [InsurerDeadlines] = []
        var parsers: [ItemRowParser] = []
        for k in inputs.indices {
            var part = parts[k]!
            parts[k] = nil
            guard part.ledger.isWithinRange else { throw tooLarge(inputs[k].name, part.ledger, fx) }
            part.ledger.addCustomers(book.customers.dropFirst(part.ledger.customerCount))
            if ledger == nil { ledger = part.ledger } else { ledger!.merge(part.ledger) }
            part.ledger = Ledger(customers: [], policy: policy, asOf: asOf)
            counts.append(part.counts)
            rejects += part.rejects
            hashes += part.hashes.map { (k, $0) }
            part.parser.book = book
            parsers.append(part.parser)
            deadlines.merge(part.deadlines)
            laterDeadlines += part.laterDeadlines
        }
        var base = ledger ?? newLedger(book.customers)
        guard base.isWithinRange else { throw tooLarge(inputs.map(\.name).joined(separator: ", "), base, fx) }
        base.addCustomers(book.customers.dropFirst(base.customerCount))
        var result = Result(ledger: base, book: book, counts: counts, rejects: rejects, addedCustomers: added)
        var repeated: Set<UInt64> = []
        if spill.count > 0 || !DocumentHashes.runsAreDisjoint(hashes.map(\.hashes)) {
            // Parts whose ids came in order kept no hashes: read them again for their hashes.
            for i in hashes.indices where hashes[i].hashes.inRun && hashes[i].hashes.runCount > 0 {
                let h = hashes[i].hashes
                hashes[i].hashes.addHashes(try documentHashes(of: h.source!, parser: parsers[hashes[i].input], until: h.source!.length))
                if h.source!.spills {
                    try hashes[i].hashes.spill(into: spill)
                } else {
                    hashes[i].hashes.sort()
                }
            }
            repeated = spill.count > 0 ? try spill.repeated(alsoIn: hashes.map(\.hashes)) : DocumentHashes.repeated(in: hashes.map(\.hashes))
        }
        hashes = []
        if !repeated.isEmpty {
            // The deadlines are counted again without the repeated documents' later occurrences.
            deadlines.removeAll()
            laterDeadlines = []
            try rejectRepeatedDocuments(inputs, parsers: parsers, repeated: repeated, deadlines: &deadlines, into: &result)
        }
        result.deadlineParts = [deadlines] + laterDeadlines
        return result
    }

    /// The error for inputs whose amounts add up past what the ledger can total exactly (`Ledger.isWithinRange`).
    static func tooLarge(_ names: String, _ ledger: Ledger, _ fx: FXTable) -> IngestError {
        let trillions = ledger.volumeLimit / UInt64(Money.scale) / 1_000_000_000_000
        return IngestError(kind: .outOfRange, diagnostic: Diagnostic(.error, .init(file: names),
            "the items' amounts add up past what creditreport can total exactly (\(trillions) trillion \(fx.reportingCurrency), "
                + "counting each item's amount and open amount), so no figure could be trusted",
            hint: "check how amount and open_amount are read, the column mapping and the decimal and thousands separators: "
                + "a misread separator makes every amount 100 or 1,000 times too large"))
    }

    struct FilePart {
        var ledger: Ledger
        var counts: RowCounts
        var rejects: [Reject]
        var hashes: [DocumentHashes]
        var parser: ItemRowParser
        var deadlines: InsurerDeadlines
        /// Other cores' deadlines, in order, to be merged with `deadlines` later (`Result.takeDeadlines`).
        var laterDeadlines: [InsurerDeadlines] = []
    }

    /// Counts an item towards its customer's insurer deadline when the customer is insured and the item is
    /// an overdue positive open amount.
    @inline(__always)
    static func noteDeadline(_ item: OpenItem, book: CustomerBook, ledger: Ledger, into deadlines: inout InsurerDeadlines,
                             documentID: () -> String) {
        guard let due = deadlineDue(item, book: book, ledger: ledger, asOf: deadlines.asOf) else { return }
        deadlines.add(customer: item.customerIndex, dueDate: due, openAmount: item.openAmount, disputed: item.disputed, documentID: documentID)
    }

    /// The due date by which an item counts towards its customer's insurer deadline, or nil when it does not
    /// count (not a positive open amount, not overdue, customer not insured).
    @inline(__always)
    static func deadlineDue(_ item: OpenItem, book: CustomerBook, ledger: Ledger, asOf: Day) -> Day? {
        guard item.openAmount.isPositive && book.insured[Int(item.customerIndex)] else { return nil }
        // Aged as the ledger ages it (the customer's terms are fetched with its ledger record when queued).
        let due = ledger.dueDate(of: item)
        return due < asOf ? due : nil
    }

    /// Posts one file, in parallel parts when it is large and UTF-8.
    static func postFile(_ input: CSVInput, book: CustomerBook, fx: FXTable, newLedger: @escaping @Sendable () -> Ledger, deadlines: InsurerDeadlines,
                         workers: Int, splitThreshold: Int, spill: HashSpill) throws(IngestError) -> FilePart {
        var (reader, map) = try CSVTable.open(input, fields: ItemRowParser.fields, required: ItemRowParser.required)
        let parser = ItemRowParser(map: map, input: input, book: book, fx: fx, asOf: deadlines.asOf)
        let size = ByteSource.size(of: input.path) ?? 0
        let delimiter = reader.delimiter
        if workers < 2 || size < splitThreshold || input.dialect.encoding != .utf8 {
            defer { reader.close() }
            var part = FilePart(ledger: newLedger(), counts: RowCounts(), rejects: [], hashes: [], parser: parser, deadlines: deadlines)
            let source = PartSource(input: input, whole: true, spills: size >= splitThreshold)
            try postRows(&reader, parser: parser, input: input, book: book, until: Int.max, into: &part,
                         source: source, spill: source.spills ? spill : nil)
            return part
        }
        reader.close()
        // Chunks cut at line breaks, handed out in file order to whichever core is free, each core posting its
        // chunks into its own ledger: later rows of a book (more of them still open) take longer, and with one
        // half per core one core sat idle for the last tenth of the step. The chunks get smaller towards the
        // end of the file (`chunkOffsets`), so that the cores finish close together.
        // The smallest chunk is 2 MiB, or a quarter of a lower split threshold (tests split files of a few
        // hundred bytes into many chunks, to cut inside every kind of row).
        var starts: [Int] = [0]
        for offset in chunkOffsets(size: size, workers: workers, smallest: max(1, min(ItemPosting.smallestChunk, splitThreshold / 4))).dropFirst() {
            guard let cut = lineStart(after: offset, in: input.path), cut > starts.last! else { continue }
            starts.append(cut)
        }
        let n = starts.count
        let cuts = starts
        let insuredCustomers = book.insuredCount
        let spilledBefore = spill.mark()
        let chunks = ChunkSlots<ChunkResult>(count: n)
        let owners = ChunkSlots<FilePart>(count: workers)
        DispatchQueue.concurrentPerform(iterations: min(workers, n)) { w in
            var part: FilePart? = nil
            while let k = chunks.claim() {
                let from = cuts[k], to = k + 1 < n ? cuts[k + 1] : Int.max
                if part == nil {
                    part = FilePart(ledger: newLedger(), counts: RowCounts(), rejects: [], hashes: [], parser: parser, deadlines: deadlines)
                    part!.deadlines.reserve(customers: book.customers.count, insured: insuredCustomers)
                }
                chunks.set(k, Outcome(file: input.name) {
                    let bytesIn = try ByteSource(path: input.path, offset: from, encoding: .utf8)
                    var r = try CSVRecordReader(source: bytesIn, delimiter: delimiter, skipBOM: k == 0, chunkSize: ItemPosting.readSize)
                    defer { r.close() }
                    if k == 0 { _ = try r.next() }   // the header
                    // Rows are rarely under 32 bytes: reserve so the hashes need no reallocation (untouched pages cost no memory).
                    let bytes = (to == Int.max ? size : to) - from
                    let source = PartSource(input: input, whole: false, from: from, length: to == Int.max ? Int.max : to - from,
                                            startsFile: k == 0, delimiter: delimiter, spills: true)
                    let end = try postRows(&r, parser: parser, input: input, book: book, until: to - from, into: &part!,
                                           source: source, spill: spill, estimatedRows: bytes / 32)
                    defer { part!.counts = RowCounts(); part!.rejects = []; part!.hashes = [] }
                    return ChunkResult(counts: part!.counts, rejects: part!.rejects, hashes: part!.hashes, end: end)
                })
            }
            // Each core puts its own deadlines in order when it has no chunk left, while the other may still be
            // posting: the parts are later merged in order in one pass, with no sort after (`InsurerDeadlines.merge`).
            // Sorted where they are: sorted in a copy of `part`, they were copied first (7 MB a core), which
            // raised the run's peak from 188 to 196 MiB.
            part?.deadlines.putInOrder()
            if let part { owners.set(w, Outcome(file: input.name) { part }) }
        }
        // Stitch: each chunk must have ended exactly where the next began (a quoted line break at a cut
        // would break that); line numbers of later chunks are shifted by the lines before them.
        var merged: FilePart?
        for w in 0..<workers {
            // Taken out whole (no other copy left), so that its ledger is let go of here; its deadlines are kept
            // as they are, to be merged beside the first figures (`Result.takeDeadlines`).
            guard var p = try owners.take(w)?.get() else { continue }
            if merged == nil { merged = p } else {
                merged!.ledger.merge(p.ledger)
                p.ledger = Ledger(customers: [], policy: p.ledger.policy, asOf: p.ledger.asOf)
                merged!.laterDeadlines.append(p.deadlines)
            }
        }
        var lineOffset = 0
        for k in 0..<n {
            var chunk = try chunks.take(k)!.get()
            if lineOffset > 0 {
                for i in chunk.rejects.indices { chunk.rejects[i].line += lineOffset }
            }
            lineOffset += chunk.end.lines
            merged!.counts = merged!.counts + chunk.counts
            merged!.rejects += chunk.rejects
            merged!.hashes += chunk.hashes
            if k + 1 < n && chunk.end.offset != starts[k + 1] - starts[k] {
                // A cut fell inside a quoted field: read the file again in one piece (without the hashes the
                // chunks wrote out).
                try spill.rollBack(to: spilledBefore)
                return try postFile(input, book: book, fx: fx, newLedger: newLedger, deadlines: deadlines, workers: 1, splitThreshold: splitThreshold,
                                    spill: spill)
            }
        }
        return merged!
    }

    /// Where the chunks of a split file of `size` bytes begin, before each is moved to the next line start:
    /// each chunk is `1/(4 × workers)` of what is left of the file (an eighth on two cores), and no smaller
    /// than `smallest` (the last chunks of the file). A core that takes the last chunk while the other is still
    /// busy then waits at most a small chunk's time: with 32 chunks of one size, one core sat idle for the
    /// last 0.06 s of the benchmark book's items step (`perf` timeline, issue #2). About 40 chunks there.
    static func chunkOffsets(size: Int, workers: Int, smallest: Int) -> [Int] {
        var offsets: [Int] = [], at = 0
        while at < size {
            offsets.append(at)
            at += max(smallest, (size - at) / (4 * max(1, workers)))
        }
        return offsets
    }

    /// The smallest chunk a large file is split into (2 MiB: about 26,000 ledger rows, a few milliseconds).
    static let smallestChunk = 2 << 20

    /// The read buffer of a chunk's reader: 128 KiB, under the 256 KiB from which the allocator maps a block on its
    /// own and hands it back when freed (`Allocator` in the CLI). Each of the 37 chunks' 1 MiB buffers was mapped
    /// afresh, so its pages were faulted in and zeroed again: 10,000 page faults, an eighth of the run's; items
    /// 1.084 → 1.061 s (medians of 10 runs, alternating).
    static let readSize = 1 << 17

    /// What one chunk of a split file gave, beside the ledger its core posted into.
    struct ChunkResult {
        var counts: RowCounts
        var rejects: [Reject]
        var hashes: [DocumentHashes]
        var end: PartEnd
    }

    struct PartEnd { var offset: Int; var lines: Int }

    /// What becomes of the reader's current row; the same in the first pass and in the duplicate check.
    @inline(__always)
    static func outcome(_ reader: CSVRecordReader, _ parser: inout ItemRowParser,
                        customer known: ItemRowParser.KnownProbe? = nil) -> ItemRowParser.Outcome {
        if reader.unterminatedQuote { return .rejected(field: "", reason: CSVTable.unterminatedQuoteReason) }
        return parser.parse(reader.fields, blanks: reader.mayHaveBlanks, customer: known)
    }

    /// Posts rows until the stream ends or a record starts at or after `until` bytes into the stream.
    @discardableResult
    static func postRows(_ reader: inout CSVRecordReader, parser shared: ItemRowParser, input: CSVInput, book: CustomerBook,
                         until: Int, into part: inout FilePart, source: PartSource, spill: HashSpill?,
                         estimatedRows: Int = 0) throws(IngestError) -> PartEnd {
        var hashes = DocumentHashes(trackingRun: true)
        hashes.source = source
        var parser = shared
        var endOffset = 0, lastLine = 0
        var queue = PostingQueue<QueuedItem>()
        var counting = PostingQueue<DeadlineItem>()
        let cCustomer = shared.cCustomer
        let asOf = part.deadlines.asOf
        /// Counts an item towards its customer's insurer deadline, its deadline record fetched meanwhile.
        func count(_ d: UnsafePointer<DeadlineItem>) {
            part.deadlines.add(customer: d.pointee.customer, dueDate: d.pointee.due, openAmount: d.pointee.openAmount,
                               disputed: d.pointee.disputed, documentID: { d.pointee.documentID.text })
        }
        /// Posts an item that has waited in the queue; when it counts towards its customer's insurer deadline,
        /// queues it for that (the deadline's record is fetched while the next items are posted).
        /// Read in place, in its slot of the queue: moved out onto the stack and copied on to the ledger, the
        /// item was read back across two just-written halves, which the processor cannot forward (12.9% of
        /// this loop's own time sat on that load).
        func post(_ q: UnsafePointer<QueuedItem>) {
            part.ledger.post(q.pointee.item)
            guard q.pointee.mayCount, let due = deadlineDue(q.pointee.item, book: book, ledger: part.ledger, asOf: asOf) else { return }
            let item = q.pointee.item
            part.deadlines.prefetch(customer: item.customerIndex)
            counting.push(DeadlineItem(customer: item.customerIndex, due: due, openAmount: item.openAmount, disputed: item.disputed,
                                       documentID: q.pointee.documentID), handingOldestTo: count)
        }
        defer {
            while var q = queue.pop() { post(&q) }
            while var d = counting.pop() { count(&d) }
            queue.deallocate()
            counting.deallocate()
        }
        var spillError: IngestError?
        var nextCustomer: ItemRowParser.KnownProbe? = nil
        do {
            rows: while try reader.next() {
                if reader.recordOffset >= until { endOffset = reader.recordOffset; break }
                part.counts.read += 1
                // The next row's customer, looked up a row ahead, so that its slot is on its way meanwhile; its
                // probe is kept for that row's look-up (the reader hands the next row out in place). Made by the
                // parser's own index, the one that reads it: a probe means a table position or a hash, as that
                // index goes.
                let known = nextCustomer
                nextCustomer = nil
                if cCustomer >= 0, let next = reader.peekNextField(cCustomer) {
                    let id = FieldParsers.trimmed(next), probe = parser.book.index.probe(id)
                    parser.book.index.prefetch(probe: probe)
                    nextCustomer = ItemRowParser.KnownProbe(start: id.baseAddress, count: id.count, probe: probe)
                }
                switch outcome(reader, &parser, customer: known) {
                case .item(let item):
                    // The id as bytes, taken once: a closure that read it through `parser` and `reader` made
                    // the compiler copy the parser (309 bytes) around every row's parse.
                    let documentID = parser.documentID(reader.fields, blanks: reader.mayHaveBlanks)
                    // Posted `PostingQueue.depth` items later, its customer's record fetched meanwhile. An item owed
                    // may count towards its customer's insurer deadline: whether the customer is insured, and where
                    // its deadline is, are fetched too, and it is counted when posted (in three steps, each a
                    // few items apart, no step waits for memory: deciding at once cost 12% of the items step).
                    part.ledger.prefetch(for: item)
                    var queued = QueuedItem(item: item)
                    if item.openAmount.isPositive {
                        if let id = ShortText(documentID) {
                            queued.mayCount = true
                            queued.documentID = id
                            book.prefetchInsured(item.customerIndex)
                            part.deadlines.prefetchSlot(customer: item.customerIndex)
                        } else if let due = deadlineDue(item, book: book, ledger: part.ledger, asOf: asOf) {
                            // An id too long to carry along: counted now.
                            part.deadlines.add(customer: item.customerIndex, dueDate: due, openAmount: item.openAmount, disputed: item.disputed,
                                               documentID: { FieldParsers.text(documentID) })
                        }
                    }
                    queue.push(queued, handingOldestTo: post)
                    if hashes.note(documentID) {
                        // Ids out of order: from here on every hash is kept (reserved pages cost nothing until used),
                        // or written out a batch at a time when the file is large.
                        hashes.runEnd = reader.recordOffset
                        hashes.reserve(spill?.batch ?? estimatedRows)
                    }
                    if let spill, hashes.count >= spill.batch {
                        do { try hashes.spill(into: spill, keepingCapacity: true) } catch { spillError = error; break rows }
                    }
                    part.counts.used += 1
                case .skipped:
                    part.counts.skipped += 1
                case .rejected(let field, let reason):
                    part.counts.rejected += 1
                    let c = parser.column(of: field)
                    let value = c >= 0 && c < reader.fields.count ? FieldParsers.text(parser.map.field(reader.fields, c)) : ""
                    part.rejects.append(Reject(file: input.name, line: reader.line, column: c >= 0 ? c + 1 : nil,
                                               field: field, value: value, reason: reason))
                }
                lastLine = reader.line
                endOffset = Int.max
            }
        } catch {
            throw IngestError.from(error, name: input.name)
        }
        if let spillError { throw spillError }
        if hashes.runEnd > 0 {
            // The run broke: hash the used rows before it too.
            hashes.addHashes(try documentHashes(of: source, parser: shared, until: hashes.runEnd))
        }
        if let spill, !hashes.inRun {
            try hashes.spill(into: spill)
        } else if !hashes.inRun {
            hashes.sort()
        }
        part.hashes = [hashes]
        // Lines this part covered: up to the line the next part starts on.
        let lines = reader.line > lastLine ? reader.line - 1 : lastLine
        return PartEnd(offset: endOffset, lines: lines)
    }

    /// The document-id hashes of the used rows of a part that start before `until` bytes into it, read again.
    static func documentHashes(of source: PartSource, parser shared: ItemRowParser, until: Int) throws(IngestError) -> [UInt64] {
        var parser = shared
        var reader: CSVRecordReader
        if source.whole {
            (reader, _) = try CSVTable.open(source.input, fields: ItemRowParser.fields, required: ItemRowParser.required)
        } else {
            do {
                reader = try CSVRecordReader(source: ByteSource(path: source.input.path, offset: source.from, encoding: .utf8),
                                             delimiter: source.delimiter, skipBOM: source.startsFile)
            } catch {
                throw IngestError.from(error, name: source.input.name)
            }
        }
        defer { reader.close() }
        var hashes: [UInt64] = []
        do {
            if !source.whole && source.startsFile { _ = try reader.next() }   // the header
            while try reader.next() {
                if reader.recordOffset >= until { break }
                if case .item = outcome(reader, &parser) { hashes.append(parser.documentHash(reader.fields)) }
            }
        } catch {
            throw IngestError.from(error, name: source.input.name)
        }
        return hashes
    }

    /// Reads the inputs again in order; of the used rows whose id hash repeats, every occurrence of a
    /// document id after the first is rejected and taken back out of the ledger. Every other used row is
    /// counted into `deadlines` again (a customer's oldest item cannot be taken back out of its deadline).
    static func rejectRepeatedDocuments(_ inputs: [InputSource], parsers: [ItemRowParser], repeated: Set<UInt64>,
                                        deadlines: inout InsurerDeadlines, into result: inout Result) throws(IngestError) {
        var firstSeen: [String: (file: String, line: Int)] = [:]
        var extra: [Reject] = []
        let book = result.book
        /// Whether a used row is kept: false for every occurrence after the first of a document id, which is
        /// taken back out.
        func kept(_ id: String, item: OpenItem, input k: Int, file: String, line: Int, column: Int?, path: String?) -> Bool {
            if let first = firstSeen[id] {
                result.ledger.unpost(item)
                result.counts[k].used -= 1
                result.counts[k].rejected += 1
                extra.append(Reject(file: file, line: line, column: column, field: "document_id", value: id,
                                    reason: "repeated document_id: first used at \(first.file):\(first.line)", elementPath: path))
                return false
            }
            firstSeen[id] = (file, line)
            return true
        }
        for (k, input) in inputs.enumerated() {
            var parser = parsers[k]
            switch input {
            case .csv(let input):
                var (reader, _) = try CSVTable.open(input, fields: ItemRowParser.fields, required: ItemRowParser.required)
                defer { reader.close() }
                do {
                    while try reader.next() {
                        guard case .item(let item) = outcome(reader, &parser) else { continue }
                        let hash = parser.documentHash(reader.fields)
                        let c = parser.cDocument
                        let id = { FieldParsers.text(parser.map.field(reader.fields, c)) }
                        if repeated.contains(hash),
                           !kept(id(), item: item, input: k, file: input.name, line: reader.line, column: c + 1, path: nil) { continue }
                        noteDeadline(item, book: book, ledger: result.ledger, into: &deadlines, documentID: id)
                    }
                } catch {
                    throw IngestError.from(error, name: input.name)
                }
            case .xml(let input):
                try XMLItemPosting.forEachItem(input, { file, view in
                    guard view.problem == nil, case .item(let item) = parser.parse(view.fields) else { return }
                    let hash = parser.documentHash(view.fields)
                    let id = { FieldParsers.text(parser.map.field(view.fields, parser.cDocument)) }
                    if repeated.contains(hash),
                       !kept(id(), item: item, input: k, file: file, line: view.locate(-1).line, column: nil,
                             path: view.locate(ItemField.documentID).path) { return }
                    noteDeadline(item, book: book, ledger: result.ledger, into: &deadlines, documentID: id)
                }, skipped: { _ in })
            }
        }
        let order = Dictionary(inputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        func rank(_ file: String) -> Int {
            if let k = order[file] { return k }
            // A file of a folder input: "folder/file.xml".
            for (name, k) in order where file.hasPrefix(name.hasSuffix("/") ? name : name + "/") { return k }
            return 0
        }
        result.rejects = (result.rejects + extra).enumerated().sorted {
            (rank($0.element.file), $0.element.file, $0.element.line, $0.offset) < (rank($1.element.file), $1.element.file, $1.element.line, $1.offset)
        }.map(\.element)
    }

    /// Offset of the first byte after the first line break at or after `offset`.
    static func lineStart(after offset: Int, in path: String) -> Int? {
        guard let source = try? ByteSource(path: path, offset: offset) else { return nil }
        let chunk = 1 << 16
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
        defer { buffer.deallocate() }
        var position = offset
        while true {
            guard let n = try? source.read(into: buffer, capacity: chunk), n > 0 else { return nil }
            for i in 0..<n where buffer[i] == UInt8(ascii: "\n") { return position + i + 1 }
            position += n
        }
    }
}

/// A parsed item waiting to be posted, with what its insurer deadline needs.
struct QueuedItem {
    var item: OpenItem
    /// An amount owed, with its id carried along: it counts towards its customer's insurer deadline when the
    /// customer is insured and it is overdue.
    var mayCount = false
    var documentID = ShortText()
}

/// An item posted and waiting to be counted towards its customer's insurer deadline.
struct DeadlineItem {
    var customer: Int32
    var due: Day
    var openAmount: Money
    var disputed: Bool
    var documentID: ShortText
}

/// Text of up to 32 UTF-8 bytes kept inline (a document id carried past the row it came from).
struct ShortText {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var count = 0

    init() {}

    /// Nil when `bytes` are longer than 32.
    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 32 else { return nil }
        count = bytes.count
        if count > 0 { withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) } }
    }

    var text: String {
        withUnsafeBytes(of: words) { String(decoding: $0.prefix(count), as: UTF8.self) }
    }
}

/// The last few parsed items, posted in arrival order a few items late so that each customer's ledger
/// record can be fetched from memory while the rows before it are parsed: on the benchmark book this
/// takes posting from about a cache miss per touched field to about one overlapped wait per item.
///
/// The items live in a small ring allocated once (`deallocate()` frees it), moved in and out in place: no
/// optional per slot and no rebinding of a tuple at each push. (Its gain was not measured apart from the
/// copies of the parser and the ledger removed with it; see the README's performance notes.)
struct PostingQueue<Item> {
    /// 16 against 8, measured on the benchmark book after customer numbers were looked up in a table: items
    /// step, 7 interleaved runs, twice, 1.123 → 1.079 s and 1.106 → 1.065 s; 32 was no better (1.072 s).
    static var depth: Int { 16 }
    private let slots = UnsafeMutablePointer<Item>.allocate(capacity: PostingQueue.depth)
    private var head = 0, count = 0

    /// Adds `item`; when the queue was full, first hands the oldest one to `body` where it lies, then drops it.
    @inline(__always)
    mutating func push(_ item: Item, handingOldestTo body: (UnsafePointer<Item>) -> Void) {
        if count == PostingQueue.depth {
            let slot = slots + head
            body(slot)
            slot.deinitialize(count: 1)
            slot.initialize(to: item)
            head = (head + 1) & (PostingQueue.depth - 1)
            return
        }
        (slots + ((head + count) & (PostingQueue.depth - 1))).initialize(to: item)
        count += 1
    }

    /// Takes the oldest item out, nil when empty.
    mutating func pop() -> Item? {
        guard count > 0 else { return nil }
        let item = (slots + head).move()
        head = (head + 1) & (PostingQueue.depth - 1)
        count -= 1
        return item
    }

    /// Frees the ring, dropping any items still in it.
    mutating func deallocate() {
        while pop() != nil {}
        slots.deallocate()
    }
}

/// Number of cores, for the parallel split.
enum ProcessInfoCores {
    static var count: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 2
        #endif
    }
}

/// The result of one parallel chunk, or the error it met.
struct Outcome<Value>: @unchecked Sendable {
    let value: Swift.Result<Value, IngestError>
    init(file: String, _ body: () throws -> Value) {
        do {
            value = .success(try body())
        } catch let e as IngestError {
            value = .failure(e)
        } catch let e as ByteSource.Failure {
            value = .failure(IngestError.from(e, name: file))
        } catch {
            value = .failure(IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: file), "\(error)")))
        }
    }
    func get() throws(IngestError) -> Value { try value.get() }
}

/// Slots the parallel chunks write their results into (no two chunks share a slot), and the next chunk to
/// hand out.
final class ChunkSlots<Value>: @unchecked Sendable {
    private var slots: [Outcome<Value>?]
    private var next = 0
    private let lock = PthreadLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    /// The next chunk no core has taken yet, nil when all are taken.
    func claim() -> Int? {
        lock.locked {
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }
    }
    func set(_ k: Int, _ value: Outcome<Value>) { lock.locked { slots[k] = value } }
    /// Moves the result out (the slot no longer holds it, so a ledger taken out is not copied when changed).
    func take(_ k: Int) -> Outcome<Value>? {
        let value = slots[k]
        slots[k] = nil
        return value
    }
}

/// A mutual-exclusion lock over a pthread mutex (Foundation is not imported here).
final class PthreadLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(mutex, nil) }
    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
