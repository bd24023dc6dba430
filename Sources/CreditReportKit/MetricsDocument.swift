import CreditCore
import CreditIngest
import CreditRender
import CPrefetch
import Dispatch
import Foundation

/// `metrics.json`: every figure of the report, per the contract in DESIGN.md. Money is rounded half away
/// from zero to 2 decimals; ratios, shares and indices are unrounded; what cannot be computed is null.
enum MetricsDocument {
    static let schema = "creditreport.metrics/1"

    static func money(_ m: Money) -> JSONValue { .number(m.roundedToCents.plain(decimals: 2)) }
    static func money(_ m: Money?) -> JSONValue { m.map(money) ?? .null }

    /// The document as bytes (tests; the run streams it with `write(_:flush:)`).
    static func bytes(_ run: ReportRun) -> [UInt8] {
        var all: [UInt8] = []
        write(run) { all.append(contentsOf: $0) }
        return all
    }

    /// Writes the document in pieces (a block of 2,048 lines at most) to `flush`. The watchlist, the deadlines and the
    /// per-customer list — the parts that grow with the book — are written line by line straight into a
    /// buffer (no tree, and never the whole document in memory).
    static func write(_ run: ReportRun, flush: (UnsafeRawBufferPointer) -> Void) {
        guard case .object(var pairs) = build(run) else { return }
        let a = run.analysis
        var out = ByteBuffer(capacity: 1 << 16)
        pairs.append(("watchlist", .array([])))
        let head = JSONValue.object(pairs).serialised()
        // Everything up to the empty last array, then the watchlist, the deadlines and the customers, one
        // per line, as the tree would print them.
        out.append(head)
        out.removeLast(4)          // drop `[]\n}`: re-written below
        // The lines of a long list are made on every core, a block of lines each, and each block is written as
        // soon as the one before it is: writing one block overlaps making the next (the write was a third of
        // the phase, on one core). Blocks of 2,048 lines (about a megabyte) are still in the core's cache when
        // the kernel copies them; the buffers are reused from block to block and from list to list (in blocks
        // of 16,384 lines, buffers made afresh for each list were 0.15 CPU-s of page faults and growth copies).
        let block = 2_048
        withoutActuallyEscaping(flush) { flush in
            let turn = WritingTurn(flush)
            // `line(i, &out, &words)`: `words` is a buffer the line may use for its wording. `ahead(i, end)`, when
            // given, is called before line `i` of a block that ends before line `end`, to fetch what later lines need.
            func list(_ count: Int, ahead: (@Sendable (Int, Int) -> Void)? = nil,
                      _ line: @escaping @Sendable (Int, inout ByteBuffer, inout Words) -> Void) {
                out.append(UInt8(ascii: "["))
                out.withBytes(flush)
                out.removeAll()
                let blocks = (count + block - 1) / block
                turn.start()
                // concurrentPerform hands out blocks in increasing order, so the block a writer waits for is
                // always already being made.
                DispatchQueue.concurrentPerform(iterations: blocks) { k in
                    var buffer = turn.buffers.take()
                    var words = Words()
                    let from = k * block, to = min(count, from + block)
                    for i in from..<to {
                        ahead?(i, to)
                        buffer.append(i == 0 ? "\n    " : ",\n    ")
                        line(i, &buffer, &words)
                    }
                    turn.write(k, buffer)
                    turn.buffers.giveBack(buffer)
                }
                out.append(count == 0 ? "]" : "\n  ]")
            }
            let wording = Wording(text: WatchlistText(ReportStrings.bundledEnglish), currency: run.reportingCurrency,
                                  protractedDays: a.policy.protractedDefaultDays, risingDays: a.watchlistRules.earlierExposureDays)
            // The lines read the lists in place (`InPlace`), not the analysis: read from the analysis the closures
            // hold, each line's call copied it, retaining and releasing each of its lists (`perf`).
            let asOf = a.asOf, policy = a.policy
            InPlace.of(a.positions) { positions in
                /// The watchlist and the deadlines are in order of urgency, so each line reads another customer's
                /// position and record, out of order: for the line 16 lines ahead its customer's position is fetched,
                /// and for the line 8 ahead (whose position came by now) the customer's record. Waiting for them was
                /// most of making those lines: write step 0.310 → 0.270 s, CPU 0.49 → 0.41 s (medians of 8 runs, alternating).
                @Sendable func fetchAhead(_ i: Int, _ end: Int, _ customer: (Int) -> Int) {
                    if i + 16 < end { creditreport_prefetch(positions.base + customer(i + 16)) }
                    if i + 8 < end { positions[customer(i + 8)].prefetchCustomer() }
                }
                InPlace.of(a.watchlist) { watchlist in
                    list(watchlist.count, ahead: { i, end in fetchAhead(i, end) { watchlist[$0].customerIndex } }) { i, out, words in
                        writeWatchlistEntry(watchlist[i], positions, asOf, wording, &out, &words)
                    }
                }
                out.append(",\n  \"insurer_deadlines\": ")
                InPlace.of(a.deadlines) { deadlines in
                    list(deadlines.count, ahead: { i, end in fetchAhead(i, end) { Int(deadlines[$0].customerIndex) } }) { i, out, _ in
                        writeDeadline(deadlines[i], positions, asOf, policy, &out)
                    }
                }
                out.append(",\n  \"customers\": ")
                InPlace.of(a.risks) { risks in
                    list(positions.count) { i, out, _ in writeCustomer(positions[i], risks[i], &out) }
                }
            }
        }
        out.append("\n}\n")
        out.withBytes(flush)
    }

