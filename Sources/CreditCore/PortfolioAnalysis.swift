import Dispatch

/// What the risk analytics say about one customer (docs/analytics.md), beside its `CustomerPosition`.
public struct CustomerRisk: Sendable, Equatable {
    public var collection: CollectionKPIs
    public var cover: InsuranceCover
    /// Grade of the customer's country on the rating scale, or `unrated`.
    public var grade: String
    public var ecl: Money
}

/// Every figure of the weekly report, computed from the posted ledger: pure, deterministic, no I/O.
public struct PortfolioAnalysis: Sendable {
    /// Breakdown dimensions of `concentration`, in report order.
    public static let dimensions = ["customer", "group", "industry", "country", "rating", "risk_grade"]

    public var asOf: Day
    public var policy: CreditPolicy
    public var summary: PortfolioSummary
    /// All customers, in input order.
    public var positions: [CustomerPosition]
    /// Per customer, same order as `positions`.
    public var risks: [CustomerRisk]
    /// By dimension name (see `dimensions`).
    public var concentration: [String: Concentration]
    public var countryRisk: CountryRiskOverlay
    public var collection: CollectionKPIs
    public var insured: Money
    public var indemnified: Money
    public var uninsured: Money
    public var insuredCustomers: Int
    /// Insured customers whose exposure exceeds their insured limit, largest shortfall first.
    public var shortfalls: [Int]
    /// Overdue items of insured customers, by notification date.
    public var deadlines: [InsurerDeadline]
    public var ecl: Money
    /// Customers with gross AR whose country has no rating (ECL multiplier 1).
    public var eclUnratedCustomers: Int
    public var rollRates: RollRates
    /// Portfolio ECL at the observed (roll-rate) loss rates; nil when a rate cannot be observed.
    public var eclAtObservedRates: Money?
    /// The book at the last 12 month-ends on or before D; its ECL is before country multipliers and insurance.
    public var trend: MonthEndTrend
    public var stress: [StressResult]
    public var watchlist: [WatchlistEntry]
    public var watchlistRules: WatchlistRules

    public init(customers: [Customer], ledger: Ledger, ratings: [String: String], scale: RatingScale = .oecd,
                deadlines: [InsurerDeadline] = [], stress scenarios: [StressScenario] = [], watchlist rules: WatchlistRules = WatchlistRules()) {
        self.init(customers: customers, ledger: ledger, ratings: ratings, scale: scale, makingDeadlines: { deadlines },
                  stress: scenarios, watchlist: rules)
    }

