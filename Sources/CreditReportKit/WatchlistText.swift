import CreditCore

/// The words of a watchlist line: why the customer is on it and what to do, in the credit manager's terms
/// (docs/analytics.md: Watchlist), in the report's language (`strings/<lang>/watchlist.yml`). The texts
/// are split at their placeholders once (`FilledText`), when the wording is made, not for every line.
struct WatchlistText: Sendable {
    private let protracted, claimable, claimFrom, uninsured, notify, notifyAction, overLimitZero, overLimit, dispute,
                rising, concentration, noLimit: FilledText
    private let claimableAction, claimFromAction, uninsuredAction, lateAction, overLimitAction, disputeAction, risingAction,
                concentrationAction, noLimitAction: String
    /// The `.one` and `.other` forms: items, deadline passed, deadline ahead; and deadline today.
    private let items, passed, left: (one: FilledText, other: FilledText)
    private let today: FilledText

    init(_ t: ReportStrings) {
        protracted = t.filled("watch.protracted", ["amount", "days"])
        claimable = t.filled("watch.protracted.claimable", ["what", "date"])
        claimFrom = t.filled("watch.protracted.claim_from", ["what", "date"])
        uninsured = t.filled("watch.protracted.uninsured", ["what"])
        notify = t.filled("watch.notify", ["items", "amount", "when"])
        notifyAction = t.filled("watch.notify.action", ["date"])
        overLimitZero = t.filled("watch.over_limit.zero", ["amount"])
        overLimit = t.filled("watch.over_limit", ["amount", "used"])
        dispute = t.filled("watch.dispute", ["amount"])
        rising = t.filled("watch.rising", ["before", "exposure", "days"])
        concentration = t.filled("watch.concentration", ["share"])
        noLimit = t.filled("watch.no_limit", ["exposure"])
        claimableAction = t("watch.protracted.claimable.action")
        claimFromAction = t("watch.protracted.claim_from.action")
        uninsuredAction = t("watch.protracted.uninsured.action")
        lateAction = t("watch.notify.late.action")
        overLimitAction = t("watch.over_limit.action")
        disputeAction = t("watch.dispute.action")
        risingAction = t("watch.rising.action")
        concentrationAction = t("watch.concentration.action")
        noLimitAction = t("watch.no_limit.action")
        func counted(_ key: String, _ slots: [String]) -> (one: FilledText, other: FilledText) {
            let keys = t.countKeys(key)
            return (t.filled(keys.one, slots), t.filled(keys.other, slots))
        }
        items = counted("watch.notify.items", ["n"])
        passed = counted("watch.notify.passed", ["n", "date"])
        left = counted("watch.notify.left", ["n", "date"])
        today = t.filled("watch.notify.today", ["date"])
    }

    /// Why `w` is on the watchlist and what to do about it.
    func text(_ w: WatchlistEntry, policy: CreditPolicy, rules: WatchlistRules, asOf: Day, currency: String) -> (reason: String, action: String) {
        func amount(_ m: Money) -> String { "\(currency) \(NumberText.amount(m, decimals: 0))" }
        func n(_ k: Int) -> String { NumberText.grouped(String(k)) }
        switch w.rule {
        case .protractedDefault:
            let what = protracted(amount(w.amount), String(policy.protractedDefaultDays))
            if w.insured, let date = w.date {
                return w.claimable ? (claimable(what, date.iso), claimableAction) : (claimFrom(what, date.iso), claimFromAction)
            }
            return (uninsured(what), uninsuredAction)
        case .insurerNotification:
            guard let date = w.date else { return ("", "") }
            let days = asOf.days(to: date)
            let when = days < 0 ? (-days == 1 ? passed.one : passed.other)(n(-days), date.iso)
                : days == 0 ? today(date.iso) : (days == 1 ? left.one : left.other)(n(days), date.iso)
            return (notify((w.items == 1 ? items.one : items.other)(n(w.items)), amount(w.amount), when),
                    days < 0 ? lateAction : notifyAction(date.iso))
        case .overLimit:
            return (w.ratio == nil ? overLimitZero(amount(w.amount)) : overLimit(amount(w.amount), NumberText.percent(w.ratio, decimals: 0)),
                    overLimitAction)
        case .largeDispute:
            return (dispute(amount(w.amount)), disputeAction)
        case .highRiskRising:
            return (rising(amount(w.earlierExposure ?? .zero), amount(w.exposure), String(rules.risingDays ?? 30)), risingAction)
        case .singleNameConcentration:
            return (concentration(NumberText.percent(w.ratio)), concentrationAction)
        case .noLimit:
            return (noLimit(amount(w.exposure)), noLimitAction)
        }
    }
}
