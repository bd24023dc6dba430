import CPrefetch

/// Running per-customer totals of the items posted so far: what is open at the as-of date, and what the
/// ledger's history says about sales, payments and ageing (docs/analytics.md). Memory grows with
/// customers, not items: ingestion posts each item and forgets it. Two ledgers over the same customers can
/// be merged, so that parts of a file can be posted in parallel.
public struct Ledger: Sendable {
    public let asOf: Day
    public let policy: CreditPolicy
    public private(set) var customerCount: Int
    let bucketCount: Int

    /// Months of sales kept per customer for count-back DSO: the month of D and the 12 before it.
    public static let customerSalesMonths = 13
    /// First day of the sales period `P`.
    public let periodStart: Day
    /// The day exposure is rebuilt at for "rising exposure" (D − rising days).
    public let earlierDay: Day
    /// Month-ends M_0 … M_k of the roll-rate method, oldest first.
    public let monthEnds: [Day]
    let asOfMonth: Int, firstMonthEndMonth: Int
    /// Items cleared on or before this day changed no customer's history fields (the earlier of the day
    /// before the sales period and the earlier-exposure day): what `prefetch(for:)` needs to know.
    let historyStart: Day
    /// Sales issued before this day are in none of a customer's sales fields (the earlier of the start of
    /// the sales period and the first of the 13 sales months).
    let salesStart: Day
    /// `monthNumber` of each day from `monthTableStart` on, for 40 years: posting asks for the month of
    /// every item's document date, and a table look-up is much cheaper than converting a day number.
    let monthTable: [Int32]
    let monthTableStart: Day

    /// Every total the ledger keeps, in one array: first the portfolio-wide ones (`Book`), then one record
    /// of `stride` values per customer (`origin + c * stride + field`), so that posting an item touches one
    /// customer's record — a few adjacent cache lines — rather than a dozen arrays each far apart (issue #2:
    /// on 200,000 customers every array touched was a cache miss per item), and posting checks that it owns
    /// one array, not eight. Record layout: `Field` values first, then the aging buckets' amounts and the
    /// monthly sales. Counts of items, which the report gives for the book only, are kept for the book
    /// (`bucketItems`, `creditItemCount`): per customer they were a fifth of the record.
    private(set) var totals: [Int64]
    /// Where customer 0's record starts in `totals`: records start on a 64-byte cache line (the array's own
    /// start is not aligned), so a record is four cache lines, not five.
    private(set) var origin: Int
    /// Where the portfolio-wide totals start in `totals` (the padding before them puts the records on a cache line).
    let bookStart: Int
    /// Offsets of the portfolio-wide totals from `bookStart`.
    let book: Book
    struct Book: Equatable {
        let bucketItems: Int, creditItemCount: Int, monthlySales: Int, rollBalance: Int, rollStay: Int, rollOn: Int,
            trendBuckets: Int, trendCredits: Int
        /// Values in all, rounded up to whole cache lines.
        let size: Int
        init(bucketCount: Int) {
            bucketItems = 0
            creditItemCount = bucketCount
            monthlySales = creditItemCount + 1
            rollBalance = monthlySales + Ledger.portfolioMonths
            rollStay = rollBalance + bucketCount
            rollOn = rollStay + bucketCount
            trendBuckets = rollOn + bucketCount
            trendCredits = trendBuckets + Ledger.trendMonthCount * bucketCount
            size = (trendCredits + Ledger.trendMonthCount + 7) / 8 * 8
        }
    }
    /// Aging bucket per days past due from 0 up to one past the last bound, at most 65,537 entries
    /// (`AgingBuckets.index` without its loop: the month-end walk asks for a bucket at every month-end an
    /// item is open at). Empty when there are more buckets than a byte counts; beyond the table, `index`.
    let bucketOfDays: [UInt8]
    /// Values per customer record.
    let stride: Int
    let bucketBase: Int, monthBase: Int
    /// Open items with a positive open amount per aging bucket, for the book.
    public var bucketItems: Values { values(book.bucketItems, bucketCount) }
    /// Open items with a negative open amount, for the book.
    public var creditItemCount: Int64 { totals[bookStart + book.creditItemCount] }

