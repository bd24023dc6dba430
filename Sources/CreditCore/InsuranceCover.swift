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

/// One overdue open item of an insured customer, with the insurer's dates (docs/analytics.md: Insurer
/// deadlines). Ingestion keeps these few items; every other item is forgotten once posted.
public struct InsurerDeadline: Sendable, Equatable {
    public var customerIndex: Int32
    public var documentID: String
    public var dueDate: Day
    public var openAmount: Money
    public var disputed: Bool
    /// Where the item was read, so that a repeated document found later can be taken back out: the input
    /// (its index) and the position in it — the line of a CSV file, the record number of an XML input (the
    /// files of a folder all start their document on the same line).
    public var file: Int
    public var position: Int

    public init(customerIndex: Int32, documentID: String, dueDate: Day, openAmount: Money, disputed: Bool, file: Int = 0, position: Int = 0) {
        self.customerIndex = customerIndex
        self.documentID = documentID
        self.dueDate = dueDate
        self.openAmount = openAmount
        self.disputed = disputed
        self.file = file
        self.position = position
    }

    public func daysPastDue(asOf: Day) -> Int { dueDate.days(to: asOf) }
    public func notifyBy(_ policy: CreditPolicy) -> Day { dueDate.adding(days: policy.notifyAfterDays) }
    public func claimFrom(_ policy: CreditPolicy) -> Day { dueDate.adding(days: policy.claimAfterDays) }

    /// The order the report lists them in: notification date, then customer (input order), then document.
    public static func urgency(_ a: InsurerDeadline, _ b: InsurerDeadline) -> Bool {
        if a.dueDate != b.dueDate { return a.dueDate < b.dueDate }
        if a.customerIndex != b.customerIndex { return a.customerIndex < b.customerIndex }
        return a.documentID < b.documentID
    }
}
