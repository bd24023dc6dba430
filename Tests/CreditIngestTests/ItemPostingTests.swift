import CreditCore
import Foundation
import Testing
@testable import CreditIngest

@Suite struct ItemPostingTests {
    static let asOf = Day(iso: "2026-11-20")!
    static let header = "document_id,customer_id,type,document_date,due_date,currency,amount,open_amount,cleared_date,disputed\n"

    static func book() -> CustomerBook {
        CustomerBook(customers: [Customer(id: "C1", paymentTermsDays: 30), Customer(id: "C2")])
    }
    static func fx() -> FXTable {
        var t = FXTable(reportingCurrency: "EUR")
        t.set("USD", Rate(micros: 900_000))
        return t
    }
    static func post(_ text: String, workers: Int = 1, splitThreshold: Int = ItemPosting.splitThreshold,
                     spillBatch: Int = ItemPosting.spillBatch) throws -> ItemPosting.Result {
        let files = TestFiles()
        let path = files.write("items.csv", text)
        return try ItemPosting.post([CSVInput(path: path, name: "items.csv")], book: book(), fx: fx(), policy: CreditPolicy(),
                                    asOf: asOf, workers: workers, splitThreshold: splitThreshold, spillBatch: spillBatch)
    }

    /// A split file's chunks: on two cores, an eighth of what is left of the file, no smaller than the smallest,
    /// hand-computed for 100 bytes and a smallest chunk of 5: 12 (100/8), 11 (88/8), 9, 8, 7, 6, 5 (47/8), then
    /// 5 each from 58 on.
    @Test func chunksGetSmallerTowardsTheEnd() {
        #expect(ItemPosting.chunkOffsets(size: 100, workers: 2, smallest: 5) == [0, 12, 23, 32, 40, 47, 53, 58, 63, 68, 73, 78, 83, 88, 93, 98])
        #expect(ItemPosting.chunkOffsets(size: 3, workers: 2, smallest: 5) == [0])
        #expect(ItemPosting.chunkOffsets(size: 0, workers: 2, smallest: 5) == [])
        // The benchmark's 762 MiB in chunks of at least 2 MiB: 37, the first 100 MB, the last 8 of 2 MiB or less.
        let big = ItemPosting.chunkOffsets(size: 799_000_000, workers: 2, smallest: ItemPosting.smallestChunk)
        #expect(big.count == 37 && big[1] == 99_875_000 && 799_000_000 - big[29] <= 8 * ItemPosting.smallestChunk)
    }