    /// `makingDeadlines` gives the insurer deadlines; it is called while the positions are made, on another core
    /// (the posting leaves the deadlines of its cores to be merged: `ItemPosting.Result.takeDeadlines`).
    public init(customers: [Customer], ledger: Ledger, ratings: [String: String], scale: RatingScale = .oecd,
                makingDeadlines: () -> [InsurerDeadline], stress scenarios: [StressScenario] = [],
                watchlist rules: WatchlistRules = WatchlistRules()) {
        asOf = ledger.asOf
        let policy = ledger.policy
        self.policy = policy
        var madeSummary: PortfolioSummary?, positions: [CustomerPosition] = [], deadlines: [InsurerDeadline] = []
        bothAtOnce({
            madeSummary = PortfolioSummary(ledger: ledger)
            positions = CustomerPosition.all(customers: customers, ledger: ledger)
        }, {
            deadlines = makingDeadlines()
        })
        let summary = madeSummary!
        self.summary = summary
        self.positions = positions
        // The figures below fall in two independent halves at each stage; each stage runs its halves at once.
        var concentration: [String: Concentration] = [:], moreConcentration: [String: Concentration] = [:]
        var grades: [String] = []
        var overlay: CountryRiskOverlay?
        // Customers, groups (one segment per customer, or nearly) and risk grades take about as long as the other
        // two dimensions, the customers' country grades and the country overlay together.
        bothAtOnce({
            for d in [Concentration.Dimension.customer, .group, .riskGrade] { concentration[d.rawValue] = Concentration(d, positions: positions) }
        }, {
            for d in [Concentration.Dimension.industry, .country] {
                moreConcentration[d.rawValue] = Concentration(d, positions: positions)
            }
            grades = CountryRiskOverlay.grades(of: customers, ratings: ratings, scale: scale)
            overlay = CountryRiskOverlay(positions: positions, ratings: ratings, scale: scale)
        })
        concentration.merge(moreConcentration) { a, _ in a }
        // By country rating: the overlay's exposure per grade, which is the sum of the customers' positive
        // exposures by their country's grade (summed again per customer, that was a hash look-up each, on one core).
        concentration["rating"] = Concentration(exposures: overlay!.byGrade.map { ($0.grade, $0.exposure) })
        self.concentration = concentration
        let countryRisk = overlay!
        self.countryRisk = countryRisk

        // Collection KPIs, per customer and for the book.
        let n = policy.dsoPeriodDays
        var risks: [CustomerRisk] = []
        risks.reserveCapacity(customers.count)
        // A customer's aging balances are read from the ledger where they are (no copy per customer).
        func eclOf(_ c: Int, rates: [Double], grade: String) -> Money {
            eclOf(c, rates: rates, multiplier: scale.multiplier(of: grade))
        }
        func eclOf(_ c: Int, rates: [Double], multiplier: Double) -> Money {
            Money(rounding: ExpectedCreditLoss.provisionMatrix(balances: ledger.agingBalances(of: c), lossRates: rates,
                                                                      multiplier: multiplier,
                                                                      insuredLimit: customers[c].insuredLimit,
                                                                      indemnity: policy.indemnity))
        }
        var insured = Money.zero, indemnified = Money.zero, uninsured = Money.zero, ecl = Money.zero
        var insuredCustomers = 0, unratedWithGross = 0
        var sales: Int64 = 0, arBegin: Int64 = 0, paid: Int64 = 0, paidDays = 0.0, paidLate = 0.0
        var eclAtObservedRates: Money?
        var rollRates: RollRates?
        var stress: [StressResult] = []
        var watchlist: [WatchlistEntry] = []
        var trend: MonthEndTrend?
        var shortfallOrder: [Int] = []
        let asOf = self.asOf
        bothAtOnce({
            let labels = policy.agingBuckets.labels
            let roll = RollRates(labels: labels, configured: policy.eclLossRates,
                                 balance: ledger.rollBalance.map(Money.init(units:)), stay: ledger.rollStay.map(Money.init(units:)),
                                 rolled: ledger.rollOn.map(Money.init(units:)), monthEnds: ledger.monthEnds)
            rollRates = roll
            // ECL at the observed rates is summed in the same pass (a second pass over the customers was a
            // sixth of computing the figures).
            let observed = roll.observedLossRates
            var observedTotal = Money.zero
            var byShortfall: [(shortfall: Int64, customer: Int)] = []
            // Each column's view is made once, not at every use in the loop.
            let openBalance = ledger.openBalance, salesOf = ledger.sales, arBeginOf = ledger.arBegin
            let paidAmount = ledger.paidAmount, paidAmountDays = ledger.paidAmountDays, paidAmountDaysLate = ledger.paidAmountDaysLate
            for c in customers.indices {
                // Fields read one by one: `let p = positions[c]` copied the position, retaining and releasing the
                // book it points into.
                let exposure = positions[c].exposure, disputed = positions[c].disputed
                let insuredLimit = customers[c].insuredLimit
                let kpis = CollectionKPIs(asOf: asOf, periodDays: n, ceiSales: policy.ceiSales,
                                          netAR: Money(units: openBalance[c]), notDue: ledger.bucket(0, of: c),
                                          sales: Money(units: salesOf[c]), arBegin: Money(units: arBeginOf[c]),
                                          monthlySales: ledger.monthlySales(of: c),
                                          paid: (Money(units: paidAmount[c]), Double(paidAmountDays[c]) / Double(Money.scale),
                                                 Double(paidAmountDaysLate[c]) / Double(Money.scale)))
                sales += salesOf[c]; arBegin += arBeginOf[c]; paid += paidAmount[c]
                paidDays += Double(paidAmountDays[c]); paidLate += Double(paidAmountDaysLate[c])
                let cover = InsuranceCover(exposure: exposure, disputed: disputed, insuredLimit: insuredLimit,
                                           indemnity: policy.indemnity)
                if (insuredLimit ?? .zero).isPositive { insuredCustomers += 1 }
                if cover.shortfall.isPositive { byShortfall.append((cover.shortfall.units, c)) }
                insured += cover.insured; indemnified += cover.indemnified; uninsured += cover.uninsured
                let multiplier = scale.multiplier(of: grades[c])
                let customerECL = eclOf(c, rates: policy.eclLossRates, multiplier: multiplier)
                ecl += customerECL
                if let observed { observedTotal += eclOf(c, rates: observed, multiplier: multiplier) }
                if positions[c].grossOpen.isPositive && grades[c] == CountryRiskOverlay.unrated { unratedWithGross += 1 }
                risks.append(CustomerRisk(collection: kpis, cover: cover, grade: grades[c], ecl: customerECL))
            }
            if observed != nil { eclAtObservedRates = observedTotal }
            // Put in order here, where this half has time to spare (comparing through the customers' risks read a
            // large record at each step, after both halves were done): the largest shortfall first as one key
            // each, sorted a byte at a time (`RadixSort.order`), ties by customer id.
            let keys = byShortfall.map { UInt64.max - UInt64($0.shortfall) }
            shortfallOrder = RadixSort.order(of: keys) { customers[byShortfall[Int($0)].customer].id < customers[byShortfall[Int($1)].customer].id }
                .map { byShortfall[Int($0)].customer }

            // Stress: the same overlay and ECL with downgraded grades.
            let before = StressResult.Figures(highRiskExposure: countryRisk.highRiskExposure, averageScore: countryRisk.averageScore, ecl: ecl)
            stress = scenarios.map { scenario in
                let (stressed, moved) = scenario.stressed(ratings, scale: scale)
                let overlay = CountryRiskOverlay(positions: positions, ratings: stressed, scale: scale)
                var stressedECL = Money.zero
                let stressedGrades = CountryRiskOverlay.grades(of: customers, ratings: stressed, scale: scale)
                for c in customers.indices {
                    let grade = stressedGrades[c]
                    stressedECL += grade == grades[c] ? risks[c].ecl : eclOf(c, rates: policy.eclLossRates, grade: grade)
                }
                return StressResult(scenario: scenario, moved: moved, before: before,
                                    after: .init(highRiskExposure: overlay.highRiskExposure, averageScore: overlay.averageScore, ecl: stressedECL),
                                    overlayAfter: overlay)
            }
        }, {
            trend = MonthEndTrend(ledger: ledger)
            watchlist = Watchlist.entries(positions: positions, deadlines: deadlines,
                                          earlierBalance: { Money(units: ledger.earlierBalance[$0]) }, grades: grades, scale: scale,
                                          totalExposure: summary.totalExposure, policy: policy, asOf: asOf, rules: rules)
        })
        self.risks = risks
        self.insured = insured
        self.indemnified = indemnified
        self.uninsured = uninsured
        self.insuredCustomers = insuredCustomers
        self.ecl = ecl
        eclUnratedCustomers = unratedWithGross
        shortfalls = shortfallOrder
        // Usually handed over in order already: then shared, not copied (a copy was 12 MB on a large book).
        // Checked in place: zipped, each deadline was copied twice (a document id each), on one core.
        let inOrder = deadlines.withUnsafeBufferPointer { all in
            all.indices.dropFirst().allSatisfy { !InsurerDeadline.urgency(all[$0], all[$0 - 1]) }
        }
        self.deadlines = inOrder ? deadlines : deadlines.sorted(by: InsurerDeadline.urgency)

        // The book's monthly sales, month of D first, back to the first month with an item.
        let asOfSlot = Ledger.monthNumber(asOf) - Ledger.firstMonthNumber
        let firstSlot = max(0, ledger.firstItemMonth == Int.max ? asOfSlot : ledger.firstItemMonth - Ledger.firstMonthNumber)
        let bookMonthly = asOfSlot >= firstSlot && asOfSlot < ledger.portfolioMonthlySales.count
            ? stride(from: asOfSlot, through: firstSlot, by: -1).map { Money(units: ledger.portfolioMonthlySales[$0]) } : []
        collection = CollectionKPIs(asOf: asOf, periodDays: n, ceiSales: policy.ceiSales, netAR: summary.netAR,
                                    notDue: summary.aging.first?.amount ?? .zero, sales: Money(units: sales),
                                    arBegin: Money(units: arBegin), monthlySales: bookMonthly,
                                    paid: (Money(units: paid), paidDays / Double(Money.scale), paidLate / Double(Money.scale)))
        self.rollRates = rollRates!
        self.eclAtObservedRates = eclAtObservedRates
        self.trend = trend!
        self.stress = stress
        watchlistRules = rules
        self.watchlist = watchlist
    }

