/// How concentrated exposure is over the segments of one dimension (METRICS.md: Concentration).
public struct Concentration: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var key: String
        public var exposure: Money
        public var share: Double
    }

    /// The dimensions the report breaks exposure down by.
    public enum Dimension: String, Sendable, CaseIterable {
        case customer, group, industry, country
        case riskGrade = "risk_grade"

        /// The segment a customer falls in; a customer without a group is its own group.
        public func key(of customer: Customer) -> String {
            switch self {
            case .customer: return customer.id
            case .group: return customer.groupID ?? customer.id
            case .industry: return customer.industry ?? Concentration.noneKey
            case .country: return customer.country ?? Concentration.noneKey
            case .riskGrade: return customer.riskGrade ?? Concentration.noneKey
            }
        }
    }

    public static let noneKey = "(none)"
    /// How many of the largest segments `top` keeps.
    public static let topCount = 20

    /// K: segments with exposure > 0.
    public var segmentCount: Int
    public var total: Money
    /// Σ s², 0..1; nil when nothing is exposed.
    public var hhi: Double?
    public var normalisedHHI: Double?
    public var effectiveNumber: Double?
    public var gini: Double?
    public var cr1: Double?, cr5: Double?, cr10: Double?, cr20: Double?
    /// The largest segments, ties broken by key.
    public var top: [Segment]

    /// From segment exposures; segments with exposure ≤ 0 do not count.
    public init(exposures: [(key: String, exposure: Money)], topCount: Int = Concentration.topCount) {
        let positive = exposures.filter { $0.exposure.isPositive }
        self.init(amounts: positive.map(\.exposure.units),
                  top: positive.first(topCount) { $0.exposure != $1.exposure ? $0.exposure > $1.exposure : $0.key < $1.key })
    }

    /// From the amounts of the segments with exposure > 0, in any order, and the largest segments with their
    /// keys, in order (ties by key). The figures need the exposures in order, not the keys: the amounts alone
    /// are sorted (equal amounts are the same numbers whatever their keys), and only the top segments carry
    /// their keys. Sorting every segment by amount and key was a third of computing the figures on a
    /// 200,000-customer book.
    init(amounts: [Int64], top largest: [(key: String, exposure: Money)]) {
        var amounts = amounts
        amounts.radixSortDescending()
        let k = amounts.count
        let total = Money(units: amounts.reduce(0, &+))
        self.segmentCount = k
        self.total = total
        guard k > 0 else {
            top = []
            return
        }
        let t = total.doubleValue
        let shares = amounts.map { Money(units: $0).ratio(to: total) }
        let hhi = shares.reduce(0) { $0 + $1 * $1 }
        self.hhi = hhi
        normalisedHHI = k == 1 ? 0 : (hhi - 1 / Double(k)) / (1 - 1 / Double(k))
        effectiveNumber = 1 / hhi
        func cr(_ n: Int) -> Double { k <= n ? 1 : shares.prefix(n).reduce(0, +) }
        cr1 = cr(1); cr5 = cr(5); cr10 = cr(10); cr20 = cr(20)
        // Σ_i Σ_j |x_i − x_j| = 2 Σ_i (2i − K − 1) x_(i) over x ascending, i = 1…K: O(K log K), not O(K²).
        var weighted = 0.0
        for (i, x) in amounts.reversed().enumerated() {
            weighted += Double(2 * (i + 1) - k - 1) * Money(units: x).doubleValue
        }
        let mean = t / Double(k)
        gini = (2 * weighted) / (2 * Double(k * k) * mean)
        top = zip(largest, shares).map { Segment(key: $0.key, exposure: $0.exposure, share: $1) }
    }

    /// Concentration of customer exposures `e_c` grouped by `dimension`.
    public init(_ dimension: Dimension, positions: [CustomerPosition], topCount: Int = Concentration.topCount) {
        // Customers are their own segments (their ids are unique), and so is every customer outside a group
        // unless a group bears its id: no table of a key per customer is built (a third of computing the
        // figures on a 200,000-customer book). Such segments are kept as the customers' places, their ids read
        // only to rank the largest; and positions are read field by field (a position taken whole, as `for p in
        // positions` does, retained and released the book it points into). A list of every customer's id and
        // exposure, copied twice more, was 40% of computing the figures on that book (`perf`).
        func exposure(_ c: Int) -> Money { positions[c].exposure }
        func id(_ c: Int) -> String { positions[c].customerID }
        var own: [Int] = []
        var sums: [String: Money] = [:]
        switch dimension {
        case .customer:
            own.reserveCapacity(positions.count)
            for c in positions.indices where exposure(c).isPositive { own.append(c) }
        case .group:
            for c in positions.indices where exposure(c).isPositive {
                if let group = positions[c].withCustomer({ $0.pointee.groupID }) { sums[group, default: .zero] += exposure(c) }
            }
            for c in positions.indices where exposure(c).isPositive && positions[c].withCustomer({ $0.pointee.groupID == nil }) {
                if !sums.isEmpty, case let key = id(c), sums[key] != nil { sums[key]! += exposure(c) } else { own.append(c) }
            }
        default:
            for c in positions.indices where exposure(c).isPositive {
                sums[positions[c].withCustomer { dimension.key(of: $0.pointee) }, default: .zero] += exposure(c)
            }
        }
        var amounts: [Int64] = []
        amounts.reserveCapacity(own.count + sums.count)
        for c in own { amounts.append(exposure(c).units) }
        for x in sums.values { amounts.append(x.units) }     // sums of exposures > 0
        let ownTop = own.first(topCount) { a, b in exposure(a) != exposure(b) ? exposure(a) > exposure(b) : id(a) < id(b) }
        let candidates = ownTop.map { (key: id($0), exposure: exposure($0)) } + sums.map { (key: $0.key, exposure: $0.value) }
        self.init(amounts: amounts, top: candidates.first(topCount) { $0.exposure != $1.exposure ? $0.exposure > $1.exposure : $0.key < $1.key })
    }
}
