import CreditCore

/// The words of a watchlist line: why the customer is on it and what to do, in the credit manager's terms
/// (docs/analytics.md: Watchlist), in the report's language (`strings/<lang>/watchlist.yml`).
enum WatchlistText {
    static func text(_ w: WatchlistEntry, _ t: ReportStrings, policy: CreditPolicy, rules: WatchlistRules, asOf: Day,
                     currency: String) -> (reason: String, action: String) {
        func amount(_ m: Money) -> String { "\(currency) \(NumberText.amount(m, decimals: 0))" }
        switch w.rule {
        case .protractedDefault:
            let what = t("watch.protracted", ["amount": amount(w.amount), "days": String(policy.protractedDefaultDays)])
            if w.insured, let date = w.date {
                return w.claimable
                    ? (t("watch.protracted.claimable", ["what": what, "date": date.iso]), t("watch.protracted.claimable.action"))
                    : (t("watch.protracted.claim_from", ["what": what, "date": date.iso]), t("watch.protracted.claim_from.action"))
            }
            return (t("watch.protracted.uninsured", ["what": what]), t("watch.protracted.uninsured.action"))
        case .insurerNotification:
            guard let date = w.date else { return ("", "") }
            let left = asOf.days(to: date)
            let when = left < 0 ? t.count("watch.notify.passed", -left, ["date": date.iso])
                : left == 0 ? t("watch.notify.today", ["date": date.iso]) : t.count("watch.notify.left", left, ["date": date.iso])
            return (t("watch.notify", ["items": t.count("watch.notify.items", w.items), "amount": amount(w.amount), "when": when]),
                    left < 0 ? t("watch.notify.late.action") : t("watch.notify.action", ["date": date.iso]))
        case .overLimit:
            return (w.ratio == nil ? t("watch.over_limit.zero", ["amount": amount(w.amount)])
                        : t("watch.over_limit", ["amount": amount(w.amount), "used": NumberText.percent(w.ratio, decimals: 0)]),
                    t("watch.over_limit.action"))
        case .largeDispute:
            return (t("watch.dispute", ["amount": amount(w.amount)]), t("watch.dispute.action"))
        case .highRiskRising:
            return (t("watch.rising", ["before": amount(w.earlierExposure ?? .zero), "exposure": amount(w.exposure),
                                       "days": String(rules.risingDays ?? 30)]), t("watch.rising.action"))
        case .singleNameConcentration:
            return (t("watch.concentration", ["share": NumberText.percent(w.ratio)]), t("watch.concentration.action"))
        case .noLimit:
            return (t("watch.no_limit", ["exposure": amount(w.exposure)]), t("watch.no_limit.action"))
        }
    }
}
