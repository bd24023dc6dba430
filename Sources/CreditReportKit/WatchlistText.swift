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
        var reason = "", action = ""
        write(w, protractedDays: policy.protractedDefaultDays, risingDays: rules.earlierExposureDays, asOf: asOf, currency: currency,
              reason: &reason, action: &action)
        return (reason, action)
    }

    /// `text`, written to `reason` and `action` piece by piece: no `String` is made for a line, its
    /// amounts, counts or dates (`metrics.json` words every line of the watchlist). It takes the two settings
    /// the wording shows, not the policy and rules they come from (passing those retained their arrays for
    /// every line).
    func write<S: TextSink & ~Copyable>(_ w: WatchlistEntry, protractedDays: Int, risingDays: Int, asOf: Day, currency: String,
                                        reason: inout S, action: inout S) {
        func amount(_ m: Money, _ out: inout S) {
            out.write(currency)
            out.write(" ")
            NumberText.write(amount: m, decimals: 0, to: &out)
        }
        switch w.rule {
        case .protractedDefault:
            func what(_ out: inout S) {
                protracted.write(to: &out) { k, out in k == 0 ? amount(w.amount, &out) : out.write(String(protractedDays)) }
            }
            if w.insured, let date = w.date {
                (w.claimable ? claimable : claimFrom).write(to: &reason) { k, out in k == 0 ? what(&out) : out.write(iso: date) }
                action.write(w.claimable ? claimableAction : claimFromAction)
            } else {
                uninsured.write(to: &reason) { _, out in what(&out) }
                action.write(uninsuredAction)
            }
        case .insurerNotification:
            guard let date = w.date else { return }
            let days = asOf.days(to: date)
            notify.write(to: &reason) { k, out in
                switch k {
                case 0:
                    (w.items == 1 ? items.one : items.other).write(to: &out) { _, out in NumberText.write(grouped: w.items, to: &out) }
                case 1:
                    amount(w.amount, &out)
                default:
                    if days == 0 {
                        today.write(to: &out) { _, out in out.write(iso: date) }
                    } else {
                        let n = abs(days)
                        let when = days < 0 ? (n == 1 ? passed.one : passed.other) : (n == 1 ? left.one : left.other)
                        when.write(to: &out) { k, out in k == 0 ? NumberText.write(grouped: n, to: &out) : out.write(iso: date) }
                    }
                }
            }
            if days < 0 {
                action.write(lateAction)
            } else {
                notifyAction.write(to: &action) { _, out in out.write(iso: date) }
            }
        case .overLimit:
            if let ratio = w.ratio {
                overLimit.write(to: &reason) { k, out in k == 0 ? amount(w.amount, &out) : NumberText.write(percent: ratio, decimals: 0, to: &out) }
            } else {
                overLimitZero.write(to: &reason) { _, out in amount(w.amount, &out) }
            }
            action.write(overLimitAction)
        case .largeDispute:
            dispute.write(to: &reason) { _, out in amount(w.amount, &out) }
            action.write(disputeAction)
        case .highRiskRising:
            rising.write(to: &reason) { k, out in
                switch k {
                case 0: amount(w.earlierExposure ?? .zero, &out)
                case 1: amount(w.exposure, &out)
                default: out.write(String(risingDays))
                }
            }
            action.write(risingAction)
        case .singleNameConcentration:
            concentration.write(to: &reason) { _, out in NumberText.write(percent: w.ratio, to: &out) }
            action.write(concentrationAction)
        case .noLimit:
            noLimit.write(to: &reason) { _, out in amount(w.exposure, &out) }
            action.write(noLimitAction)
        }
    }
}
