/// Running per-customer totals of the items posted so far: what is open at the as-of date, and what the
/// ledger's history says about sales, payments and ageing (docs/analytics.md). Memory grows with
/// customers, not items: ingestion posts each item and forgets it. Two ledgers over the same customers can
/// be merged, so that parts of a file can be posted in parallel.
public struct Ledger: Sendable, Equatable {
    public let asOf: Day
    public let policy: CreditPolicy
    public private(set) var customerCount: Int
    let bucketCount: Int
    private(set) var paymentTerms: [Int32]        // -1: none

    /// Months of sales kept per customer for count-back DSO: the month of D and the 12 before it.
    public static let customerSalesMonths = 13
    /// First day of the sales period `P`.
    public let periodStart: Day
    /// The day exposure is rebuilt at for "rising exposure" (D − rising days).
    public let earlierDay: Day
    /// Month-ends M_0 … M_k of the roll-rate method, oldest first.
    public let monthEnds: [Day]
    let asOfMonth: Int, firstMonthEndMonth: Int

    /// Sum of all open amounts (positive and negative) per customer, in 1/10,000.
    public private(set) var openBalance: [Int64]
    public private(set) var grossOpen: [Int64]
    public private(set) var credits: [Int64]
    public private(set) var overdue: [Int64]
    public private(set) var protractedDefault: [Int64]
    public private(set) var disputed: [Int64]
    /// Per customer, per bucket: `c * bucketCount + b`.
    public private(set) var bucketAmount: [Int64]
    public private(set) var bucketItems: [Int32]
    public private(set) var creditItems: [Int32]

    // History, per customer.
    /// Credit sales with a document date in P.
    public private(set) var sales: [Int64]
    /// Net AR at the start of P: items issued on or before D−n and not cleared by then, original amounts.
    public private(set) var arBegin: [Int64]
    /// Sales cleared in P: Σ amount, Σ amount × days to pay, Σ amount × days beyond terms.
    public private(set) var paidAmount: [Int64]
    public private(set) var paidAmountDays: [Int64]
    public private(set) var paidAmountDaysLate: [Int64]
    /// Credit sales per month, `c * customerSalesMonths + k`, k months before the month of D.
    public private(set) var monthlySales: [Int64]
    /// Σ balance of items open at `earlierDay` (docs/analytics.md: balance at a past day).
    public private(set) var earlierBalance: [Int64]

    // History, portfolio-wide.
    /// Credit sales per calendar month, indexed by `Ledger.monthNumber - Ledger.firstMonthNumber`.
    public private(set) var portfolioMonthlySales: [Int64]
    /// Earliest month (`monthNumber`) of any item's document date; Int.max when none.
    public private(set) var firstItemMonth: Int
    /// Roll-rate accumulators per bucket over the month-end transitions: balance in the bucket, of it
    /// still in the same bucket a month later, of it in a later bucket a month later.
    public private(set) var rollBalance: [Int64]
    public private(set) var rollStay: [Int64]
    public private(set) var rollOn: [Int64]

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
    public private(set) var trendBuckets: [Int64]
    /// Per trend month-end: Σ negative balances at that month-end (credits then, ≤ 0).
    public private(set) var trendCredits: [Int64]

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