    /// Insurer deadlines from a CSV file, by hand: an overdue amount owed by an insured customer counts,
    /// its due date from the row, else from the customer's terms, else its document date; credits, cleared
    /// items and items not yet due do not; nor does anything of an uninsured customer. Ids longer than 32
    /// bytes (counted at once, not carried through the queues) and fillers before and after (so items pass
    /// through every queue mid-file and are drained at the end) give the same, in one part or several.
    @Test func insurerDeadlinesByHand() throws {
        let long1 = "LONG-ID-" + String(repeating: "0", count: 31) + "1", long2 = "LONG-ID-" + String(repeating: "0", count: 31) + "2"
        #expect(long1.utf8.count > 32)
        let fillers = (1...10).map { "F\($0),C3,invoice,2026-01-01,2026-01-31,EUR,10,10,," }
        let rows = fillers + [
            "A-SHORT-1,C1,invoice,2026-06-01,2026-07-01,EUR,100,100,,",
            "\(long1),C1,invoice,2026-05-01,,EUR,200,200,,",                      // due 2026-05-31 by C1's 30 days: the oldest
            "A-SHORT-3,C1,invoice,2026-11-01,2026-12-01,EUR,50,50,,",               // not due yet
            "A-CREDIT,C1,credit_note,2026-04-01,2026-04-15,EUR,30,30,,",            // a credit
            "A-PAID,C1,invoice,2026-03-01,2026-03-31,EUR,40,0,2026-04-10,",         // cleared
            "\(long2),C2,invoice,2026-09-10,,EUR,70,70,,",                         // C2 has no terms: due on its document date
            "B-SHORT-7,C2,invoice,2026-10-01,2026-10-31,EUR,20,20,,true",           // disputed, still overdue
        ] + (11...20).map { "F\($0),C3,invoice,2026-01-01,2026-01-31,EUR,10,10,," }
        let text = Self.header + rows.joined(separator: "\n") + "\n"
        let customers = [Customer(id: "C1", insuredLimit: Money(units: 1_000_0000), paymentTermsDays: 30),
                         Customer(id: "C2", insuredLimit: Money(units: 1_000_0000)), Customer(id: "C3")]
        for (workers, split) in [(1, ItemPosting.splitThreshold), (2, 1)] {
            let files = TestFiles()
            let path = files.write("items.csv", text)
            let r = try ItemPosting.post([CSVInput(path: path, name: "items.csv")], book: CustomerBook(customers: customers), fx: Self.fx(),
                                         policy: CreditPolicy(), asOf: Self.asOf, workers: workers, splitThreshold: split)
            #expect(r.counts[0].used == 27)
            #expect(r.deadlines.count == 2, "workers \(workers)")
            let c1 = try #require(r.deadlines.first { $0.customerIndex == 0 })
            #expect(c1.overdueItems == 2 && c1.overdueAmount == Money(units: 300_0000))
            #expect(c1.dueDate == Day(iso: "2026-05-31")! && c1.documentID == long1 && c1.openAmount == Money(units: 200_0000))
            let c2 = try #require(r.deadlines.first { $0.customerIndex == 1 })
            #expect(c2.overdueItems == 2 && c2.overdueAmount == Money(units: 90_0000))
            #expect(c2.dueDate == Day(iso: "2026-09-10")! && c2.documentID == long2)
        }
    }

    /// Each bad row, with the field and reason it must be rejected for.
    @Test func everyBadRowHasItsDiagnostic() throws {
        let rows = [
            "D1,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,",            // 2 good
            "D2,C9,invoice,2026-11-01,2026-12-01,EUR,100,100,,",            // 3 unknown customer
            "D3,C1,invoice,2026-02-30,2026-12-01,EUR,100,100,,",            // 4 impossible date
            "D4,C1,invoice,2026-11-01,2026-12-01,EUR,100,#VALUE!,,",        // 5 not a number
            "D1,C1,invoice,2026-11-02,2026-12-02,EUR,50,50,,",              // 6 repeated document id
            "D5,C1,invoice,2026-11-01,2026-12-01,,100,100,,",               // 7 missing currency
            "D6,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,maybe",       // 8 disputed
            "D7,C1,invoce,2026-11-01,2026-12-01,EUR,100,100,,",             // 9 type
            "D8,C1,invoice,2026-11-01,2026-12-01,ZAR,100,100,,",            // 10 no FX rate
            ",C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,",              // 11 missing document id
            "D9,C1,invoice,2026-11-01,2026-12-01,EUR,100,,,",               // 12 missing open amount
            "D10,C1,invoice,2026-11-01,01.12.2026,EUR,100,100,,",           // 13 bad due date
            "D11,C1,invoice,2026-11-25,2026-12-25,EUR,100,100,,",           // 14 skipped: after as-of
        ]
        let r = try Self.post(Self.header + rows.joined(separator: "\n") + "\n")
        let expected: [(Int, String, String)] = [
            (3, "customer_id", "unknown customer_id: not in the customers file"),
            (4, "document_date", "not a valid YYYY-MM-DD date"),
            (5, "open_amount", "not a number"),
            (6, "document_id", "repeated document_id: first used at items.csv:2"),
            (7, "currency", "missing currency"),
            (8, "disputed", "not a yes/no value (true/false, 1/0, yes/no, y/n, x/empty)"),
            (9, "type", "unknown document type (expected invoice, credit_note, payment or balance)"),
            (10, "currency", "no FX rate for this currency: add it to the FX input"),
            (11, "document_id", "missing document_id"),
            (12, "open_amount", "missing open_amount"),
            (13, "due_date", "not a valid YYYY-MM-DD date"),
        ]
        #expect(r.rejects.map { $0.line } == expected.map { $0.0 })
        #expect(r.rejects.map { $0.field } == expected.map { $0.1 })
        #expect(r.rejects.map { $0.reason } == expected.map { $0.2 })
        #expect(r.rejects.allSatisfy { $0.file == "items.csv" })
        #expect(r.rejects[0].value == "C9")
        #expect(r.rejects[0].column == 2)
        #expect(r.counts == [RowCounts(read: 13, used: 1, rejected: 11, skipped: 1)])
        #expect(r.counts[0].reconciles)
        // Only D1 (the first) is in the figures.
        #expect(PortfolioSummary(ledger: r.ledger).grossAR == Money(whole: 100))
    }