    // The lists below are read through the customers' places, a field at a time: iterated as values (`reduce`,
    // `filter`), each position was copied, retaining and releasing the book it points into (`perf`).

    /// Customers with positive open items (exposure may still be 0 after credits).
    public var customersWithOpenItems: Int { positions.indices.reduce(0) { $0 + (positions[$1].hasOpenInvoices ? 1 : 0) } }

    /// The `n` customers with the largest exposure (ties by id), among those with open items.
    public func largestExposures(_ n: Int) -> [CustomerPosition] { largestExposurePlaces(n).map { positions[$0] } }

    /// `largestExposures` as places in `positions` (and `risks`).
    public func largestExposurePlaces(_ n: Int) -> [Int] {
        positions.indices.lazy.filter { positions[$0].hasOpenInvoices }.first(n) { a, b in
            positions[a].exposure != positions[b].exposure ? positions[a].exposure > positions[b].exposure : id(a) < id(b)
        }
    }

    /// How many customers are over their limit, and by how much in all.
    public var breachCount: Int { positions.indices.reduce(0) { $0 + (positions[$1].breach == true ? 1 : 0) } }
    public var totalExcessOverLimit: Money {
        positions.indices.reduce(Money.zero) { positions[$1].breach == true ? $0 + positions[$1].excessOverLimit : $0 }
    }