    static func cents(_ m: Money?) -> Int64? { m.map { $0.roundedToCents.units } }

    /// A date as `"YYYY-MM-DD"`, null when there is none: its digits are written on the stack by
    /// `Day.withISODigits`, no `String` per date (three per insurer-deadline line).
    static func date(_ k: StaticString, _ d: Day?, _ o: inout JSONLine, _ out: inout ByteBuffer) {
        guard let d else { o.string(k, nil, &out); return }
        if d.withISODigits({ o.string(k, utf8: UnsafeRawBufferPointer($0), &out) }) == nil { o.string(k, d.iso, &out) }
    }

    /// Two buffers for a watchlist line's reason and action, reused from line to line.
    struct Words: ~Copyable {
        var reason = ByteBuffer(capacity: 256), action = ByteBuffer(capacity: 256)
    }

    /// What a watchlist line's words need, taken out of the analysis once.
    struct Wording: Sendable {
        let text: WatchlistText
        let currency: String
        let protractedDays, risingDays: Int
    }

    static func writeWatchlistEntry(_ w: borrowing WatchlistEntry, _ positions: InPlace<CustomerPosition>, _ asOf: Day, _ wording: Wording,
                                    _ out: inout ByteBuffer, _ words: inout Words) {
        words.reason.removeAll()
        words.action.removeAll()
        wording.text.write(w, protractedDays: wording.protractedDays, risingDays: wording.risingDays, asOf: asOf,
                           currency: wording.currency, reason: &words.reason, action: &words.action)
        var o = JSONLine(into: &out)
        positions[w.customerIndex].withCustomer { customer in
            o.string("customer_id", customer.pointee.id, &out)
            o.string("name", customer.pointee.name, &out)
        }
        o.string("rule", w.rule.rawValue, &out)
        words.reason.withBytes { o.string("reason", utf8: $0, &out) }
        words.action.withBytes { o.string("action", utf8: $0, &out) }
        o.cents("exposure", units: cents(w.exposure), &out)
        o.cents("amount", units: cents(w.amount), &out)
        date("date", w.date, &o, &out)
        o.int("items", w.items, &out)
        o.double("ratio", w.ratio, &out)
        o.end(&out)
    }

