/// One row of the AR ledger, converted to the reporting currency. Holds no strings so that ingestion can
/// post millions of them without allocating: the customer is an index into the portfolio's customers.
public struct OpenItem: Sendable, Equatable {
    public var customerIndex: Int32
    public var type: DocumentType?
    public var documentDate: Day
    public var dueDate: Day?
    /// Original document amount (reporting currency); what sales-based KPIs count.
    public var amount: Money
    /// Amount still open at the as-of date (reporting currency): positive owed, negative credits.
    public var openAmount: Money
    public var clearedDate: Day?
    public var disputed: Bool

    public init(customerIndex: Int32, type: DocumentType? = .invoice, documentDate: Day, dueDate: Day? = nil,
                amount: Money, openAmount: Money, clearedDate: Day? = nil, disputed: Bool = false) {
        self.customerIndex = customerIndex
        self.type = type
        self.documentDate = documentDate
        self.dueDate = dueDate
        self.amount = amount
        self.openAmount = openAmount
        self.clearedDate = clearedDate
        self.disputed = disputed
    }

    /// The due date METRICS.md ages by: the stated due date, else document date + the customer's payment
    /// terms, else the document date.
    public func effectiveDueDate(paymentTermsDays: Int?) -> Day {
        if let dueDate { return dueDate }
        if let paymentTermsDays { return documentDate.adding(days: paymentTermsDays) }
        return documentDate
    }
}