    /// Adjacent totals, read in place: the portfolio-wide ones, or (through `Amounts`) part of a customer's record.
    public struct Values: RandomAccessCollection, Equatable, Sendable {
        let totals: [Int64]
        let base: Int
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(k: Int) -> Int64 {
            precondition(k >= 0 && k < count, "index \(k) outside 0..<\(count)")
            return totals[base + k]
        }
        public static func == (a: Values, b: Values) -> Bool { a.elementsEqual(b) }
    }
    private func values(_ offset: Int, _ count: Int) -> Values { Values(totals: totals, base: bookStart + offset, count: count) }

    /// The fixed fields of a customer record, in 1/10,000 of the reporting currency unless said otherwise.
    enum Field {
        /// Net AR at the start of P: items issued on or before D−n and not cleared by then, original amounts.
        static let arBegin = 0
        /// Σ balance of items open at `earlierDay` (docs/analytics.md: balance at a past day).
        static let earlierBalance = 1
        /// Credit sales with a document date in P.
        static let sales = 2
        /// Sales cleared in P: Σ amount, Σ amount × days to pay, Σ amount × days beyond terms.
        static let paidAmount = 3, paidAmountDays = 4, paidAmountDaysLate = 5
        /// Sum of all open amounts (positive and negative).
        static let openBalance = 6
        static let grossOpen = 7, credits = 8, overdue = 9, protractedDefault = 10, disputed = 11
        static let count = 12
    }

    /// Σ |amount| + |open amount| over every item posted (saturating at UInt64.max). Every total the ledger
    /// keeps, per customer or for the book, is a signed sum of terms each no larger than an item's amount or
    /// open amount, so while this stays within `volumeLimit` none of them can have wrapped around, and
    /// neither can any figure summed from them (the book's totals, ECL at most the gross amount).
    public private(set) var volume: UInt64 = 0
    /// Σ |amount| × (|days to pay| + days beyond terms) over the sales cleared in the period: the same bound
    /// for the two day-weighted totals (`paidAmountDays`, `paidAmountDaysLate`).
    public private(set) var dayVolume: UInt64 = 0
    /// 10^18 units: 100 trillion in the reporting currency, far past any ledger. Below Int64.max with room,
    /// so that a figure made through a `Double` (ECL) converts back without rounding past the 64-bit range.
    public static let maximumVolume: UInt64 = 1_000_000_000_000_000_000
    /// The largest `volume` whose totals cannot have wrapped: `maximumVolume`, or less when the roll rates
    /// look at many month-ends (a sale's balance is added to a bucket's roll-rate totals at each month-end it
    /// is open at, at most `monthEnds.count` times): Int64.max / 14, about 65.9 trillion, with the default 12 months.
    public var volumeLimit: UInt64 { min(Ledger.maximumVolume, UInt64(Int64.max) / UInt64(monthEnds.count + 1)) }
    /// Whether every total can be trusted not to have wrapped around (see `volume`).
    public var isWithinRange: Bool { volume <= volumeLimit && dayVolume <= UInt64(Int64.max) }