    public init(customers: [Customer], policy: CreditPolicy, asOf: Day, earlierExposureDays: Int = 30) {
        self.asOf = asOf
        self.policy = policy
        self.customerCount = customers.count
        self.bucketCount = policy.agingBuckets.count
        self.paymentTerms = customers.map { Int32(clamping: $0.paymentTermsDays ?? -1) }
        let n = customers.count
        periodStart = asOf.adding(days: -(policy.dsoPeriodDays - 1))
        earlierDay = asOf.adding(days: -earlierExposureDays)
        asOfMonth = Ledger.monthNumber(asOf)
        let lastMonthEndMonth = Ledger.monthEnd(asOfMonth) == asOf ? asOfMonth : asOfMonth - 1
        firstMonthEndMonth = lastMonthEndMonth - max(0, policy.rollRateMonths)
        monthEnds = (firstMonthEndMonth...lastMonthEndMonth).map(Ledger.monthEnd)
        firstTrendMonth = lastMonthEndMonth - (Ledger.trendMonthCount - 1)
        trendMonthEnds = (firstTrendMonth...lastMonthEndMonth).map(Ledger.monthEnd)
        trendBuckets = Array(repeating: 0, count: Ledger.trendMonthCount * policy.agingBuckets.count)
        trendCredits = Array(repeating: 0, count: Ledger.trendMonthCount)
        sales = Array(repeating: 0, count: n)
        arBegin = sales
        paidAmount = sales
        paidAmountDays = sales
        paidAmountDaysLate = sales
        earlierBalance = sales
        monthlySales = Array(repeating: 0, count: n * Ledger.customerSalesMonths)
        portfolioMonthlySales = Array(repeating: 0, count: Ledger.portfolioMonths)
        firstItemMonth = Int.max
        rollBalance = Array(repeating: 0, count: policy.agingBuckets.count)
        rollStay = rollBalance
        rollOn = rollBalance
        openBalance = Array(repeating: 0, count: n)
        grossOpen = openBalance
        credits = openBalance
        overdue = openBalance
        protractedDefault = openBalance
        disputed = openBalance
        bucketAmount = Array(repeating: 0, count: n * bucketCount)
        bucketItems = Array(repeating: 0, count: n * bucketCount)
        creditItems = Array(repeating: 0, count: n)
    }

    /// Adds an item's open amount to its customer's totals.
    @inline(__always)
    public mutating func post(_ item: OpenItem) { apply(item, sign: 1) }

    /// Takes back an item posted earlier (a duplicate found after the fact).
    public mutating func unpost(_ item: OpenItem) { apply(item, sign: -1) }

    @inline(__always)
    private mutating func apply(_ item: OpenItem, sign: Int64) {
        let c = Int(item.customerIndex)
        applyHistory(item, customer: c, sign: sign)
        let open = item.openAmount.units
        guard open != 0 else { return }
        openBalance[c] &+= sign &* open
        if open < 0 {
            credits[c] &+= sign &* open
            creditItems[c] &+= Int32(sign)
            return
        }
        grossOpen[c] &+= sign &* open
        let terms = paymentTerms[c]
        let due = item.effectiveDueDate(paymentTermsDays: terms < 0 ? nil : Int(terms))
        let dpd = due.days(to: asOf)
        let b = policy.agingBuckets.index(daysPastDue: dpd)
        bucketAmount[c * bucketCount + b] &+= sign &* open
        bucketItems[c * bucketCount + b] &+= Int32(sign)
        if dpd >= 1 { overdue[c] &+= sign &* open }
        if dpd > policy.protractedDefaultDays { protractedDefault[c] &+= sign &* open }
        if item.disputed { disputed[c] &+= sign &* open }
    }

    @inline(__always)
    private func dueDate(_ item: OpenItem, _ c: Int) -> Day {
        let terms = paymentTerms[c]
        return item.effectiveDueDate(paymentTermsDays: terms < 0 ? nil : Int(terms))
    }

