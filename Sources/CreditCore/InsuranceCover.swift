import CPrefetch

/// What a credit insurer would pay for on one customer (METRICS.md: Credit limits and insurance).
public struct InsuranceCover: Sendable, Equatable {
    /// `i_c = min(max(0, e_c − disputed_c), insured_limit_c)`; zero without cover.
    public var insured: Money
    /// `i_c × indemnity`.
    public var indemnified: Money
    /// `e_c − i_c`.
    public var uninsured: Money
    /// `max(0, e_c − insured_limit_c)` for an insured customer; zero otherwise.
    public var shortfall: Money

    public init(exposure: Money, disputed: Money, insuredLimit: Money?, indemnity: Double) {
        let limit = insuredLimit ?? .zero
        insured = min(max(.zero, exposure - disputed), limit)
        indemnified = Money(rounding: insured.doubleValue * indemnity)
        uninsured = exposure - insured
        shortfall = limit.isPositive ? max(.zero, exposure - limit) : .zero
    }
}

/// The insurer's dates for one insured customer with overdue items (docs/analytics.md: Insurer deadlines).
/// A credit insurer counts a buyer's deadlines from its oldest unpaid overdue invoice: that item sets the
/// notification date and the claim date, and every other overdue item of the buyer is counted with it.
/// One per customer, so what the run keeps grows with customers, not with items.
public struct InsurerDeadline: Sendable, Equatable {
    // Stored widest first, counts in 32 bits: a deadline per insured customer and per core while posting
    // (96 → 72 bytes).
    /// The oldest overdue item: the earliest due date, then the smallest document id.
    public var documentID: String
    public var openAmount: Money
    public var overdueAmount: Money
    public var windowAmount: Money
    public var customerIndex: Int32
    public var dueDate: Day
    private var storedOverdueItems: Int32 = 0
    private var storedWindowItems: Int32 = 0
    /// The earliest due date of the undisputed overdue items (the watchlist's claim date); nil when all are disputed.
    public var oldestUndisputedDue: Day?
    /// Undisputed items whose notification date is within the watchlist's window and whose claim date has
    /// not come: how many (`windowItems`), their open amount and the earliest of their notification dates.
    public var windowNotifyBy: Day?
    public var disputed: Bool
    /// Every overdue (dpd ≥ 1) positive open item of the customer, the oldest included.
    public var overdueItems: Int {
        get { Int(storedOverdueItems) }
        set { storedOverdueItems = Int32(clamping: newValue) }
    }
    public var windowItems: Int {
        get { Int(storedWindowItems) }
        set { storedWindowItems = Int32(clamping: newValue) }
    }

    public init(customerIndex: Int32, documentID: String, dueDate: Day, openAmount: Money, disputed: Bool) {
        self.customerIndex = customerIndex
        self.documentID = documentID
        self.dueDate = dueDate
        self.openAmount = openAmount
        self.disputed = disputed
        overdueAmount = .zero
        windowAmount = .zero
    }

    public func daysPastDue(asOf: Day) -> Int { dueDate.days(to: asOf) }
    public func notifyBy(_ policy: CreditPolicy) -> Day { dueDate.adding(days: policy.notifyAfterDays) }
    public func claimFrom(_ policy: CreditPolicy) -> Day { dueDate.adding(days: policy.claimAfterDays) }

    /// The order the report lists them in: the oldest item's due date, then customer (input order).
    public static func urgency(_ a: InsurerDeadline, _ b: InsurerDeadline) -> Bool {
        if a.dueDate != b.dueDate { return a.dueDate < b.dueDate }
        return a.customerIndex < b.customerIndex
    }

    /// Whether (`due`, `document`) comes before this deadline's oldest item.
    @inline(__always)
    func isOlder(_ due: Day, _ document: String) -> Bool {
        due != dueDate ? due < dueDate : document < documentID
    }

