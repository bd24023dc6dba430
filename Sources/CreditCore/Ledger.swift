/// Running per-customer totals of the open items posted so far. Memory grows with customers, not items:
/// ingestion posts each item and forgets it. Two ledgers over the same customers can be merged, so that
/// parts of a file can be posted in parallel.
public struct Ledger: Sendable, Equatable {
    public let asOf: Day
    public let policy: CreditPolicy
    public let customerCount: Int
    let bucketCount: Int
    let paymentTerms: [Int32]        // -1: none

    /// One record of `stride` Int64 per customer, so that posting an item touches two or three cache lines
    /// rather than one line in each of ten arrays (the ledger of 200,000 customers is larger than the cache).
    /// Layout: see `Field`; then the amount per aging bucket, then the item count per bucket.
    private var storage: [Int64]
    let stride: Int
    /// Items posted (open or cleared).
    public private(set) var itemsPosted: Int

    private enum Field: Int {
        case openBalance, grossOpen, credits, overdue, protractedDefault, disputed, creditItems
        static let count = 7
    }

    public init(customers: [Customer], policy: CreditPolicy, asOf: Day) {
        self.asOf = asOf
        self.policy = policy
        self.customerCount = customers.count
        self.bucketCount = policy.agingBuckets.count
        self.paymentTerms = customers.map { Int32(clamping: $0.paymentTermsDays ?? -1) }
        stride = Field.count + 2 * bucketCount
        storage = Array(repeating: 0, count: customers.count * stride)
        itemsPosted = 0
    }

    @inline(__always)
    private func value(_ f: Field, _ c: Int) -> Int64 { storage[c * stride + f.rawValue] }

    /// Sum of all open amounts (positive and negative) of customer `c`.
    public func openBalance(of c: Int) -> Money { Money(units: value(.openBalance, c)) }
    /// Sum of positive open amounts.
    public func grossOpen(of c: Int) -> Money { Money(units: value(.grossOpen, c)) }
    /// Sum of negative open amounts (≤ 0).
    public func credits(of c: Int) -> Money { Money(units: value(.credits, c)) }
    public func overdue(of c: Int) -> Money { Money(units: value(.overdue, c)) }
    public func protractedDefault(of c: Int) -> Money { Money(units: value(.protractedDefault, c)) }
    public func disputed(of c: Int) -> Money { Money(units: value(.disputed, c)) }
    /// Number of open credit items.
    public func creditItems(of c: Int) -> Int { Int(value(.creditItems, c)) }

    /// Adds an item's open amount to its customer's totals.
    @inline(__always)
    public mutating func post(_ item: OpenItem) { apply(item, sign: 1) }

    /// Takes back an item posted earlier (a duplicate found after the fact).
    public mutating func unpost(_ item: OpenItem) { apply(item, sign: -1) }

    @inline(__always)
    private mutating func apply(_ item: OpenItem, sign: Int64) {
        itemsPosted += Int(sign)
        let open = item.openAmount.units
        guard open != 0 else { return }
        let c = Int(item.customerIndex)
        let base = c * stride
        let signed = sign &* open
        storage.withUnsafeMutableBufferPointer { s in
            s[base + Field.openBalance.rawValue] &+= signed
            if open < 0 {
                s[base + Field.credits.rawValue] &+= signed
                s[base + Field.creditItems.rawValue] &+= sign
                return
            }
            s[base + Field.grossOpen.rawValue] &+= signed
            let terms = paymentTerms[c]
            let due = item.effectiveDueDate(paymentTermsDays: terms < 0 ? nil : Int(terms))
            let dpd = due.days(to: asOf)
            let b = policy.agingBuckets.index(daysPastDue: dpd)
            s[base + Field.count + b] &+= signed
            s[base + Field.count + bucketCount + b] &+= sign
            if dpd >= 1 { s[base + Field.overdue.rawValue] &+= signed }
            if dpd > policy.protractedDefaultDays { s[base + Field.protractedDefault.rawValue] &+= signed }
            if item.disputed { s[base + Field.disputed.rawValue] &+= signed }
        }
    }

    /// Adds another ledger's totals (same customers, policy and date) into this one.
    public mutating func merge(_ other: Ledger) {
        precondition(other.customerCount == customerCount && other.bucketCount == bucketCount)
        for i in storage.indices { storage[i] &+= other.storage[i] }
        itemsPosted += other.itemsPosted
    }

    /// Customer exposure `e_c = max(0, Σ open amounts)`.
    public func exposure(of c: Int) -> Money { Money(units: max(0, value(.openBalance, c))) }
    /// Amount and item count of customer `c` in aging bucket `b` (0: not due).
    public func bucket(_ b: Int, of c: Int) -> (amount: Money, items: Int) {
        (Money(units: storage[c * stride + Field.count + b]), Int(storage[c * stride + Field.count + bucketCount + b]))
    }
}