    @Test func conversionSignsAndDueDateFallback() throws {
        let r = try Self.post(Self.header + """
            I1,C1,invoice,2026-09-01,,USD,1000,1000,,
            N1,C1,credit_note,2026-11-01,,USD,200,200,,
            P1,C2,payment,2026-11-10,,EUR,-50,-50,,
            I2,C2,,2026-11-10,2026-11-30,EUR,10.005,10.005,,Y

            """)
        let s = PortfolioSummary(ledger: r.ledger)
        // I1: 1,000 USD × 0.9 = 900 EUR, due by terms 2026-10-01 → 50 days past due.
        #expect(s.aging[2].amount == Money(whole: 900))
        // The credit note's positive amounts are read as a credit: -200 USD × 0.9.
        #expect(s.credits == Money(whole: -180) + Money(whole: -50))
        #expect(s.disputed == Money(units: 100_050))
        #expect(s.grossAR == Money(units: 9_100_050))
        #expect(r.ledger.exposure(of: 1) == .zero)     // 10.005 − 50 < 0
    }

    /// The parallel split (forced here on a small file) gives the same ledger, counts and rejects as one part.
    @Test func parallelPartsEqualOnePart() throws {
        var text = Self.header
        for i in 0..<3000 {
            let customer = i % 7 == 0 ? "C2" : "C1"
            let due = i % 3 == 0 ? "" : "2026-\(String(format2: 1 + i % 12))-15"
            let bad = i % 500 == 499 ? "bad-date" : "2026-\(String(format2: 1 + i % 11))-01"
            text += "D\(i),\(customer),invoice,\(bad),\(due),\(i % 2 == 0 ? "EUR" : "USD"),\(i).25,\(i % 4 == 0 ? "0" : "\(i).25"),,\(i % 9 == 0 ? "x" : "")\n"
            if i == 1500 { text += "\"Q1\",C1,invoice,2026-01-01,,EUR,1,1,,\"\"\n" }
        }
        text += "D10,C1,invoice,2026-01-01,,EUR,5,5,,\n"     // a repeat found across parts
        let one = try Self.post(text, workers: 1)
        for workers in [2, 3, 5] {
            let many = try Self.post(text, workers: workers, splitThreshold: 1)
            #expect(many.ledger == one.ledger, "workers \(workers)")
            #expect(many.counts == one.counts, "workers \(workers)")
            #expect(many.rejects == one.rejects, "workers \(workers)")
        }
        #expect(one.counts[0].read == 3002)
        #expect(one.rejects.count == 7)    // 6 bad dates + 1 repeat
        #expect(one.rejects.last?.line == 3003)
    }