    /// Adds another part's deadline for the same customer.
    mutating func merge(_ other: InsurerDeadline) {
        if isOlder(other.dueDate, other.documentID) {
            documentID = other.documentID
            dueDate = other.dueDate
            openAmount = other.openAmount
            disputed = other.disputed
        }
        overdueItems += other.overdueItems
        overdueAmount = overdueAmount + other.overdueAmount
        if let d = other.oldestUndisputedDue { oldestUndisputedDue = min(oldestUndisputedDue ?? d, d) }
        windowItems += other.windowItems
        windowAmount = windowAmount + other.windowAmount
        if let d = other.windowNotifyBy { windowNotifyBy = min(windowNotifyBy ?? d, d) }
    }
}

/// Collects the insurer deadlines, customer by customer, as overdue items of insured customers are posted.
public struct InsurerDeadlines: Sendable {
    public let policy: CreditPolicy
    public let asOf: Day
    /// The watchlist's notification window (`WatchlistRules.notifyWithinDays`); nil: no window.
    public let notifyWithinDays: Int?
    /// The deadlines so far, in no particular order, and where each customer's is (-1: none yet): a dense
    /// look-up, since every overdue insured item of the ledger comes here.
    private var deadlines: [InsurerDeadline] = []
    private var slot: [Int32] = []
    /// Whether `deadlines` is in the order `sorted` hands out (`putInOrder()`); adding to them breaks it.
    public private(set) var inOrder = false

    public init(policy: CreditPolicy, asOf: Day, notifyWithinDays: Int?) {
        self.policy = policy
        self.asOf = asOf
        self.notifyWithinDays = notifyWithinDays
    }

    /// Makes room for `customers` customers' places and for `insured` deadlines (one per insured customer at
    /// most), so that neither list grows while items are counted: grown by doubling, each growth copied the
    /// list and touched new pages (about a tenth of the run's page faults on the benchmark book).
    public mutating func reserve(customers: Int, insured: Int) {
        if slot.count < customers { slot += repeatElement(-1, count: customers - slot.count) }
        deadlines.reserveCapacity(insured)
    }

    /// Counts an overdue positive open item of an insured customer. `documentID` is asked for only when
    /// the item is the customer's oldest so far.
    @inline(__always)
    public mutating func add(customer c: Int32, dueDate due: Day, openAmount: Money, disputed: Bool, documentID: () -> String) {
        let policy = self.policy, asOf = self.asOf, within = notifyWithinDays
        func update(_ d: inout InsurerDeadline) {
            d.overdueItems += 1
            d.overdueAmount = d.overdueAmount + openAmount
            guard !disputed else { return }
            d.oldestUndisputedDue = min(d.oldestUndisputedDue ?? due, due)
            let notifyBy = due.adding(days: policy.notifyAfterDays), claim = due.adding(days: policy.claimAfterDays)
            if claim > asOf, let within, abs(asOf.days(to: notifyBy)) <= within {
                d.windowItems += 1
                d.windowAmount = d.windowAmount + openAmount
                d.windowNotifyBy = min(d.windowNotifyBy ?? notifyBy, notifyBy)
            }
        }
        let k = Int(c)
        inOrder = false
        if k >= slot.count { slot += repeatElement(-1, count: max(k + 1 - slot.count, slot.count)) }
        let s = Int(slot[k])
        if s >= 0 {
            deadlines.withUnsafeMutableBufferPointer { all in
                if due <= all[s].dueDate {
                    let id = documentID()
                    if all[s].isOlder(due, id) {
                        all[s].documentID = id
                        all[s].dueDate = due
                        all[s].openAmount = openAmount
                        all[s].disputed = disputed
                    }
                }
                update(&all[s])
            }
        } else {
            var d = InsurerDeadline(customerIndex: c, documentID: documentID(), dueDate: due, openAmount: openAmount, disputed: disputed)
            update(&d)
            slot[k] = Int32(deadlines.count)
            deadlines.append(d)
        }
    }

