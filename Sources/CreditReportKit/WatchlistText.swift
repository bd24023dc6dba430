import CreditCore

/// The words of a watchlist line: why the customer is on it and what to do, in the credit manager's terms
/// (docs/analytics.md: Watchlist).
enum WatchlistText {
    static func english(_ w: WatchlistEntry, policy: CreditPolicy, rules: WatchlistRules, asOf: Day, currency: String) -> (reason: String, action: String) {
        func amount(_ m: Money) -> String { "\(currency) \(NumberText.amount(m, decimals: 0))" }
        func items(_ n: Int) -> String { n == 1 ? "1 insured invoice" : "\(n) insured invoices" }
        switch w.rule {
        case .protractedDefault:
            let what = "\(amount(w.amount)) more than \(policy.protractedDefaultDays) days past due"
            if w.insured, let date = w.date {
                return w.claimable
                    ? ("\(what); insured, claimable since \(date.iso)", "File a protracted-default claim with the insurer")
                    : ("\(what); insured, a claim can be filed from \(date.iso)", "Prepare the protracted-default claim; keep collecting")
            }
            return ("\(what), not insured", "Start collection proceedings and provide for the loss")
        case .insurerNotification:
            guard let date = w.date else { return ("", "") }
            let left = asOf.days(to: date)
            let when = left < 0 ? "deadline passed \(-left) day\(-left == 1 ? "" : "s") ago (\(date.iso))"
                : left == 0 ? "deadline today (\(date.iso))" : "deadline \(date.iso), in \(left) day\(left == 1 ? "" : "s")"
            return ("\(items(w.items)) (\(amount(w.amount))) overdue: insurer notification \(when)",
                    left < 0 ? "Notify the insurer now and confirm the cover still holds" : "Notify the insurer by \(date.iso)")
        case .overLimit:
            return (w.ratio == nil ? "Over its credit limit of 0 by \(amount(w.amount))"
                        : "Over the credit limit by \(amount(w.amount)) (\(NumberText.percent(w.ratio, decimals: 0)) used)",
                    "Review the limit; hold new orders until exposure is back within it")
        case .largeDispute:
            return ("\(amount(w.amount)) in disputed invoices", "Resolve the dispute: disputed invoices are not insured")
        case .highRiskRising:
            let before = w.earlierExposure ?? .zero
            return ("High-risk country; exposure up from \(amount(before)) to \(amount(w.exposure)) in \(rules.risingDays ?? 30) days",
                    "Review before shipping more")
        case .singleNameConcentration:
            return ("\(NumberText.percent(w.ratio)) of the book's exposure", "Reduce the exposure or insure it")
        case .noLimit:
            return ("Exposure of \(amount(w.exposure)) with no credit limit", "Set a credit limit")
        }
    }
}
