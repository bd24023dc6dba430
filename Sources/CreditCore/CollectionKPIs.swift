/// How fast a customer (or the whole book) pays: DSO and its variants, CEI, days to pay
/// (METRICS.md: Sales-based KPIs; docs/analytics.md: Collection KPIs). Every figure is nil when the
/// history cannot give it — never 0 in its place.
public struct CollectionKPIs: Sendable, Equatable {
    public var periodDays: Int
    public var ceiSales: CreditPolicy.CEISales
    /// Credit sales in the period.
    public var sales: Money
    public var arBegin: Money
    public var dso: Double?
    public var bestPossibleDSO: Double?
    public var averageDaysDelinquent: Double?
    /// Percent (79.63), as METRICS.md writes it.
    public var cei: Double?
    public var countBackDSO: Double?
    public var averageDaysToPay: Double?
    public var averageDaysBeyondTerms: Double?

    /// - Parameters:
    ///   - netAR: net AR at D; `notDue`: the positive not-due bucket at D.
    ///   - monthlySales: credit sales of the month of D, then of each month before it, as far back as the
    ///     history goes (count-back DSO gives nil when net AR is not used up by then).
    ///   - paid: over sales cleared in the period, Σ amount, Σ amount × days to pay, Σ amount × days beyond terms.
    public init(asOf: Day, periodDays n: Int, ceiSales: CreditPolicy.CEISales, netAR: Money, notDue: Money, sales: Money,
                arBegin: Money, monthlySales: [Money], paid: (amount: Money, amountDays: Double, amountDaysLate: Double)) {
        periodDays = n
        self.ceiSales = ceiSales
        self.sales = sales
        self.arBegin = arBegin
        let s = sales.doubleValue
        if sales != .zero {
            let dso = netAR.doubleValue / s * Double(n)
            let best = notDue.doubleValue / s * Double(n)
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
    public static func countBack(netAR: Money, asOf: Day, monthlySales: [Money]) -> Double? {
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