    @inline(__always)
    static func saturating(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Payment terms in days per customer, -1 when none: a setting, read only for items without a due date
    /// (kept out of the record, which is then 32 values, four cache lines).
    private(set) var terms: [Int32]

    /// One per-customer figure of the ledger, read as `ledger.openBalance[c]`.
    public struct PerCustomer: Sendable {
        let totals: [Int64]
        let stride: Int, field: Int
        public subscript(c: Int) -> Int64 { totals[c * stride + field] }
    }
    /// Sum of all open amounts (positive and negative) per customer, in 1/10,000.
    public var openBalance: PerCustomer { column(Field.openBalance) }
    public var grossOpen: PerCustomer { column(Field.grossOpen) }
    public var credits: PerCustomer { column(Field.credits) }
    public var overdue: PerCustomer { column(Field.overdue) }
    public var protractedDefault: PerCustomer { column(Field.protractedDefault) }
    public var disputed: PerCustomer { column(Field.disputed) }
    /// Credit sales with a document date in P.
    public var sales: PerCustomer { column(Field.sales) }
    /// Net AR at the start of P: items issued on or before D−n and not cleared by then, original amounts.
    public var arBegin: PerCustomer { column(Field.arBegin) }
    /// Sales cleared in P: Σ amount, Σ amount × days to pay, Σ amount × days beyond terms.
    public var paidAmount: PerCustomer { column(Field.paidAmount) }
    public var paidAmountDays: PerCustomer { column(Field.paidAmountDays) }
    public var paidAmountDaysLate: PerCustomer { column(Field.paidAmountDaysLate) }
    /// Σ balance of items open at `earlierDay` (docs/analytics.md: balance at a past day).
    public var earlierBalance: PerCustomer { column(Field.earlierBalance) }

    private func column(_ field: Int) -> PerCustomer { PerCustomer(totals: totals, stride: stride, field: origin + field) }

    /// Adjacent amounts of one customer's record as money, read in place (`Values` of the record). Holds the
    /// totals, not the ledger: a closure over the ledger copied it (a dozen arrays retained and released)
    /// for every customer it was made for.
    public struct Amounts: RandomAccessCollection, Sendable {
        let values: Values
        public var startIndex: Int { 0 }
        public var endIndex: Int { values.count }
        public subscript(k: Int) -> Money { Money(units: values[k]) }
    }
    /// Customer `c`'s positive open amounts per aging bucket, `not due` first.
    public func agingBalances(of c: Int) -> Amounts {
        Amounts(values: Values(totals: totals, base: origin + c * stride + bucketBase, count: bucketCount))
    }
    /// Customer `c`'s credit sales of the month of D, then of each of the 12 months before it.
    public func monthlySales(of c: Int) -> Amounts {
        Amounts(values: Values(totals: totals, base: origin + c * stride + monthBase, count: Ledger.customerSalesMonths))
    }

    // History, portfolio-wide.
    /// Credit sales per calendar month, indexed by `Ledger.monthNumber - Ledger.firstMonthNumber`.
    public var portfolioMonthlySales: Values { values(book.monthlySales, Ledger.portfolioMonths) }
    /// Earliest month (`monthNumber`) of any item's document date; Int.max when none.
    public private(set) var firstItemMonth: Int
    /// Roll-rate accumulators per bucket over the month-end transitions: balance in the bucket, of it
    /// still in the same bucket a month later, of it in a later bucket a month later.
    public var rollBalance: Values { values(book.rollBalance, bucketCount) }
    public var rollStay: Values { values(book.rollStay, bucketCount) }
    public var rollOn: Values { values(book.rollOn, bucketCount) }

    // Month-end trend, portfolio-wide (docs/analytics.md: Month-end trend). Fixed in size: months × buckets,
    // whatever the number of items or customers.
    /// Month-ends of the trend, oldest first: the last `trendMonthCount` month-ends on or before D (the month
    /// of D counts only when D is its last day).
    public let trendMonthEnds: [Day]
    /// `monthNumber` of `trendMonthEnds[0]`.
    let firstTrendMonth: Int
    /// Per trend month-end `j`, per aging bucket `b` (`j * bucketCount + b`): Σ positive balances at that
    /// month-end (balance at a past day), aged by `days(due, month-end)`. Their sum is gross AR then; all
    /// but `not due` is overdue then.
    public var trendBuckets: Values { values(book.trendBuckets, Ledger.trendMonthCount * bucketCount) }
    /// Per trend month-end: Σ negative balances at that month-end (credits then, ≤ 0).
    public var trendCredits: Values { values(book.trendCredits, Ledger.trendMonthCount) }

    /// Months since year 0 (`year * 12 + month - 1`) of a day.
    @inline(__always)
    public static func monthNumber(_ day: Day) -> Int {
        let (y, m, _) = day.civil
        return y * 12 + m - 1
    }
    /// Portfolio monthly sales cover 1900-01 to 2199-12; items outside are left out of count-back DSO.
    public static let firstMonthNumber = 1900 * 12
    static let portfolioMonths = 300 * 12
    /// Number of month-ends the trend looks at.
    public static let trendMonthCount = 12

    /// The last day of a month given by `monthNumber`.
    public static func monthEnd(_ month: Int) -> Day {
        let y = month / 12, m = month % 12 + 1
        return Day(year: y, month: m, day: Day.daysIn(month: m, year: y))!
    }

    public init(customers: [Customer], policy: CreditPolicy, asOf: Day, earlierExposureDays: Int = WatchlistRules.defaultRisingDays) {
        self.asOf = asOf
        self.policy = policy
        self.customerCount = customers.count
        self.bucketCount = policy.agingBuckets.count
        let n = customers.count
        periodStart = asOf.adding(days: -(policy.dsoPeriodDays - 1))
        earlierDay = asOf.adding(days: -earlierExposureDays)
        asOfMonth = Ledger.monthNumber(asOf)
        let lastMonthEndMonth = Ledger.monthEnd(asOfMonth) == asOf ? asOfMonth : asOfMonth - 1
        firstMonthEndMonth = lastMonthEndMonth - max(0, policy.rollRateMonths)
        monthEnds = (firstMonthEndMonth...lastMonthEndMonth).map(Ledger.monthEnd)
        firstTrendMonth = lastMonthEndMonth - (Ledger.trendMonthCount - 1)
        historyStart = min(periodStart.adding(days: -1), earlierDay)
        let firstSalesMonth = Ledger.monthEnd(asOfMonth - Ledger.customerSalesMonths).adding(days: 1)
        salesStart = min(periodStart, firstSalesMonth)
        let tableStart = Ledger.monthEnd(asOfMonth - 30 * 12).adding(days: 1)
        monthTableStart = tableStart
        monthTable = (0..<(40 * 366)).map { Int32(Ledger.monthNumber(tableStart.adding(days: $0))) }
        trendMonthEnds = (firstTrendMonth...lastMonthEndMonth).map(Ledger.monthEnd)
        bucketBase = Field.count
        monthBase = bucketBase + policy.agingBuckets.count
        stride = monthBase + Ledger.customerSalesMonths
        book = Book(bucketCount: bucketCount)
        (totals, bookStart) = Ledger.alignedRecords(count: book.size + n * stride)
        origin = bookStart + book.size
        let lastBound = policy.agingBuckets.upperBounds.last ?? 0
        bucketOfDays = policy.agingBuckets.count > Int(UInt8.max) ? []
            : (0...(min(lastBound, 1 << 16) + 1)).map { UInt8(policy.agingBuckets.index(daysPastDue: $0)) }
        terms = Array(repeating: -1, count: n)
        for (c, customer) in customers.enumerated() {
            terms[c] = Int32(clamping: customer.paymentTermsDays ?? -1)
        }
        firstItemMonth = Int.max
    }

    /// `count` zeros after padding that puts the first on a 64-byte boundary, and the padding's length.
    static func alignedRecords(count: Int) -> ([Int64], Int) {
        var origin = 0
        let values = [Int64](unsafeUninitializedCapacity: count + 7) { buffer, initialized in
            let misalignment = Int(bitPattern: UInt(bitPattern: buffer.baseAddress!)) & 63
            origin = ((64 - misalignment) & 63) / 8
            creditreport_advise_huge_pages(buffer.baseAddress!, (count + 7) * MemoryLayout<Int64>.stride)
            buffer.baseAddress!.initialize(repeating: 0, count: origin + count)
            initialized = origin + count
        }
        return (values, origin)
    }

    /// `Ledger.monthNumber(day)`, from the table when the day is in it.
    @inline(__always)
    func month(of day: Day) -> Int {
        let k = Int(day.number) - Int(monthTableStart.number)
        if k >= 0 && k < monthTable.count { return Int(monthTable[k]) }
        return Ledger.monthNumber(day)
    }

    /// Adds an item's open amount to its customer's totals.
    @inline(__always)
    public mutating func post(_ item: OpenItem) { apply(item, sign: 1) }

    /// Starts loading the cache lines of its customer's record that posting `item` will change, and
    /// none when it changes none (an item cleared before the history the ledger keeps): on the benchmark
    /// book about half the items, and memory traffic, not arithmetic, is what posting waits for.
    /// `mutating` though it changes nothing: called from another module on a ledger held in a larger value,
    /// a non-mutating call was made on a 288-byte copy of the ledger, for every item.
    @inline(__always)
    public mutating func prefetch(for item: OpenItem) {
        let doc = item.documentDate
        let open = item.openAmount.units != 0
        let history = item.clearedDate.map { $0 > historyStart } ?? true
        let sale = doc >= salesStart && (item.type == nil || item.type == .invoice) && item.amount.units > 0
        // An item without a due date is aged from its customer's terms, read at posting whatever else it changes:
        // unfetched, that read was a third of posting's own time on the benchmark book (a tenth of its items).
        if item.dueDate == nil {
            terms.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + Int(item.customerIndex)) }
        }
        guard open || history || sale else { return }
        totals.withUnsafeBufferPointer { t in
            let record = t.baseAddress! + origin + Int(item.customerIndex) * stride
            creditreport_prefetch(record)
            if open {
                creditreport_prefetch(record + bucketBase)
                creditreport_prefetch(record + bucketBase + bucketCount - 1)
            }
            if sale {
                let back = asOfMonth - month(of: doc)
                if back >= 0 && back < Ledger.customerSalesMonths { creditreport_prefetch(record + monthBase + back) }
            }
        }
    }

    /// The day an item is aged from (METRICS.md): its due date, else its document date plus its customer's
    /// payment terms, else its document date. The terms are fetched by `prefetch(for:)`.
    @inline(__always)
    public func dueDate(of item: OpenItem) -> Day {
        if let due = item.dueDate { return due }
        let t = terms[Int(item.customerIndex)]
        return item.effectiveDueDate(paymentTermsDays: t < 0 ? nil : Int(t))
    }

    /// Takes back an item posted earlier (a duplicate found after the fact).
    public mutating func unpost(_ item: OpenItem) { apply(item, sign: -1) }

    @inline(__always)
    private mutating func apply(_ item: OpenItem, sign: Int64) {
        let c = Int(item.customerIndex)
        let due = dueDate(of: item)
        let doc = item.documentDate
        let docMonth = month(of: doc)
        if docMonth < firstItemMonth && sign > 0 { firstItemMonth = docMonth }
        let r = origin + c * stride, b0 = bookStart, book = self.book
        let open = item.openAmount.units
        let dpd = due.days(to: asOf)
        let protractedDays = policy.protractedDefaultDays
        let amount = item.amount.units
        let cleared = item.clearedDate
        let beforePeriod = periodStart.adding(days: -1)
        // Balance at a past day: the full amount until cleared; an item still open counts at what it still owes.
        let pastBalance = cleared == nil ? open : amount
        let isSale = (item.type == nil || item.type == .invoice) && amount > 0
        let periodStart = self.periodStart, asOf = self.asOf, earlierDay = self.earlierDay
        let back = asOfMonth - docMonth, monthBase = self.monthBase, bucketBase = self.bucketBase
        // Open at day t: issued on or before t and not cleared on or before t.
        @inline(__always) func isOpen(at t: Day) -> Bool { doc <= t && (cleared == nil || cleared! > t) }
        // Taking an item back leaves the bound as it was: the bound covers what was ever posted.
        if sign > 0 { volume = Ledger.saturating(Ledger.saturating(volume, open.magnitude), amount.magnitude) }
        totals.withUnsafeMutableBufferPointer { all in
            let t = all.baseAddress!
            // What the item says about the past: sales, AR at the start of the period, payments, earlier
            // exposure (docs/analytics.md).
            if isOpen(at: beforePeriod) { t[r + Field.arBegin] &+= sign &* amount }
            if isOpen(at: earlierDay) { t[r + Field.earlierBalance] &+= sign &* pastBalance }
            if isSale {
                if doc >= periodStart { t[r + Field.sales] &+= sign &* amount }
                if back >= 0 && back < Ledger.customerSalesMonths { t[r + monthBase + back] &+= sign &* amount }
                if let cleared, cleared >= periodStart, cleared <= asOf {
                    let daysToPay = doc.days(to: cleared), daysLate = max(0, due.days(to: cleared))
                    t[r + Field.paidAmount] &+= sign &* amount
                    t[r + Field.paidAmountDays] &+= sign &* amount &* Int64(daysToPay)
                    t[r + Field.paidAmountDaysLate] &+= sign &* amount &* Int64(daysLate)
                    if sign > 0 {
                        let (weighted, overflow) = amount.magnitude.multipliedReportingOverflow(by: UInt64(daysToPay.magnitude) + UInt64(daysLate))
                        dayVolume = Ledger.saturating(dayVolume, overflow ? .max : weighted)
                    }
                }
                let slot = docMonth - Ledger.firstMonthNumber
                if slot >= 0 && slot < Ledger.portfolioMonths { t[b0 + book.monthlySales + slot] &+= sign &* amount }
            }
            // What is open at the as-of date.
            guard open != 0 else { return }
            t[r + Field.openBalance] &+= sign &* open
            if open < 0 {
                t[b0 + book.creditItemCount] &+= sign
                t[r + Field.credits] &+= sign &* open
                return
            }
            let b = bucketOfDays.withUnsafeBufferPointer { Ledger.bucket(daysPastDue: dpd, $0, policy.agingBuckets) }
            t[b0 + book.bucketItems + b] &+= sign
            t[r + Field.grossOpen] &+= sign &* open
            t[r + bucketBase + b] &+= sign &* open
            if dpd >= 1 { t[r + Field.overdue] &+= sign &* open }
            if dpd > protractedDays { t[r + Field.protractedDefault] &+= sign &* open }
            if item.disputed { t[r + Field.disputed] &+= sign &* open }
        }
        // Month-end trend, and for sales the roll-rate transitions M_j → M_j+1 while open at M_j (roll rates
        // count positive balances only).
        if pastBalance != 0 {
            monthEndWalk(due: due, docMonth: docMonth, cleared: cleared, balance: sign &* pastBalance, credit: pastBalance < 0,
                         sale: isSale && pastBalance > 0)
        }
    }

    /// `buckets.index(daysPastDue:)`, from `table` (`bucketOfDays`) when `dpd` is in it.
    @inline(__always)
    static func bucket(daysPastDue dpd: Int, _ table: UnsafeBufferPointer<UInt8>, _ buckets: AgingBuckets) -> Int {
        if dpd <= 0 { return 0 }
        return dpd < table.count ? Int(table[dpd]) : buckets.index(daysPastDue: dpd)
    }

    /// The month-ends an item is open at, walked once for both the month-end trend (every balance) and the
    /// roll rates (sales only): the aging bucket at each month-end is computed once. An item is open at a
    /// month-end `M` from the month it is issued in until it is cleared on or before `M`. `balance` is signed
    /// for posting (−) or taking back; `credit` says whether the item's own balance is negative.
    @inline(__always)
    private mutating func monthEndWalk(due: Day, docMonth: Int, cleared: Day?, balance: Int64, credit: Bool, sale: Bool) {
        let firstTrendMonth = self.firstTrendMonth, firstMonthEndMonth = self.firstMonthEndMonth
        let lastMonth = firstTrendMonth + Ledger.trendMonthCount - 1
        let rollLast = firstMonthEndMonth + monthEnds.count - 1
        let book = self.book, bucketCount = self.bucketCount, b0 = bookStart
        var month = max(docMonth, sale ? min(firstTrendMonth, firstMonthEndMonth) : firstTrendMonth)
        guard month <= max(lastMonth, rollLast) else { return }
        totals.withUnsafeMutableBufferPointer { all in
            let t = all.baseAddress! + b0     // the portfolio-wide totals
            var previousBucket = -1          // the bucket at the month-end before, when the item was open then
            while month <= max(lastMonth, rollLast) {
                let m = month >= firstTrendMonth ? trendMonthEnds[month - firstTrendMonth] : monthEnds[month - firstMonthEndMonth]
                if let cleared, cleared <= m { break }
                if credit {
                    if month >= firstTrendMonth { t[book.trendCredits + month - firstTrendMonth] &+= balance }
                    month += 1
                    continue
                }
                let dpd = due.days(to: m)
                let b = bucketOfDays.withUnsafeBufferPointer { Ledger.bucket(daysPastDue: dpd, $0, policy.agingBuckets) }
                if month >= firstTrendMonth { t[book.trendBuckets + (month - firstTrendMonth) * bucketCount + b] &+= balance }
                if sale && month >= firstMonthEndMonth {
                    // The transition from the month-end before to this one (the item was open at both).
                    if previousBucket >= 0 {
                        if b == previousBucket { t[book.rollStay + previousBucket] &+= balance } else { t[book.rollOn + previousBucket] &+= balance }
                    }
                    if month < rollLast { t[book.rollBalance + b] &+= balance; previousBucket = b } else { previousBucket = -1 }
                }
                month += 1
            }
        }
    }

    /// Adds customers after those the ledger was made with (customers an XML input names that the
    /// customers input does not list), with nothing posted yet. The portfolio-wide history (monthly sales,
    /// roll rates, the month-end trend) has nothing per customer and stays as it is.
    public mutating func addCustomers(_ added: some Collection<Customer>) {
        guard !added.isEmpty else { return }
        for customer in added {
            totals += repeatElement(0, count: stride)
            terms.append(Int32(clamping: customer.paymentTermsDays ?? -1))
        }
        customerCount += added.count
    }

    /// Takes back the customer added last by `addCustomers`, before anything was posted for it.
    public mutating func removeLastCustomer() {
        guard customerCount > 0 else { return }
        customerCount -= 1
        totals.removeLast(stride)
        terms.removeLast()
    }

    /// Adds another ledger's totals (same customers, policy and date) into this one.
    public mutating func merge(_ other: Ledger) {
        precondition(other.customerCount == customerCount && other.bucketCount == bucketCount
                     && other.trendMonthEnds == trendMonthEnds)
        // The portfolio-wide totals and the records, in one pass (the same layout in both).
        let (o, p) = (bookStart, other.bookStart)
        let n = book.size + customerCount * stride
        totals.withUnsafeMutableBufferPointer { a in
            other.totals.withUnsafeBufferPointer { b in
                for i in 0..<n { a[o + i] &+= b[p + i] }
            }
        }
        firstItemMonth = min(firstItemMonth, other.firstItemMonth)
        volume = Ledger.saturating(volume, other.volume)
        dayVolume = Ledger.saturating(dayVolume, other.dayVolume)
    }

    /// Customer exposure `e_c = max(0, Σ open amounts)`.
    public func exposure(of c: Int) -> Money { Money(units: max(0, openBalance[c])) }
    /// Customer `c`'s positive open amounts in aging bucket `b`.
    public func bucket(_ b: Int, of c: Int) -> Money { Money(units: totals[origin + c * stride + bucketBase + b]) }
}

extension Ledger: Equatable {
    /// Same customers, settings and totals (wherever each one's records start in memory); the range bounds
    /// (`volume`) are not compared: an item posted and taken back leaves the totals as they were, not the bounds.
    public static func == (a: Ledger, b: Ledger) -> Bool {
        guard a.customerCount == b.customerCount, a.stride == b.stride, a.asOf == b.asOf, a.policy == b.policy,
              a.periodStart == b.periodStart, a.earlierDay == b.earlierDay, a.terms == b.terms,
              a.firstItemMonth == b.firstItemMonth, a.trendMonthEnds == b.trendMonthEnds, a.book == b.book
        else { return false }
        // The portfolio-wide totals and the records.
        let n = a.book.size + a.customerCount * a.stride
        return a.totals[a.bookStart..<(a.bookStart + n)] == b.totals[b.bookStart..<(b.bookStart + n)]
    }
}
