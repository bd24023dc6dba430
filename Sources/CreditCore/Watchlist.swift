/// Which customers need action this week, and the thresholds that decide it (`watchlist:` in the config;
/// docs/analytics.md: Watchlist). A nil threshold or a false flag turns its rule off.
public struct WatchlistRules: Sendable, Equatable {
    public var protractedDefault = true
    /// Protracted default below this amount stays off the watchlist (residuals of short payments).
    public var protractedDefaultOver: Money = Money(whole: 5_000)
    /// Flag an insured item whose notification date is at most this many days ahead, or passed at most
    /// this many days ago.
    public var notifyWithinDays: Int? = 14
    public var overLimit = true
    /// Disputed amount at or above this (reporting currency).
    public var disputedOver: Money? = Money(whole: 10_000)
    /// Exposure rebuilt this many days back, for "rising exposure in a high-risk country".
    public var risingDays: Int? = WatchlistRules.defaultRisingDays
    public static let defaultRisingDays = 30
    /// How many days back the ledger rebuilds each customer's earlier exposure: `risingDays`, or its
    /// default when the rule is off (no line then shows it).
    public var earlierExposureDays: Int { risingDays ?? WatchlistRules.defaultRisingDays }
    /// Rising means more than this share above the earlier exposure.
    public var risingBy: Double = 0.10
    /// Single-name cap: e_c / E above it.
    public var singleNameCap: Double? = 0.10
    public var noLimit = true

    public init() {}
}

/// One reason a customer is on the watchlist, with the figures its wording needs.
public struct WatchlistEntry: Sendable, Equatable {
    /// In order of urgency.
    public enum Rule: String, Sendable, CaseIterable {
        case protractedDefault = "protracted_default"
        case insurerNotification = "insurer_notification"
        case overLimit = "over_limit"
        case largeDispute = "large_dispute"
        case highRiskRising = "high_risk_rising"
        case singleNameConcentration = "single_name_concentration"
        case noLimit = "no_limit"

        /// Position in the list's order (the order of the cases).
        var rank: Int {
            switch self {
            case .protractedDefault: return 0
            case .insurerNotification: return 1
            case .overLimit: return 2
            case .largeDispute: return 3
            case .highRiskRising: return 4
            case .singleNameConcentration: return 5
            case .noLimit: return 6
            }
        }
    }

    public var customerIndex: Int
    public var rule: Rule
    public var exposure: Money
    /// The amount the rule is about: items past their claim date or due for notification, excess over the
    /// limit, disputed amount, rise in exposure, exposure.
    public var amount: Money
    /// The date that matters: earliest claim date or notification date.
    public var date: Day?
    /// Items concerned (insurer rules).
    public var items: Int
    /// Share of the book (concentration) or utilisation (over limit).
    public var ratio: Double?
    /// Protracted default: whether the customer's protracted items are insured (claim) or not (collect, provide).
    public var insured: Bool
    /// Protracted default, insured: the claim can be filed now (`date` is the earliest claim date).
    public var claimable: Bool
    /// Exposure `rising_days` ago (high-risk rising).
    public var earlierExposure: Money?

    public init(customerIndex: Int, rule: Rule, exposure: Money, amount: Money, date: Day? = nil, items: Int = 0,
                ratio: Double? = nil, insured: Bool = false, claimable: Bool = false, earlierExposure: Money? = nil) {
        self.customerIndex = customerIndex
        self.rule = rule
        self.exposure = exposure
        self.amount = amount
        self.date = date
        self.items = items
        self.ratio = ratio
        self.insured = insured
        self.claimable = claimable
        self.earlierExposure = earlierExposure
    }
}

