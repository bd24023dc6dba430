/// Running per-customer totals of the open items posted so far. Memory grows with customers, not items:
/// ingestion posts each item and forgets it. Two ledgers over the same customers can be merged, so that
/// parts of a file can be posted in parallel.
public struct Ledger: Sendable, Equatable {
    public let asOf: Day
    public let policy: CreditPolicy
    public let customerCount: Int
    let bucketCount: Int
    let paymentTerms: [Int32]        // -1: none

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

    public init(customers: [Customer], policy: CreditPolicy, asOf: Day) {
        self.asOf = asOf
        self.policy = policy
        self.customerCount = customers.count
        self.bucketCount = policy.agingBuckets.count
        self.paymentTerms = customers.map { Int32(clamping: $0.paymentTermsDays ?? -1) }
        let n = customers.count
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
        let open = item.openAmount.units
        guard open != 0 else { return }
        let c = Int(item.customerIndex)
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

    /// Adds another ledger's totals (same customers, policy and date) into this one.
    public mutating func merge(_ other: Ledger) {
        precondition(other.customerCount == customerCount && other.bucketCount == bucketCount)
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
    }

    /// Customer exposure `e_c = max(0, Σ open amounts)`.
    public func exposure(of c: Int) -> Money { Money(units: max(0, openBalance[c])) }
    public func bucket(_ b: Int, of c: Int) -> (amount: Money, items: Int) {
        (Money(units: bucketAmount[c * bucketCount + b]), Int(bucketItems[c * bucketCount + b]))
    }
}