    /// Ids in ascending order keep no hashes; two sorted halves that overlap are read again, and the repeat
    /// is found wherever the split falls.
    @Test func sortedIdsAreCheckedAcrossParts() throws {
        var sorted = Self.header
        for i in 0..<2000 { sorted += "D\(10_000 + i),C1,invoice,2026-01-01,,EUR,1,1,,\n" }
        // A second sorted run that repeats D10500 of the first.
        var repeated = sorted
        for i in [20_000, 10_500, 30_000] { repeated += "D\(i),C2,invoice,2026-01-01,,EUR,2,2,,\n" }
        for workers in [1, 2, 3] {
            let clean = try Self.post(sorted, workers: workers, splitThreshold: 1)
            #expect(clean.rejects.isEmpty && clean.counts[0].used == 2000, "workers \(workers)")
            let r = try Self.post(repeated, workers: workers, splitThreshold: 1)
            #expect(r.rejects.map(\.line) == [2003], "workers \(workers)")
            #expect(r.rejects.first?.reason == "repeated document_id: first used at items.csv:502", "workers \(workers)")
            #expect(r.counts[0].used == 2002, "workers \(workers)")
            #expect(PortfolioSummary(ledger: r.ledger).grossAR == Money(whole: 2004), "workers \(workers)")
        }
        // Two files, each sorted, one repeating the other's last id.
        let files = TestFiles()
        let a = files.write("a.csv", Self.header + "D1,C1,invoice,2026-01-01,,EUR,1,1,,\nD2,C1,invoice,2026-01-01,,EUR,1,1,,\n")
        let b = files.write("b.csv", Self.header + "D2,C2,invoice,2026-01-01,,EUR,5,5,,\nD3,C2,invoice,2026-01-01,,EUR,5,5,,\n")
        let r = try ItemPosting.post([CSVInput(path: a, name: "a.csv"), CSVInput(path: b, name: "b.csv")], book: Self.book(), fx: Self.fx(),
                                     policy: CreditPolicy(), asOf: Self.asOf)
        #expect(r.rejects.map { "\($0.file):\($0.line)" } == ["b.csv:2"])
        #expect(PortfolioSummary(ledger: r.ledger).grossAR == Money(whole: 7))
    }

    /// A large file whose ids are out of order writes its id hashes out in batches (here several per part)
    /// and finds a repeat as the rows in memory would.
    @Test func shuffledIdsOfALargeFileAreCheckedThroughTheSpill() throws {
        let n = 3000
        var text = Self.header
        text.reserveCapacity(n * 48)
        for i in 0..<n { text += "X\((i &* 7919) % n),C1,invoice,2026-01-01,,EUR,1,1,,\n" }   // every id once, out of order
        text += "X42,C2,invoice,2026-01-01,,EUR,5,5,,\n"
        let spilled = try Self.post(text, workers: 2, splitThreshold: 1, spillBatch: 10)
        let inMemory = try Self.post(text, workers: 1)
        #expect(spilled.rejects.map(\.line) == [n + 2])
        #expect(spilled.rejects == inMemory.rejects)
        #expect(spilled.counts == inMemory.counts && spilled.counts[0].used == n)
        #expect(spilled.ledger == inMemory.ledger)
        #expect(PortfolioSummary(ledger: spilled.ledger).grossAR == Money(whole: Int64(n)))
    }

    /// A line break inside a quoted field where the file is cut: the file is read again in one piece, and
    /// the hashes the cut attempt had written out are not counted twice (no false repeats).
    @Test func aCutInsideAQuotedFieldIsReadAgainInOnePiece() throws {
        var text = Self.header
        for i in 0..<400 {
            // Every row's id is quoted across a line break (the id's text is the same in both reads).
            text += "\"Z\((i &* 37) % 400)\nB\",C1,invoice,2026-01-01,,EUR,1,1,,\n"
        }
        let split = try Self.post(text, workers: 2, splitThreshold: 1, spillBatch: 4)
        let one = try Self.post(text, workers: 1)
        #expect(one.rejects.isEmpty && one.counts[0].used == 400)
        #expect(split.rejects == one.rejects)
        #expect(split.counts == one.counts)
        #expect(split.ledger == one.ledger)
    }