    /// Starts loading where customer `c`'s deadline is, for `prefetch(customer:)` a few items later.
    /// `mutating` though it changes nothing, as `prefetch(customer:)`.
    @inline(__always)
    public mutating func prefetchSlot(customer c: Int32) {
        let k = Int(c)
        guard k < slot.count else { return }
        slot.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + k) }
    }

    /// Starts loading customer `c`'s deadline, when it has one, a few items before it is counted: on a large
    /// book it is a cache miss otherwise. `mutating` though it changes nothing: called from another module on the
    /// deadlines inside a core's part, a non-mutating call was made on a copy of them (its lists retained and
    /// released) for every item (`perf`), as with `Ledger.prefetch(for:)`.
    @inline(__always)
    public mutating func prefetch(customer c: Int32) {
        let k = Int(c)
        guard k < slot.count else { return }
        let s = Int(slot[k])
        guard s >= 0 else { return }
        deadlines.withUnsafeBufferPointer { all in
            let entry = UnsafeRawPointer(all.baseAddress! + s)
            creditreport_prefetch(entry)
            creditreport_prefetch(entry + (MemoryLayout<InsurerDeadline>.stride - 1))
        }
    }

    /// Adds another part's deadlines (same policy and date).
    public mutating func merge(_ other: InsurerDeadlines) {
        // Into none yet (each input's part is merged into an empty collection): take the other's as they are,
        // rather than add its deadlines one by one.
        if deadlines.isEmpty {
            deadlines = other.deadlines
            slot = other.slot
            inOrder = other.inOrder
            return
        }
        if other.deadlines.isEmpty { return }
        if inOrder && other.inOrder {
            mergeInOrder(other)
            return
        }
        inOrder = false
        for d in other.deadlines {
            let k = Int(d.customerIndex)
            if k >= slot.count { slot += repeatElement(-1, count: k + 1 - slot.count) }
            if slot[k] >= 0 {
                deadlines[Int(slot[k])].merge(d)
            } else {
                slot[k] = Int32(deadlines.count)
                deadlines.append(d)
            }
        }
    }

    /// Forgets every customer's deadline (before they are counted again).
    public mutating func removeAll() {
        deadlines.removeAll()
        slot.removeAll()
        inOrder = false
    }

    /// A deadline's place in `sorted`'s order: due date, then customer (one deadline per customer, so no ties).
    @inline(__always)
    static func key(_ d: InsurerDeadline) -> UInt64 {
        UInt64(UInt32(bitPattern: d.dueDate.number) ^ 0x8000_0000) << 32 | UInt64(UInt32(bitPattern: d.customerIndex))
    }

    /// Puts the deadlines in `sorted`'s order, where they are kept: each core posting a part of a ledger does
    /// this for its own part when it is done, and two parts in order are merged in one pass (`merge`), so
    /// that `sorted` has nothing left to do. Merged and then sorted on one core after both cores were done,
    /// the deadlines took about 30 ms of the benchmark book's run, with the other core idle (`perf`).
    ///
    /// In place: the keys are sorted and the deadlines put in their order (`arrange(from:)`), so that no
    /// second list is made (7 MB a core, at the end of the items, where the run's memory peaks).
    public mutating func putInOrder() {
        guard !inOrder else { return }
        var keys = deadlines.map(InsurerDeadlines.key)
        keys.radixSort()
        // A key's low 32 bits are its customer, whose slot says where its deadline is now.
        var from = keys.map { slot[Int(UInt32(truncatingIfNeeded: $0))] }
        keys = []
        deadlines.arrange(from: &from)
        for i in deadlines.indices { slot[Int(deadlines[i].customerIndex)] = Int32(i) }
        inOrder = true
    }

    /// Merges two parts that are both in order, keeping the order: a single walk through both, in which a
    /// customer with a deadline in both is merged where the earlier of the two comes, and the later one is
    /// passed over. The merged deadline's due date is the earlier of the two, so its place is the earlier one's.
    /// Each customer is merged as `merge` merges it (this part's deadline taking the other's).
    private mutating func mergeInOrder(_ other: InsurerDeadlines) {
        let mySlot = slot, theirSlot = other.slot
        /// Where customer `c`'s deadline is in `slots`' part, -1 when it has none.
        @inline(__always) func place(_ c: Int32, in slots: UnsafeBufferPointer<Int32>) -> Int {
            Int(c) < slots.count ? Int(slots[Int(c)]) : -1
        }
        var merged: [InsurerDeadline] = []
        var newSlot = [Int32](repeating: -1, count: max(slot.count, other.slot.count))
        // Read in place through pointers, with each deadline's key made once (`key`) and compared from two small
        // lists rather than from the deadlines. What the merge waited for was the other part's deadline and
        // its place in the slots, read out of order: fetched ahead (`fetchAhead`), the merge of the benchmark
        // book's two parts took 18-20 ms on one core, against 22-29 ms.
        deadlines.withUnsafeBufferPointer { mine in other.deadlines.withUnsafeBufferPointer { theirs in
        mySlot.withUnsafeBufferPointer { mySlot in theirSlot.withUnsafeBufferPointer { theirSlot in
        newSlot.withUnsafeMutableBufferPointer { newSlot in
            let mineKeys = mine.map(InsurerDeadlines.key), theirKeys = theirs.map(InsurerDeadlines.key)
            // Room for exactly one deadline per customer of either part (the list is made while the parts are held).
            var onlyTheirs = 0
            for t in theirs.indices where place(theirs[t].customerIndex, in: mySlot) < 0 { onlyTheirs += 1 }
            merged.reserveCapacity(mine.count + onlyTheirs)
            // Each step reads the other part's deadline of the same customer, out of order: its place in the
            // slots is fetched 16 steps ahead, and the deadline 8 steps ahead (when its place has come).
            @inline(__always) func fetchAhead(_ k: Int, _ part: UnsafeBufferPointer<InsurerDeadline>,
                                              _ otherSlots: UnsafeBufferPointer<Int32>, _ otherPart: UnsafeBufferPointer<InsurerDeadline>) {
                if k + 16 < part.count {
                    let c = Int(part[k + 16].customerIndex)
                    if c < otherSlots.count { creditreport_prefetch(otherSlots.baseAddress! + c) }
                }
                if k + 8 < part.count {
                    let at = place(part[k + 8].customerIndex, in: otherSlots)
                    if at >= 0 { creditreport_prefetch(otherPart.baseAddress! + at) }
                }
            }
            var i = 0, j = 0
            while i < mine.count || j < theirs.count {
                let takeMine = j == theirs.count || (i < mine.count && mineKeys[i] <= theirKeys[j])
                var d: InsurerDeadline
                if takeMine {
                    fetchAhead(i, mine, theirSlot, theirs)
                    let m = i
                    i += 1
                    let t = place(mine[m].customerIndex, in: theirSlot)
                    if t >= 0 {
                        // Theirs came first (a smaller key) and was merged with this one then.
                        if theirKeys[t] < mineKeys[m] { continue }
                        d = mine[m]
                        d.merge(theirs[t])
                    } else {
                        d = mine[m]
                    }
                } else {
                    fetchAhead(j, theirs, mySlot, mine)
                    let t = j
                    j += 1
                    let m = place(theirs[t].customerIndex, in: mySlot)
                    if m >= 0 {
                        // Mine came first, or with the same key, and was merged with this one then.
                        if mineKeys[m] <= theirKeys[t] { continue }
                        d = mine[m]
                        d.merge(theirs[t])
                    } else {
                        d = theirs[t]
                    }
                }
                newSlot[Int(d.customerIndex)] = Int32(merged.count)
                merged.append(d)
            }
        } } } } }
        deadlines = merged
        slot = newSlot
    }

    /// One per customer, most urgent first (`InsurerDeadline.urgency`). The order is by due date, then
    /// customer, and no two deadlines share a customer: so one 64-bit key per deadline is sorted, not the
    /// deadlines themselves (moving 114,000 of them, a document id each, was 78 ms on one core).
    public var sorted: [InsurerDeadline] {
        if inOrder { return deadlines }
        var ordered = self
        ordered.putInOrder()
        return ordered.deadlines
    }
}
