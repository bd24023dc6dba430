/// How fast a customer (or the whole book) pays: DSO and its variants, CEI, days to pay
/// (METRICS.md: Sales-based KPIs; docs/analytics.md: Collection KPIs). Every figure is nil when the
/// history cannot give it — never 0 in its place.
public struct CollectionKPIs: Sendable, Equatable {
    public var periodDays: Int
    public var ceiSales: CreditPolicy.CEISales
    /// Credit sales in the period.
    public var sales: Money
    public var arBegin: Money
    public var dso: Double? { get { figure(0) } set { set(0, newValue) } }
    public var bestPossibleDSO: Double? { get { figure(1) } set { set(1, newValue) } }
    public var averageDaysDelinquent: Double? { get { figure(2) } set { set(2, newValue) } }
    /// Percent (79.63), as METRICS.md writes it.
    public var cei: Double? { get { figure(3) } set { set(3, newValue) } }
    public var countBackDSO: Double? { get { figure(4) } set { set(4, newValue) } }
    public var averageDaysToPay: Double? { get { figure(5) } set { set(5, newValue) } }
    public var averageDaysBeyondTerms: Double? { get { figure(6) } set { set(6, newValue) } }

    /// The seven figures above, NaN for none: a `Double?` takes 16 bytes, and there is a set per customer
    /// (on a 200,000-customer book this halves them, 11 MB at the run's peak).
    private var figures: (Double, Double, Double, Double, Double, Double, Double) = (.nan, .nan, .nan, .nan, .nan, .nan, .nan)

    @inline(__always)
    private func figure(_ k: Int) -> Double? {
        let v = withUnsafeBytes(of: figures) { $0.load(fromByteOffset: k * 8, as: Double.self) }
        return v.isNaN ? nil : v
    }

    @inline(__always)
    private mutating func set(_ k: Int, _ v: Double?) {
        withUnsafeMutableBytes(of: &figures) { $0.storeBytes(of: v ?? .nan, toByteOffset: k * 8, as: Double.self) }
    }

    public static func == (a: CollectionKPIs, b: CollectionKPIs) -> Bool {
        a.periodDays == b.periodDays && a.ceiSales == b.ceiSales && a.sales == b.sales && a.arBegin == b.arBegin
            && (0..<7).allSatisfy { a.figure($0) == b.figure($0) }
    }

    /// - Parameters:
    ///   - netAR: net AR at D; `notDue`: the positive not-due bucket at D.
    ///   - monthlySales: credit sales of the month of D, then of each month before it, as far back as the
    ///     history goes (count-back DSO gives nil when net AR is not used up by then).
    ///   - paid: over sales cleared in the period, Σ amount, Σ amount × days to pay, Σ amount × days beyond terms.
    public init(asOf: Day, periodDays n: Int, ceiSales: CreditPolicy.CEISales, netAR: Money, notDue: Money, sales: Money,
                arBegin: Money, monthlySales: some Sequence<Money>, paid: (amount: Money, amountDays: Double, amountDaysLate: Double)) {
        periodDays = n
        self.ceiSales = ceiSales
        self.sales = sales
        self.arBegin = arBegin
        let s = sales.doubleValue
        if sales != .zero {
            let dso = netAR.ratio(to: sales) * Double(n)
            let best = notDue.ratio(to: sales) * Double(n)
            self.dso = dso
            bestPossibleDSO = best
            averageDaysDelinquent = dso - best
        }
        let ceiS = ceiSales == .period ? s : s / (Double(n) / 30)
        let denominator = arBegin.doubleValue + ceiS - notDue.doubleValue
        if denominator != 0 {
            cei = (arBegin.doubleValue + ceiS - netAR.doubleValue) / denominator * 100
        }
        countBackDSO = CollectionKPIs.countBack(netAR: netAR, asOf: asOf, monthlySales: monthlySales)
        if paid.amount != .zero {
            averageDaysToPay = paid.amountDays / paid.amount.doubleValue
            averageDaysBeyondTerms = paid.amountDaysLate / paid.amount.doubleValue
        }
    }

    /// Count-back DSO: walk back month by month from D, taking each month's sales off net AR; full months
    /// add their days, the last one `remaining / its sales × its days`. The month of D counts days 1…D.
    public static func countBack(netAR: Money, asOf: Day, monthlySales: some Sequence<Money>) -> Double? {
        guard netAR.isPositive else { return 0 }
        var remaining = netAR.units
        var days = 0
        let today = asOf.civil
        var (y, m) = (today.year, today.month)
        var monthDays = today.day
        for monthSales in monthlySales {
            let s = monthSales.units
            if remaining > s {
                remaining -= s
                days += monthDays
            } else {
                return Double(days) + Double(remaining) / Double(s) * Double(monthDays)
            }
            if m == 1 { y -= 1; m = 12 } else { m -= 1 }
            monthDays = Day.daysIn(month: m, year: y)
        }
        return nil
    }
}
