import CreditCore

/// The view model of the management summary (`--report summary`): headline figures with what changed in
/// words, the largest exposures and the watchlist — one screen, for an email. Preformatted strings only.
enum SummaryView {
    /// Rows shown in each table; the rest are in the full report (and the email stays far below Gmail's
    /// 102 KB clipping point whatever the size of the book).
    static let rows = 10

    static func build(_ run: ReportRun, config: ReportConfig, strings t: ReportStrings, previous: PreviousReport?) -> [String: Any] {
        let a = run.analysis, s = a.summary
        let cur = run.reportingCurrency
        func amt(_ m: Money) -> String { NumberText.amount(m, decimals: 0) }
        func money(_ m: Money) -> String { "\(cur) \(amt(m))" }
        func share(_ m: Money, of total: Money) -> Double? { ViewParts.share(m, of: total) }
        let breachCount = a.breachCount
        let excess = a.totalExcessOverLimit

        let headline: [[String: Any]] = [
            ["label": t("summary.net_ar"), "value": amt(s.netAR), "note": t("summary.note.net_ar")],
            ["label": t("summary.overdue"), "value": amt(s.overdue),
             "note": t("summary.note.overdue", ["share": NumberText.percent(s.overdueShare)]), "alert": s.overdue.isPositive],
            ["label": t("summary.protracted"), "value": amt(s.protractedDefault),
             "note": t("summary.note.protracted", ["days": String(a.policy.protractedDefaultDays)]), "alert": s.protractedDefault.isPositive],
            ["label": t("summary.over_limit"), "value": amt(excess), "note": t.count("summary.note.over_limit", breachCount),
             "alert": breachCount > 0],
            ["label": t("summary.ecl"), "value": amt(a.ecl),
             "note": t("summary.note.ecl", ["share": NumberText.percent(share(a.ecl, of: s.grossAR), decimals: 2)])],
            ["label": t("summary.uninsured"), "value": amt(a.uninsured),
             "note": t("summary.note.uninsured", ["share": NumberText.percent(share(a.uninsured, of: s.totalExposure))])],
        ]
        // Three cards a row in the email's table layout.
        let headlineRows: [[String: Any]] = stride(from: 0, to: headline.count, by: 3).map { i in
            ["cards": Array(headline[i..<min(i + 3, headline.count)])]
        }

        var changes: [[String: Any]] = []
        // Only an earlier report in the same currency can be compared with.
        var notComparable: String? = nil
        if let p = previous, p.currency != cur || p.asOf >= a.asOf {
            notComparable = t("summary.changes.not_comparable", ["date": t.longDate(p.asOf), "currency": p.currency])
        }
        if let p = previous, notComparable == nil {
            func change(_ label: String, _ now: Money, _ before: Money?) {
                guard let before else { return }
                // Compared at the whole units the summary shows: a change below half a unit is no change.
                var delta = now.roundedToCents - before.roundedToCents
                if abs(delta.units) < Money.scale / 2 { delta = .zero }
                let pct = before.isPositive ? NumberText.percent(abs(delta.ratio(to: before))) : "–"
                let d = t("summary.change.delta", ["delta": money(Money(units: abs(delta.units))), "pct": pct])
                let key = delta.units > 0 ? "summary.change.up" : delta.units < 0 ? "summary.change.down" : "summary.change.same"
                changes.append(["text": t(key, ["figure": label, "delta": d, "now": money(now)]), "up": delta.units > 0])
            }
            change(t("summary.net_ar"), s.netAR, p.netAR)
            change(t("summary.overdue"), s.overdue, p.overdue)
            change(t("summary.protracted"), s.protractedDefault, p.protractedDefault)
            change(t("summary.ecl"), a.ecl, p.ecl)
            change(t("summary.uninsured"), a.uninsured, p.uninsured)
            if let before = p.overLimit {
                changes.append(["text": t("summary.change.over_limit", ["now": String(breachCount), "before": String(before)]),
                                "up": breachCount > before])
            }
            if let before = p.watchlistPoints {
                changes.append(["text": t("summary.change.watchlist", ["now": String(a.watchlist.count), "before": String(before)]),
                                "up": a.watchlist.count > before])
            }
        }

        let top = a.largestExposures(rows)
        let topShare = top.reduce(Money.zero) { $0 + $1.exposure }
        let topRows: [[String: Any]] = top.map { p in
            let f = share(p.exposure, of: s.totalExposure) ?? 0
            let width = min(100, max(1, Int((f * 100 / max(0.0001, (share(top.first!.exposure, of: s.totalExposure) ?? 1))).rounded())))
            return ["id": p.customer.id, "name": p.customer.name, "country": p.customer.country ?? "",
                    "exposure": amt(p.exposure), "share": NumberText.percent(f), "overdue": amt(p.overdue),
                    "used": p.customer.creditLimit == nil ? t("summary.no_limit") : NumberText.percent(p.utilisation, decimals: 0),
                    "breach": p.breach == true, "bar": String(width), "barRest": String(100 - width), "hasRest": width < 100]
        }
        let wording = WatchlistText(t)
        let watch: [[String: Any]] = a.watchlist.prefix(rows).map { w in
            let p = a.positions[w.customerIndex]
            let text = wording.text(w, policy: a.policy, rules: a.watchlistRules, asOf: a.asOf, currency: cur)
            let urgent = w.rule == .protractedDefault || w.rule == .insurerNotification || w.rule == .overLimit
            return ["id": p.customer.id, "name": p.customer.name, "reason": text.reason, "action": text.action, "urgent": urgent]
        }
        let counts = run.totalCounts
        let policy = a.policy
        return [
            "lang": t.language.rawValue,
            "fontStack": t.language.fontStack,
            "title": t("summary.title"),
            "subtitle": t("summary.subtitle", ["date": t.longDate(a.asOf), "currency": cur]),
            "asOf": a.asOf.iso,
            "headlineRows": headlineRows,
            "headline": headline,
            "changesTitle": t("summary.changes.title"),
            "hasChanges": !changes.isEmpty,
            "changes": changes,
            "changesIntro": previous.map { t("summary.changes.intro", ["date": t.longDate($0.asOf)]) } ?? "",
            "changesNone": notComparable ?? t("summary.changes.none"),
            "topTitle": t("summary.top.title"),
            "topIntro": t("summary.top.intro", ["n": String(top.count), "total": String(s.customersWithExposure),
                                                "share": NumberText.percent(share(topShare, of: s.totalExposure))]),
            "top": topRows,
            "col": ["figure": t("summary.col.figure"), "amount": t("summary.col.amount"), "meaning": t("summary.col.meaning"),
                    "customer": t("summary.col.customer"), "exposure": t("summary.col.exposure"), "share": t("summary.col.share"),
                    "overdue": t("summary.col.overdue"), "used": t("summary.col.limit_used"), "why": t("summary.col.why"),
                    "action": t("summary.col.action")],
            "watchTitle": t("summary.watch.title"),
            "watchIntro": a.watchlist.isEmpty ? t("summary.watch.none") : t.count("summary.watch.intro", a.watchlist.count),
            "watch": watch,
            "hasWatch": !watch.isEmpty,
            "watchMore": a.watchlist.count > watch.count ? t("summary.watch.more", ["n": String(a.watchlist.count - watch.count)]) : "",
            "footerFull": t("summary.footer.full"),
            "footerSources": t("summary.footer.sources", [
                "used": NumberText.grouped(counts.used), "read": NumberText.grouped(counts.read),
                "rejected": NumberText.grouped(counts.rejected), "skipped": NumberText.grouped(counts.skipped),
                "files": run.files.map(\.name).joined(separator: ", ")]),
            "footerPolicy": t("summary.footer.policy", [
                "buckets": policy.agingBuckets.upperBounds.map(String.init).joined(separator: ", "),
                "protracted": String(policy.protractedDefaultDays), "indemnity": NumberText.percent(policy.indemnity, decimals: 0),
                "notify": String(policy.notifyAfterDays), "claim": String(policy.claimAfterDays)]),
            "footerGenerated": t("summary.footer.generated"),
        ]
    }
}