    static func writeDeadline(_ d: borrowing InsurerDeadline, _ positions: InPlace<CustomerPosition>, _ asOf: Day, _ policy: CreditPolicy,
                              _ out: inout ByteBuffer) {
        let notify = d.notifyBy(policy), claim = d.claimFrom(policy)
        var o = JSONLine(into: &out)
        positions[Int(d.customerIndex)].withCustomer { o.string("customer_id", $0.pointee.id, &out) }
        o.int("overdue_items", d.overdueItems, &out)
        o.cents("overdue_amount", units: cents(d.overdueAmount), &out)
        o.string("document_id", d.documentID, &out)
        date("due_date", d.dueDate, &o, &out)
        o.cents("open_amount", units: cents(d.openAmount), &out)
        o.int("days_past_due", d.daysPastDue(asOf: asOf), &out)
        o.bool("disputed", d.disputed, &out)
        date("notify_by", notify, &o, &out)
        o.int("days_to_notify", asOf.days(to: notify), &out)
        date("claim_from", claim, &o, &out)
        o.int("days_to_claim", asOf.days(to: claim), &out)
        o.end(&out)
    }

    static func writeCustomer(_ p: borrowing CustomerPosition, _ r: borrowing CustomerRisk, _ out: inout ByteBuffer) {
        let k = r.collection
        var o = JSONLine(into: &out)
        let insuredLimit = p.withCustomer { customer in
            o.string("customer_id", customer.pointee.id, &out)
            o.string("name", customer.pointee.name, &out)
            o.cents("exposure", units: cents(p.exposure), &out)
            o.cents("overdue", units: cents(p.overdue), &out)
            o.cents("credit_limit", units: cents(customer.pointee.creditLimit), &out)
            return customer.pointee.insuredLimit
        }
        o.double("utilisation", p.utilisation, &out)
        o.bool("breach", p.breach, &out)
        o.string("limit_status", p.limitStatus.rawValue, &out)
        o.cents("ecl", units: cents(r.ecl), &out)
        o.string("country_grade", r.grade, &out)
        o.cents("disputed", units: cents(p.disputed), &out)
        o.cents("insured_limit", units: cents(insuredLimit), &out)
        o.cents("insured_exposure", units: cents(r.cover.insured), &out)
        o.cents("indemnified_exposure", units: cents(r.cover.indemnified), &out)
        o.cents("uninsured_exposure", units: cents(r.cover.uninsured), &out)
        o.cents("credit_sales", units: cents(k.sales), &out)
        o.double("dso", k.dso, &out)
        o.double("best_possible_dso", k.bestPossibleDSO, &out)
        o.double("add", k.averageDaysDelinquent, &out)
        o.double("cei", k.cei, &out)
        o.double("count_back_dso", k.countBackDSO, &out)
        o.double("average_days_to_pay", k.averageDaysToPay, &out)
        o.double("average_days_beyond_terms", k.averageDaysBeyondTerms, &out)
        o.end(&out)
    }

    static func collectionJSON(_ k: CollectionKPIs) -> [(String, JSONValue)] {
        [("dso", .double(k.dso)), ("best_possible_dso", .double(k.bestPossibleDSO)), ("add", .double(k.averageDaysDelinquent)),
         ("cei", .double(k.cei)), ("count_back_dso", .double(k.countBackDSO)),
         ("credit_sales", money(k.sales)), ("ar_begin", money(k.arBegin)), ("dso_period_days", .int(k.periodDays)),
         ("cei_sales", .string(k.ceiSales.rawValue)),
         ("average_days_to_pay", .double(k.averageDaysToPay)), ("average_days_beyond_terms", .double(k.averageDaysBeyondTerms))]
    }

    static func overlayFigures(_ f: StressResult.Figures) -> JSONValue {
        .object([("high_risk_exposure", money(f.highRiskExposure)), ("average_score", .double(f.averageScore)), ("ecl", money(f.ecl))])
    }

