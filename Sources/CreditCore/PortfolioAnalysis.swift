/// Every figure of the weekly report, computed from the posted ledger: pure, deterministic, no I/O.
public struct PortfolioAnalysis: Sendable {
    /// Breakdown dimensions of `concentration`, in report order.
    public static let dimensions = ["customer", "group", "industry", "country", "rating", "risk_grade"]

    public var asOf: Day
    public var policy: CreditPolicy
    public var summary: PortfolioSummary
    /// All customers, in input order.
    public var positions: [CustomerPosition]
    /// By dimension name (see `dimensions`).
    public var concentration: [String: Concentration]
    public var countryRisk: CountryRiskOverlay

    public init(customers: [Customer], ledger: Ledger, ratings: [String: String], scale: RatingScale = .oecd) {
        asOf = ledger.asOf
        policy = ledger.policy
        summary = PortfolioSummary(ledger: ledger)
        let positions = CustomerPosition.all(customers: customers, ledger: ledger)
        self.positions = positions
        var concentration: [String: Concentration] = [:]
        for d in Concentration.Dimension.allCases { concentration[d.rawValue] = Concentration(d, positions: positions) }
        var byRating: [String: Money] = [:]
        for p in positions where p.exposure.isPositive {
            byRating[CountryRiskOverlay.grade(of: p.customer, ratings: ratings, scale: scale), default: .zero] += p.exposure
        }
        concentration["rating"] = Concentration(exposures: byRating.map { ($0.key, $0.value) })
        self.concentration = concentration
        countryRisk = CountryRiskOverlay(positions: positions, ratings: ratings, scale: scale)
    }

    /// Customers with positive open items (exposure may still be 0 after credits).
    public var customersWithOpenItems: Int { positions.reduce(0) { $0 + ($1.hasOpenInvoices ? 1 : 0) } }

    /// The `n` customers with the largest exposure (ties by id), among those with open items.
    public func largestExposures(_ n: Int) -> [CustomerPosition] {
        let candidates = positions.indices.filter { positions[$0].hasOpenInvoices }
        let order = candidates.sorted {
            let a = positions[$0], b = positions[$1]
            return a.exposure != b.exposure ? a.exposure > b.exposure : a.customer.id < b.customer.id
        }
        return order.prefix(n).map { positions[$0] }
    }

    /// Customers over their limit, the largest excess first.
    public var breaches: [CustomerPosition] {
        positions.filter { $0.breach == true }.sorted {
            $0.excessOverLimit != $1.excessOverLimit ? $0.excessOverLimit > $1.excessOverLimit : $0.customer.id < $1.customer.id
        }
    }

    /// Customers with exposure and no usable limit.
    public var withoutLimit: [CustomerPosition] {
        positions.filter { $0.limitStatus == .noLimit }.sorted {
            $0.exposure != $1.exposure ? $0.exposure > $1.exposure : $0.customer.id < $1.customer.id
        }
    }
}