    /// An unclosed quote swallows the rest of the file: that row is rejected and said so, not posted.
    @Test func unterminatedQuoteIsRejectedNotPosted() throws {
        let r = try Self.post(Self.header + "D1,C1,invoice,2026-11-01,2026-12-01,EUR,100,100,,\n"
                              + "D2,C1,invoice,2026-11-01,2026-12-01,EUR,5,\"5,,\nD3,C1,invoice,2026-11-01,2026-12-01,EUR,7,7,,\n")
        #expect(r.counts == [RowCounts(read: 2, used: 1, rejected: 1)])
        #expect(r.rejects.map(\.line) == [3])
        #expect(r.rejects.first?.reason == "a quoted field is never closed: the rest of the file was read as this one row")
        #expect(PortfolioSummary(ledger: r.ledger).grossAR == Money(whole: 100))
    }

    /// Amounts that add up past what the 64-bit totals hold stop the run with an error naming the file, in
    /// one part or split across cores: ten items of 99,999,999,999,999 would wrap, and the report would be wrong.
    /// Not even one such item fits (10^18 units of its open amount and 10^18 of its amount: 2 × 10^18, past
    /// the limit of about 6.6 × 10^17), so the row that fits alone is of 30 trillion: 6 × 10^17 units in all.
    @Test func amountsPastTheRangeStopTheRun() throws {
        let fits = Self.header + "D0,C1,invoice,2026-11-01,,EUR,30000000000000,30000000000000,,\n"
        #expect(try Self.post(fits).ledger.isWithinRange)
        var rows = fits
        for k in 1...10 { rows += "D\(k),C\(k % 2 + 1),invoice,2026-11-01,,EUR,99999999999999,99999999999999,,\n" }
        for (workers, threshold) in [(1, ItemPosting.splitThreshold), (2, 64)] {
            do {
                _ = try Self.post(rows, workers: workers, splitThreshold: threshold)
                Issue.record("expected an error")
            } catch let error as IngestError {
                #expect(error.kind == .outOfRange)
                #expect(error.diagnostic.location.file == "items.csv")
                #expect(error.diagnostic.message.hasPrefix("the items' amounts add up past what creditreport can total exactly (65 trillion EUR"))
            }
        }
    }

    @Test func missingRequiredColumnIsALayoutError() throws {
        do {
            _ = try Self.post("document_id,customer_id,document_date,currency\nD1,C1,2026-01-01,EUR\n")
            Issue.record("expected a layout error")
        } catch let error as IngestError {
            #expect(error.kind == .layout)
            #expect(error.diagnostic.message == "missing required column open_amount")
            #expect(error.diagnostic.location.line == 1)
        }
    }
}

extension String {
    init(format2 v: Int) { self = v < 10 ? "0\(v)" : "\(v)" }

    /// The spill's files have no names: nothing is left in the temporary folder while it works, nor if the
    /// process is killed; a folder that cannot be written is a clear error naming it.
    @Test func spilledHashesLeaveNothingInTheTemporaryFolder() throws {
        let files = TestFiles()
        let spill = HashSpill(fileName: "items.csv", batch: 4, folder: files.folder)
        try spill.add([1, 2, 3, 1 << 62, 2 << 62, 1])
        #expect(spill.count == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.folder).isEmpty)
        #expect(try spill.repeated(alsoIn: []) == [1])

        let nowhere = HashSpill(fileName: "items.csv", folder: files.folder + "/missing")
        #expect {
            try nowhere.add([7])
        } throws: { error in
            let message = "\((error as! IngestError).diagnostic)"
            return message.contains("items.csv") && message.contains(files.folder + "/missing") && message.contains("TMPDIR")
        }
    }
}