    /// What the item says about the past: sales, AR at the start of the period, payments, earlier exposure,
    /// month-end ageing for roll rates and the month-end trend (docs/analytics.md).
    @inline(__always)
    private mutating func applyHistory(_ item: OpenItem, customer c: Int, sign: Int64) {
        let amount = item.amount.units
        let doc = item.documentDate
        let cleared = item.clearedDate
        // Open at day t: issued on or before t and not cleared on or before t.
        @inline(__always) func isOpen(at t: Day) -> Bool { doc <= t && (cleared == nil || cleared! > t) }
        let docMonth = Ledger.monthNumber(doc)
        if docMonth < firstItemMonth && sign > 0 { firstItemMonth = docMonth }
        let beforePeriod = periodStart.adding(days: -1)
        if isOpen(at: beforePeriod) { arBegin[c] &+= sign &* amount }
        // Balance at a past day: the full amount until cleared; an item still open counts at what it still owes.
        let pastBalance = cleared == nil ? item.openAmount.units : amount
        if isOpen(at: earlierDay) { earlierBalance[c] &+= sign &* pastBalance }
        let due = dueDate(item, c)
        let isSale = (item.type == nil || item.type == .invoice) && amount > 0
        guard isSale else {
            // Not a sale: the month-end trend only.
            if pastBalance != 0 {
                monthEndWalk(due: due, docMonth: docMonth, cleared: cleared, balance: sign &* pastBalance, credit: pastBalance < 0, sale: false)
            }
            return
        }
        if doc >= periodStart { sales[c] &+= sign &* amount }
        let back = asOfMonth - docMonth
        if back >= 0 && back < Ledger.customerSalesMonths {
            monthlySales[c * Ledger.customerSalesMonths + back] &+= sign &* amount
        }
        let slot = docMonth - Ledger.firstMonthNumber
        if slot >= 0 && slot < portfolioMonthlySales.count { portfolioMonthlySales[slot] &+= sign &* amount }
        if let cleared, cleared >= periodStart, cleared <= asOf {
            paidAmount[c] &+= sign &* amount
            paidAmountDays[c] &+= sign &* amount &* Int64(doc.days(to: cleared))
            paidAmountDaysLate[c] &+= sign &* amount &* Int64(max(0, due.days(to: cleared)))
        }
        // Month-end trend, and the transitions M_j → M_j+1 while the sale is open at M_j (roll rates count
        // positive balances only).
        if pastBalance != 0 {
            monthEndWalk(due: due, docMonth: docMonth, cleared: cleared, balance: sign &* pastBalance, credit: pastBalance < 0,
                         sale: pastBalance > 0)
        }
    }

    /// The month-ends an item is open at, walked once for both the month-end trend (every balance) and the
    /// roll rates (sales only): the aging bucket at each month-end is computed once. An item is open at a
    /// month-end `M` from the month it is issued in until it is cleared on or before `M`.
    @inline(__always)
    /// `balance` is signed for posting (−) or taking back; `credit` says whether the item's own balance is negative.
    private mutating func monthEndWalk(due: Day, docMonth: Int, cleared: Day?, balance: Int64, credit: Bool, sale: Bool) {
        let lastMonth = firstTrendMonth + Ledger.trendMonthCount - 1
        let rollLast = firstMonthEndMonth + monthEnds.count - 1
        var month = max(docMonth, sale ? min(firstTrendMonth, firstMonthEndMonth) : firstTrendMonth)
        var previousBucket = -1          // the bucket at the month-end before, when the item was open then
        while month <= max(lastMonth, rollLast) {
            let m = month >= firstTrendMonth ? trendMonthEnds[month - firstTrendMonth] : monthEnds[month - firstMonthEndMonth]
            if let cleared, cleared <= m { break }
            if credit {
                if month >= firstTrendMonth { trendCredits[month - firstTrendMonth] &+= balance }
                month += 1
                continue
            }
            let b = policy.agingBuckets.index(daysPastDue: due.days(to: m))
            if month >= firstTrendMonth { trendBuckets[(month - firstTrendMonth) * bucketCount + b] &+= balance }
            if sale && month >= firstMonthEndMonth {
                // The transition from the month-end before to this one (the item was open at both).
                if previousBucket >= 0 {
                    if b == previousBucket { rollStay[previousBucket] &+= balance } else { rollOn[previousBucket] &+= balance }
                }
                if month < rollLast { rollBalance[b] &+= balance; previousBucket = b } else { previousBucket = -1 }
            }
            month += 1
        }
    }

