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

    public var customer: Customer
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
        self.customer = customer
        exposure = ledger.exposure(of: c)
        grossOpen = Money(units: ledger.grossOpen[c])
        overdue = Money(units: ledger.overdue[c])
        protractedDefault = Money(units: ledger.protractedDefault[c])
        disputed = Money(units: ledger.disputed[c])
        if let limit = customer.creditLimit {
            utilisation = limit.isPositive ? exposure.doubleValue / limit.doubleValue : nil
            breach = exposure > limit
        } else {
            utilisation = nil
            breach = nil
        }
    }

    /// Positions of all customers, in input order.
    public static func all(customers: [Customer], ledger: Ledger) -> [CustomerPosition] {
        customers.indices.map { CustomerPosition(customer: customers[$0], index: $0, ledger: ledger) }
    }
}
