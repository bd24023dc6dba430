import CPrefetch

/// One customer's exposure against its credit limit (METRICS.md: credit limits; "Exact readings: Limits").
public struct CustomerPosition: Sendable, Equatable {
    public enum LimitStatus: String, Sendable {
        case within
        case breach
        /// Exposure but no usable limit.
        case noLimit = "no limit"
        /// Neither exposure nor limit: nothing to say.
        case none
    }

    /// The customer, read where the book keeps it: a position holds the book's list and its place in it, not
    /// a copy of the customer (on a 200,000-customer book the copies were 35 MB at the run's peak).
    public var customer: Customer {
        _read { yield book.customers[Int(slot)] }
    }
    /// Calls `body` with the address of the customer in the book, valid during the call, so that reading
    /// one field (`$0.pointee.id`) takes that field alone. `let c = position.customer` copies the customer (a
    /// retain and a release of each of its texts), and so did handing it to a closure as a value: for the
    /// million lines of a large book's metrics.json that was a tenth of writing it.
    /// Inlinable: called from other modules unspecialised, the generic took run-time metadata look-ups for
    /// every line of metrics.json (a twelfth of writing it, `perf`).
    @inlinable @inline(__always)
    public func withCustomer<R>(_ body: (UnsafePointer<Customer>) -> R) -> R {
        book.customers.withUnsafeBufferPointer { body($0.baseAddress! + slot) }
    }
    /// Starts loading the customer's record where the book keeps it, a few lines before one is written about it
    /// (`metrics.json` lists the watchlist and the insurer deadlines by urgency, not by customer).
    public func prefetchCustomer() {
        book.customers.withUnsafeBufferPointer { creditreport_prefetch($0.baseAddress! + slot) }
    }
    /// The customer's id, read in place (`withCustomer`): ranking and tie-breaking read it for a few
    /// positions of many.
    @inlinable
    public var customerID: String { withCustomer { $0.pointee.id } }
    @usableFromInline let book: SharedCustomers
    @usableFromInline let slot: Int
    public var exposure: Money
    public var grossOpen: Money
    public var overdue: Money
    public var protractedDefault: Money
    public var disputed: Money
    /// e_c / limit; nil when there is no limit or the limit is 0.
    public var utilisation: Double?
    /// e_c > limit; nil when there is no limit.
    public var breach: Bool?

    public var limitStatus: LimitStatus {
        if let breach { return breach ? .breach : .within }
        return exposure.isPositive ? .noLimit : .none
    }
    /// Owes something on open invoices (its exposure may still be 0 after credits).
    public var hasOpenInvoices: Bool { grossOpen.isPositive }

    /// How far over the limit; zero when within or no limit.
    public var excessOverLimit: Money {
        guard let limit = customer.creditLimit, exposure > limit else { return .zero }
        return exposure - limit
    }

    public init(customer: Customer, index c: Int, ledger: Ledger) {
        self.init(book: SharedCustomers([customer]), slot: 0, index: c, ledger: ledger)
    }

    /// The position of `book.customers[slot]`, whose totals are the ledger's customer `c`.
    init(book: SharedCustomers, slot: Int, index c: Int, ledger: Ledger) {
        self.book = book
        self.slot = slot
        let customer = book.customers[slot]
        exposure = ledger.exposure(of: c)
        grossOpen = Money(units: ledger.grossOpen[c])
        overdue = Money(units: ledger.overdue[c])
        protractedDefault = Money(units: ledger.protractedDefault[c])
        disputed = Money(units: ledger.disputed[c])
        if let limit = customer.creditLimit {
            // The quotient of the two exact amounts, rounded once (each amount as a Double first gave 0.29966699999999996 for 0.299667).
            utilisation = limit.isPositive ? Double(exposure.units) / Double(limit.units) : nil
            breach = exposure > limit
        } else {
            utilisation = nil
            breach = nil
        }
    }

    /// Positions of all customers, in input order.
    public static func all(customers: [Customer], ledger: Ledger) -> [CustomerPosition] {
        let book = SharedCustomers(customers)
        return customers.indices.map { CustomerPosition(book: book, slot: $0, index: $0, ledger: ledger) }
    }

    public static func == (a: CustomerPosition, b: CustomerPosition) -> Bool {
        a.customer == b.customer && a.exposure == b.exposure && a.grossOpen == b.grossOpen && a.overdue == b.overdue
            && a.protractedDefault == b.protractedDefault && a.disputed == b.disputed && a.utilisation == b.utilisation
            && a.breach == b.breach
    }
}

/// A book's customers, shared by the positions made from it.
@usableFromInline
final class SharedCustomers: Sendable {
    @usableFromInline let customers: [Customer]
    init(_ customers: [Customer]) { self.customers = customers }
}