    /// Adds customers after those the ledger was made with (customers an XML input names that the
    /// customers input does not list), with nothing posted yet. The portfolio-wide history (monthly sales,
    /// roll rates, the month-end trend) has nothing per customer and stays as it is.
    public mutating func addCustomers(_ added: some Collection<Customer>) {
        let n = added.count
        guard n > 0 else { return }
        customerCount += n
        paymentTerms += added.map { Int32(clamping: $0.paymentTermsDays ?? -1) }
        for a in [\Ledger.openBalance, \.grossOpen, \.credits, \.overdue, \.protractedDefault, \.disputed, \.sales, \.arBegin,
                  \.paidAmount, \.paidAmountDays, \.paidAmountDaysLate, \.earlierBalance] as [WritableKeyPath<Ledger, [Int64]>] {
            self[keyPath: a] += repeatElement(0, count: n)
        }
        bucketAmount += repeatElement(0, count: n * bucketCount)
        bucketItems += repeatElement(0, count: n * bucketCount)
        creditItems += repeatElement(0, count: n)
        monthlySales += repeatElement(0, count: n * Ledger.customerSalesMonths)
    }

    /// Takes back the customer added last by `addCustomers`, before anything was posted for it.
    public mutating func removeLastCustomer() {
        guard customerCount > 0 else { return }
        customerCount -= 1
        paymentTerms.removeLast()
        for a in [\Ledger.openBalance, \.grossOpen, \.credits, \.overdue, \.protractedDefault, \.disputed, \.sales, \.arBegin,
                  \.paidAmount, \.paidAmountDays, \.paidAmountDaysLate, \.earlierBalance] as [WritableKeyPath<Ledger, [Int64]>] {
            self[keyPath: a].removeLast()
        }
        bucketAmount.removeLast(bucketCount)
        bucketItems.removeLast(bucketCount)
        creditItems.removeLast()
        monthlySales.removeLast(Ledger.customerSalesMonths)
    }

    /// Adds another ledger's totals (same customers, policy and date) into this one.
    public mutating func merge(_ other: Ledger) {
        precondition(other.customerCount == customerCount && other.bucketCount == bucketCount
                     && other.trendMonthEnds == trendMonthEnds)
        func add(_ a: inout [Int64], _ b: [Int64]) { for i in a.indices { a[i] &+= b[i] } }
        func add(_ a: inout [Int32], _ b: [Int32]) { for i in a.indices { a[i] &+= b[i] } }
        add(&openBalance, other.openBalance)
        add(&grossOpen, other.grossOpen)
        add(&credits, other.credits)
        add(&overdue, other.overdue)
        add(&protractedDefault, other.protractedDefault)
        add(&disputed, other.disputed)
        add(&bucketAmount, other.bucketAmount)
        add(&bucketItems, other.bucketItems)
        add(&creditItems, other.creditItems)
        add(&sales, other.sales)
        add(&arBegin, other.arBegin)
        add(&paidAmount, other.paidAmount)
        add(&paidAmountDays, other.paidAmountDays)
        add(&paidAmountDaysLate, other.paidAmountDaysLate)
        add(&monthlySales, other.monthlySales)
        add(&earlierBalance, other.earlierBalance)
        add(&portfolioMonthlySales, other.portfolioMonthlySales)
        add(&rollBalance, other.rollBalance)
        add(&rollStay, other.rollStay)
        add(&rollOn, other.rollOn)
        add(&trendBuckets, other.trendBuckets)
        add(&trendCredits, other.trendCredits)
        firstItemMonth = min(firstItemMonth, other.firstItemMonth)
    }

    /// Customer exposure `e_c = max(0, Σ open amounts)`.
    public func exposure(of c: Int) -> Money { Money(units: max(0, openBalance[c])) }
    public func bucket(_ b: Int, of c: Int) -> (amount: Money, items: Int) {
        (Money(units: bucketAmount[c * bucketCount + b]), Int(bucketItems[c * bucketCount + b]))
    }
}