    /// The first `n` customers over their limit, the largest excess first (ties by id).
    public func breaches(first n: Int) -> [CustomerPosition] {
        positions.indices.lazy.filter { positions[$0].breach == true }.first(n) { a, b in
            let x = positions[a].excessOverLimit, y = positions[b].excessOverLimit
            return x != y ? x > y : id(a) < id(b)
        }.map { positions[$0] }
    }

    /// How many customers have exposure and no usable limit, and the first `n` of them, the largest exposure first.
    public var withoutLimitCount: Int { positions.indices.reduce(0) { $0 + (positions[$1].limitStatus == .noLimit ? 1 : 0) } }
    public func withoutLimit(first n: Int) -> [CustomerPosition] {
        positions.indices.lazy.filter { positions[$0].limitStatus == .noLimit }.first(n) { a, b in
            positions[a].exposure != positions[b].exposure ? positions[a].exposure > positions[b].exposure : id(a) < id(b)
        }.map { positions[$0] }
    }

    private func id(_ c: Int) -> String { positions[c].customerID }
}

/// Runs `first` and `second` at the same time, on two cores when there are two; returns when both are done.
/// The caller sees to it that they do not write what the other reads or writes.
func bothAtOnce(_ first: () -> Void, _ second: () -> Void) {
    /// A job handed to the other thread; safe because each job's variables are its own (see above).
    struct Job: @unchecked Sendable { let run: () -> Void }
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let jobs = [Job(run: first), Job(run: second)]
            DispatchQueue.concurrentPerform(iterations: 2) { jobs[$0].run() }
        }
    }
}

extension Sequence {
    /// The first `n` elements in the order `precedes` gives, exactly as `sorted(by: precedes).prefix(n)` has
    /// them (equal elements keep their order), without sorting the rest: the reports list the top 10 to 50
    /// of what can be 200,000 customers, and sorting them all was most of the time of building the report.
    func first(_ n: Int, by precedes: (Element, Element) -> Bool) -> [Element] {
        guard n > 0 else { return [] }
        if n > 4096 { return Array(sorted(by: precedes).prefix(n)) }
        var top: [Element] = []
        for e in self {
            if top.count == n {
                guard precedes(e, top[n - 1]) else { continue }
                top.removeLast()
            }
            // After every element it does not precede (a stable insertion).
            var lo = 0, hi = top.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if precedes(e, top[mid]) { hi = mid } else { lo = mid + 1 }
            }
            top.insert(e, at: lo)
        }
        return top
    }
}