public enum Watchlist {
    /// Every customer and reason the rules flag, most urgent rule first, then by exposure and id.
    public static func entries(positions: [CustomerPosition], deadlines: [InsurerDeadline], earlierBalance: (Int) -> Money,
                               grades: [String], scale: RatingScale, totalExposure: Money, policy: CreditPolicy,
                               asOf: Day, rules: WatchlistRules) -> [WatchlistEntry] {
        var out: [WatchlistEntry] = []
        // Room for two lines per customer up front: growing the list by doubling held the old and the new
        // copy at once, at the run's peak; room not used is never touched and costs no memory.
        out.reserveCapacity(2 * positions.count)
        // Each customer's insurer deadline, found by its place in `deadlines` (4 bytes a customer; the two
        // tables of dates and amounts this replaced were 10 MB at the run's peak on 200,000 customers).
        var deadlineOf = [Int32](repeating: -1, count: positions.count)
        for (k, d) in deadlines.enumerated() { deadlineOf[Int(d.customerIndex)] = Int32(k) }
        // Each position read in place, field by field: taken whole (`for (c, p) in positions.enumerated()`),
        // each was copied, retaining and releasing the book it points into (`perf`).
        positions.withUnsafeBufferPointer { all in
            for c in all.indices {
                let p = all.baseAddress! + c
                let exposure = p.pointee.exposure, protracted = p.pointee.protractedDefault, disputed = p.pointee.disputed
                // Insurer dates: the claim date of the oldest undisputed item when it is protracted, and the items
                // whose notification date is near (ahead or just passed) while no claim can be filed yet.
                var claimFrom: Day? = nil
                var notify: (amount: Money, date: Day, items: Int)? = nil
                if deadlineOf[c] >= 0 {
                    let d = deadlines[Int(deadlineOf[c])]
                    if let due = d.oldestUndisputedDue, due.days(to: asOf) > policy.protractedDefaultDays {
                        claimFrom = due.adding(days: policy.claimAfterDays)
                    }
                    if d.windowItems > 0, let date = d.windowNotifyBy { notify = (d.windowAmount, date, d.windowItems) }
                }
                let insured = p.pointee.withCustomer { ($0.pointee.insuredLimit ?? .zero).isPositive }
                if rules.protractedDefault && protracted.isPositive && protracted >= rules.protractedDefaultOver {
                    if insured, let date = claimFrom {
                        out.append(WatchlistEntry(customerIndex: c, rule: .protractedDefault, exposure: exposure, amount: protracted,
                                                  date: date, insured: true, claimable: date <= asOf))
                    } else {
                        out.append(WatchlistEntry(customerIndex: c, rule: .protractedDefault, exposure: exposure, amount: protracted))
                    }
                }
                if insured, let x = notify {
                    out.append(WatchlistEntry(customerIndex: c, rule: .insurerNotification, exposure: exposure, amount: x.amount,
                                              date: x.date, items: x.items, insured: true))
                }
                if rules.overLimit && p.pointee.breach == true {
                    out.append(WatchlistEntry(customerIndex: c, rule: .overLimit, exposure: exposure, amount: p.pointee.excessOverLimit,
                                              ratio: p.pointee.utilisation))
                }
                if let threshold = rules.disputedOver, disputed.isPositive, disputed >= threshold {
                    out.append(WatchlistEntry(customerIndex: c, rule: .largeDispute, exposure: exposure, amount: disputed))
                }
                if rules.risingDays != nil, exposure.isPositive, scale.isHighRisk(grades[c]) {
                    let earlier = max(.zero, earlierBalance(c))
                    if exposure.doubleValue > earlier.doubleValue * (1 + rules.risingBy) {
                        out.append(WatchlistEntry(customerIndex: c, rule: .highRiskRising, exposure: exposure,
                                                  amount: exposure - earlier, earlierExposure: earlier))
                    }
                }
                if let cap = rules.singleNameCap, totalExposure.isPositive {
                    let share = exposure.ratio(to: totalExposure)
                    if share > cap {
                        out.append(WatchlistEntry(customerIndex: c, rule: .singleNameConcentration, exposure: exposure, amount: exposure,
                                                  ratio: share))
                    }
                }
                if rules.noLimit && p.pointee.limitStatus == .noLimit {
                    out.append(WatchlistEntry(customerIndex: c, rule: .noLimit, exposure: exposure, amount: exposure))
                }
            }
        }
        // A small key per line is sorted, then the lines are put in its order in place: sorting the lines
        // themselves moved 80 bytes at each step and read each line's rule and exposure from it. In place, as
        // a sorted copy (143,000 lines of 80 bytes, 11 MB, on the benchmark book) raised the run's
        // peak by 7 MiB.
        // Rule and exposure make one 64-bit key (the rule's rank in the top four bits, the exposure, largest first,
        // below), sorted a byte at a time (`RadixSort.order`); lines with the same key then go by exposure and
        // customer id. An exposure is at most the ledger's bound of 10^18 units, under the key's 2^60; one past
        // it (or below 0) shares the key's end and is still put in its place by the comparison among equal keys.
        // A comparison sort of the lines' keys was about 15 ms on the core the other waited for (`perf`).
        let exposureBits: Int64 = 1 << 60
        let keys = out.map { UInt64($0.rule.rank) << 60 | UInt64(exposureBits - 1 - min(max($0.exposure.units, 0), exposureBits - 1)) }
        var from = RadixSort.order(of: keys) { a, b in
            let x = out[Int(a)].exposure, y = out[Int(b)].exposure
            return x != y ? x > y : positions[out[Int(a)].customerIndex].customerID < positions[out[Int(b)].customerIndex].customerID
        }
        out.arrange(from: &from)
        return out
    }
}