    /// Everything but the two long lists (insurer deadlines, customers), which `write` streams.
    static func build(_ run: ReportRun) -> JSONValue {
        let a = run.analysis, s = a.summary
        let counts = run.totalCounts
        var concentration: [(String, JSONValue)] = []
        for name in PortfolioAnalysis.dimensions {
            guard let c = a.concentration[name] else { continue }
            concentration.append((name, concentrationJSON(c)))
        }
        return .object([
            ("schema", .string(schema)),
            ("as_of", .string(a.asOf.iso)),
            ("reporting_currency", .string(run.reportingCurrency)),
            ("input", .object([
                ("rows_read", .int(counts.read)), ("rows_used", .int(counts.used)),
                ("rows_rejected", .int(counts.rejected)), ("rows_skipped", .int(counts.skipped)),
                ("files", .array(run.files.map { f in
                    .object([("file", .string(f.name)), ("role", .string(f.role)), ("rows_read", .int(f.counts.read)),
                             ("rows_used", .int(f.counts.used)), ("rows_rejected", .int(f.counts.rejected)),
                             ("rows_skipped", .int(f.counts.skipped))])
                })),
            ])),
            ("portfolio", .object([
                ("gross_ar", money(s.grossAR)), ("credits", money(s.credits)), ("net_ar", money(s.netAR)),
                ("overdue", money(s.overdue)), ("overdue_share", .double(s.overdueShare)),
                ("protracted_default", money(s.protractedDefault)), ("disputed", money(s.disputed)),
                ("aging", .array(s.aging.map { .object([("bucket", .string($0.bucket)), ("amount", money($0.amount)), ("count", .int($0.count))]) })),
                ("total_exposure", money(s.totalExposure)),
            ] + collectionJSON(a.collection) + [
                ("ecl", money(a.ecl)), ("insured_exposure", money(a.insured)), ("indemnified_exposure", money(a.indemnified)),
                ("uninsured_exposure", money(a.uninsured)),
            ])),
            ("insurance", .object([
                ("indemnity", .double(a.policy.indemnity)), ("notify_after_days", .int(a.policy.notifyAfterDays)),
                ("claim_after_days", .int(a.policy.claimAfterDays)),
                ("insured_customers", .int(a.insuredCustomers)), ("insured_exposure", money(a.insured)),
                ("indemnified_exposure", money(a.indemnified)), ("uninsured_exposure", money(a.uninsured)),
                // One line each, written straight (52,000 on the benchmark book: as a tree they were a fifth of writing metrics.json).
                ("shortfalls", .array(a.shortfalls.map { c in
                    let p = a.positions[c]
                    var out = ByteBuffer(capacity: 256)
                    var o = JSONLine(into: &out)
                    let insuredLimit = p.withCustomer { customer in
                        o.string("customer_id", customer.pointee.id, &out)
                        return customer.pointee.insuredLimit
                    }
                    o.cents("exposure", units: cents(p.exposure), &out)
                    o.cents("insured_limit", units: cents(insuredLimit), &out)
                    o.cents("shortfall", units: cents(a.risks[c].cover.shortfall), &out)
                    o.end(&out)
                    return .line(out.array)
                })),
                ("deadlines", .int(a.deadlines.count)),
            ])),
            ("ecl", .object([
                ("total", money(a.ecl)), ("total_at_observed_rates", money(a.eclAtObservedRates)),
                ("unrated_customers", .int(a.eclUnratedCustomers)),
                ("month_ends", .array(a.rollRates.monthEnds.map { .string($0.iso) })),
                ("loss_rates", .array(a.rollRates.lines.map { l in
                    .object([("bucket", .string(l.bucket)), ("configured", .double(l.configured)), ("observed", .double(l.observed)),
                             ("balance", money(l.balance)), ("monthly_roll_rate", .double(l.monthlyRollRate)),
                             ("roll_rate", .double(l.rollRate))])
                })),
            ])),
            // The last 12 month-ends on or before D, oldest first; ECL before country multipliers and insurance.
            ("trend", .array(a.trend.rows.map { r in
                .object([("month_end", .string(r.day.iso)), ("gross_ar", money(r.grossAR)), ("credits", money(r.credits)),
                         ("net_ar", money(r.netAR)), ("overdue", money(r.overdue)), ("overdue_share", .double(r.overdueShare)),
                         ("buckets", .array(r.buckets.map { money($0) })), ("ecl_before_multipliers", money(r.ecl)),
                         ("dso", .double(r.dso))])
            })),
            ("concentration", .object(concentration)),
            ("country_risk", .object([
                ("scale", .string(a.countryRisk.scale.name)),
                ("by_grade", .array(a.countryRisk.byGrade.map {
                    .object([("grade", .string($0.grade)), ("exposure", money($0.exposure)), ("share", .double($0.share))])
                })),
                ("high_risk_from", .string(a.countryRisk.scale.highRiskFrom)),
                ("high_risk_exposure", money(a.countryRisk.highRiskExposure)),
                ("average_score", .double(a.countryRisk.averageScore)),
                ("unrated_exposure", money(a.countryRisk.unratedExposure)),
                ("unrated_countries", .array(a.countryRisk.unratedCountries.map { .string($0) })),
                ("by_country", .array(a.countryRisk.byCountry.map {
                    .object([("country", .string($0.country)), ("grade", .string($0.grade)), ("exposure", money($0.exposure)),
                             ("share", .double($0.share)), ("high_risk", .bool($0.highRisk))])
                })),
            ])),
            ("stress", .array(a.stress.map { r in
                .object([
                    ("name", .string(r.scenario.name)),
                    ("downgrade", .object(r.scenario.downgrades.map { ($0.country, .int($0.notches)) })),
                    ("moved", .array(r.moved.map { .object([("country", .string($0.country)), ("from", $0.from.map { .string($0) } ?? .null),
                                                            ("to", $0.to.map { .string($0) } ?? .null)]) })),
                    ("before", overlayFigures(r.before)), ("after", overlayFigures(r.after)),
                    ("difference", .object([("high_risk_exposure", money(r.highRiskChange)), ("average_score", .double(r.averageScoreChange)),
                                            ("ecl", money(r.eclChange))])),
                    ("by_grade_after", .array(r.overlayAfter.byGrade.map {
                        .object([("grade", .string($0.grade)), ("exposure", money($0.exposure)), ("share", .double($0.share))])
                    })),
                ])
            })),
        ])
    }

    static func concentrationJSON(_ c: Concentration) -> JSONValue {
        .object([
            ("segments", .int(c.segmentCount)),
            ("hhi", .double(c.hhi)), ("normalised_hhi", .double(c.normalisedHHI)), ("effective_number", .double(c.effectiveNumber)),
            ("gini", .double(c.gini)), ("cr1", .double(c.cr1)), ("cr5", .double(c.cr5)), ("cr10", .double(c.cr10)), ("cr20", .double(c.cr20)),
            ("top", .array(c.top.map { .object([("key", .string($0.key)), ("exposure", money($0.exposure)), ("share", .double($0.share))]) })),
        ])
    }
}

/// The elements of an array read in place by the lines made on every core, for as long as `of` runs: read
/// through the array (captured by each list's closure), each line copied its position, which retains the
/// customers list every position shares, and the two cores took turns at that one count (retains and
/// releases were an eighth of making metrics.json, `perf`).
struct InPlace<Element>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int

    subscript(i: Int) -> Element {
        unsafeAddress { base + i }
    }

    static func of<R>(_ array: [Element], _ body: (InPlace<Element>) -> R) -> R {
        array.withUnsafeBufferPointer { body(InPlace(base: $0.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!, count: $0.count)) }
    }
}

/// Hands blocks to the writer in order, from whichever thread made them: block `k` waits until block
/// `k - 1` is written. The writer is only ever called by one thread at a time.
final class WritingTurn: @unchecked Sendable {
    private let write: (UnsafeRawBufferPointer) -> Void
    private let condition = NSCondition()
    private var next = 0
    init(_ write: @escaping (UnsafeRawBufferPointer) -> Void) { self.write = write }

    /// Starts a new list: its first block is block 0.
    func start() {
        condition.lock()
        next = 0
        condition.unlock()
    }

    /// The blocks' buffers, reused from block to block and list to list.
    let buffers = ByteBufferPool(capacity: 1 << 20)

    func write(_ k: Int, _ bytes: borrowing ByteBuffer) {
        condition.lock()
        while next != k { condition.wait() }
        condition.unlock()
        bytes.withBytes(write)
        condition.lock()
        next += 1
        condition.broadcast()
        condition.unlock()
    }
}
