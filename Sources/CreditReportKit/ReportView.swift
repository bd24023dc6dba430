import CreditCore
import CreditIngest

/// The view model the templates see: preformatted strings only, so templates hold no logic and a user's
/// own templates get the same values. Keys are documented in `templates/README.md`.
enum ReportView {
    /// Largest rows shown in long tables before "N more" is said.
    static let customerRows = 50
    static let rejectRows = 50

    static func build(_ run: ReportRun, config: ReportConfig, strings t: ReportStrings = .bundledEnglish) -> [String: Any] {
        let a = run.analysis, s = a.summary
        let cur = run.reportingCurrency
        func amt(_ m: Money) -> String { NumberText.amount(m) }
        func share(of m: Money, in total: Money) -> Double? { total.isPositive ? m.doubleValue / total.doubleValue : nil }
        /// A table-cell bar: its width in percent, the rest of the row, and whether it shows at all.
        func bar(_ fraction: Double?) -> [String: Any] {
            let width = min(100, max(0, Int(((fraction ?? 0) * 100).rounded())))
            let shown = (fraction ?? 0) > 0 ? max(1, width) : 0
            return ["bar": String(shown), "barRest": String(100 - shown), "hasBar": shown > 0]
        }

        func days(_ v: Double?) -> String { v == nil ? "–" : NumberText.fixed(v, decimals: 1) }
        func rate(_ v: Double?) -> String { NumberText.percent(v, decimals: 2) }
        let k = a.collection
        let counts = run.totalCounts
        /// "N" when some rows were left out of a table, else false (so that the template's section is skipped).
        func more(_ total: Int, _ shown: Int) -> Any { total > shown ? String(total - shown) : false }
        let headline: [[String: Any]] = [
            ["label": "Gross AR", "value": amt(s.grossAR), "note": "sum of positive open amounts"],
            ["label": "Credits", "value": amt(s.credits), "note": "open credit notes and unapplied payments"],
            ["label": "Net AR", "value": amt(s.netAR), "note": "gross AR + credits"],
            ["label": "Overdue", "value": amt(s.overdue), "note": "\(NumberText.percent(s.overdueShare)) of gross AR is past due"],
            ["label": "Protracted default", "value": amt(s.protractedDefault),
             "note": "more than \(a.policy.protractedDefaultDays) days past due"],
            ["label": "Disputed", "value": amt(s.disputed), "note": "open invoices flagged disputed"],
            ["label": "DSO", "value": k.dso == nil ? "–" : "\(days(k.dso)) days", "note": "best possible \(days(k.bestPossibleDSO)) days"],
            ["label": "Expected credit loss", "value": amt(a.ecl), "note": "\(NumberText.percent(share(of: a.ecl, in: s.grossAR), decimals: 2)) of gross AR"],
            ["label": "Uninsured exposure", "value": amt(a.uninsured), "note": "\(NumberText.percent(share(of: a.uninsured, in: s.totalExposure))) of exposure"],
        ]
        let ceiMethod = k.ceiSales == .period ? "the period's credit sales" : "credit sales per month (the period's sales ÷ \(NumberText.fixed(Double(k.periodDays) / 30, decimals: 1)))"
        let collection: [[String: Any]] = [
            ["label": "DSO", "value": days(k.dso), "unit": "days", "note": "net AR ÷ credit sales of the last \(k.periodDays) days × \(k.periodDays)"],
            ["label": "Best possible DSO", "value": days(k.bestPossibleDSO), "unit": "days", "note": "the same with not-due AR only: what DSO would be if nothing were late"],
            ["label": "Average days delinquent", "value": days(k.averageDaysDelinquent), "unit": "days", "note": "DSO − best possible DSO: the days lateness adds"],
            ["label": "Count-back DSO", "value": days(k.countBackDSO), "unit": "days", "note": "days of the latest months' sales that net AR amounts to, month by month"],
            ["label": "CEI", "value": NumberText.fixed(k.cei, decimals: 1), "unit": "%", "note": "share of what could have been collected in the period that was (100 = all); uses \(ceiMethod)"],
            ["label": "Average days to pay", "value": days(k.averageDaysToPay), "unit": "days", "note": "invoice to payment, weighted by amount, for invoices paid in the period"],
            ["label": "Average days beyond terms", "value": days(k.averageDaysBeyondTerms), "unit": "days", "note": "due date to payment (0 if early), same invoices and weights"],
        ]
        let watchRows: [[String: Any]] = a.watchlist.prefix(customerRows).map { w in
            let p = a.positions[w.customerIndex]
            let text = WatchlistText.text(w, t, policy: a.policy, rules: a.watchlistRules, asOf: a.asOf, currency: cur)
            let urgent = w.rule == .protractedDefault || w.rule == .insurerNotification || w.rule == .overLimit
            return ["id": p.customer.id, "name": p.customer.name, "reason": text.reason, "action": text.action,
                    "exposure": amt(w.exposure), "urgent": urgent]
        }
        // Already in notification-date order; only those whose claim date has not come (the rest are on the watchlist).
        let openDeadlineCount = a.deadlines.reduce(0) { $0 + (a.asOf.days(to: $1.claimFrom(a.policy)) > 0 ? 1 : 0) }
        let openDeadlines = a.deadlines.lazy.filter { a.asOf.days(to: $0.claimFrom(a.policy)) > 0 }
        let deadlineRows: [[String: Any]] = openDeadlines.prefix(customerRows).map { d in
            let p = a.positions[Int(d.customerIndex)]
            let notify = d.notifyBy(a.policy), claim = d.claimFrom(a.policy)
            let left = a.asOf.days(to: notify)
            return ["id": p.customer.id, "name": p.customer.name, "document": d.documentID, "due": d.dueDate.iso,
                    "open": amt(d.openAmount), "dpd": String(d.daysPastDue(asOf: a.asOf)), "notifyBy": notify.iso,
                    "notifyLeft": left < 0 ? "passed \(-left) d ago" : "\(left) d", "notifyPassed": left < 0,
                    "claimFrom": claim.iso, "claimLeft": "\(a.asOf.days(to: claim)) d", "disputed": d.disputed]
        }
        let shortfallRows: [[String: Any]] = a.shortfalls.prefix(customerRows).map { c in
            let p = a.positions[c]
            return ["id": p.customer.id, "name": p.customer.name, "exposure": amt(p.exposure),
                    "insuredLimit": amt(p.customer.insuredLimit ?? .zero), "shortfall": amt(a.risks[c].cover.shortfall)]
        }
        let agingNow = s.aging
        let lossRates: [[String: Any]] = a.rollRates.lines.enumerated().map { (b, l) in
            ["bucket": l.bucket, "balance": amt(agingNow[b].amount), "configured": rate(l.configured), "observed": rate(l.observed),
             "monthlyRoll": rate(l.monthlyRollRate), "rollRate": rate(l.rollRate), "history": amt(l.balance)]
        }
        let stress: [[String: Any]] = a.stress.map { r in
            let moved = r.moved.map { m in m.from == nil ? "\(m.country) (unrated, unchanged)" : "\(m.country) \(m.from!) → \(m.to!)" }
            return ["name": r.scenario.name, "moved": moved.joined(separator: ", "),
                    "highRiskBefore": amt(r.before.highRiskExposure), "highRiskAfter": amt(r.after.highRiskExposure),
                    "highRiskChange": signed(r.highRiskChange), "eclBefore": amt(r.before.ecl), "eclAfter": amt(r.after.ecl),
                    "eclChange": signed(r.eclChange), "scoreBefore": NumberText.fixed(r.before.averageScore, decimals: 2),
                    "scoreAfter": NumberText.fixed(r.after.averageScore, decimals: 2)]
        }
        func signed(_ m: Money) -> String { (m.isPositive ? "+" : "") + amt(m) }
        let byCountry: [[String: Any]] = a.countryRisk.byCountry.prefix(15).map { c in
            ["country": c.country, "grade": c.grade, "exposure": amt(c.exposure), "share": NumberText.percent(c.share),
             "highRisk": c.highRisk].merging(bar(c.share)) { a, _ in a }
        }
        let aging: [[String: Any]] = s.aging.map { line in
            let f = share(of: line.amount, in: s.grossAR)
            return ["bucket": line.bucket, "amount": amt(line.amount), "count": NumberText.grouped(String(line.count)),
                    "share": NumberText.percent(f), "overdue": line.bucket != "not due"].merging(bar(f)) { a, _ in a }
        }
        let breaches = a.breaches
        let withoutLimit = a.withoutLimit
        let breachRows: [[String: Any]] = breaches.prefix(customerRows).map { p in
            ["id": p.customer.id, "name": p.customer.name, "country": p.customer.country ?? "",
             "exposure": amt(p.exposure), "limit": amt(p.customer.creditLimit ?? .zero),
             "utilisation": NumberText.percent(p.utilisation, decimals: 0), "excess": amt(p.excessOverLimit)]
        }
        let noLimit: [[String: Any]] = withoutLimit.prefix(customerRows).map { p in
            ["id": p.customer.id, "name": p.customer.name, "exposure": amt(p.exposure), "note": p.customer.limitNote ?? "no credit limit set"]
        }
        let exposed = a.largestExposures(customerRows)
        // Risk figures of the customers shown only (the book may have hundreds of thousands).
        let shownIDs = Set(exposed.map(\.customer.id))
        var risk: [String: CustomerRisk] = [:]
        for (c, p) in a.positions.enumerated() where shownIDs.contains(p.customer.id) { risk[p.customer.id] = a.risks[c] }
        let customerRows: [[String: Any]] = exposed.map { p in
            ["id": p.customer.id, "name": p.customer.name, "country": p.customer.country ?? "",
             "exposure": amt(p.exposure), "share": NumberText.percent(share(of: p.exposure, in: s.totalExposure)),
             "overdue": amt(p.overdue), "limit": p.customer.creditLimit.map(amt) ?? "–",
             "utilisation": NumberText.percent(p.utilisation, decimals: 0), "status": p.limitStatus == .none ? "" : p.limitStatus.rawValue,
             "breach": p.breach == true, "dso": days(risk[p.customer.id]?.collection.dso),
             "ecl": amt(risk[p.customer.id]?.ecl ?? .zero), "insured": amt(risk[p.customer.id]?.cover.insured ?? .zero)]
        }
        let dimensionTitles = ["customer": "Customer", "group": "Group", "industry": "Industry", "country": "Country",
                               "rating": "Country rating", "risk_grade": "Risk grade"]
        let concentration: [[String: Any]] = PortfolioAnalysis.dimensions.compactMap { name in
            guard let c = a.concentration[name] else { return nil }
            return ["dimension": dimensionTitles[name] ?? name, "segments": String(c.segmentCount),
                    "hhi": NumberText.fixed(c.hhi.map { $0 * 10_000 }, decimals: 0), "normalisedHHI": NumberText.fixed(c.normalisedHHI, decimals: 3),
                    "effectiveNumber": NumberText.fixed(c.effectiveNumber, decimals: 1), "gini": NumberText.fixed(c.gini, decimals: 2),
                    "cr1": NumberText.percent(c.cr1), "cr5": NumberText.percent(c.cr5), "cr10": NumberText.percent(c.cr10),
                    "cr20": NumberText.percent(c.cr20)]
        }
        let names = Dictionary(exposed.map { ($0.customer.id, $0.customer.name) }, uniquingKeysWith: { x, _ in x })
        func top(_ name: String, _ n: Int) -> [[String: Any]] {
            return (a.concentration[name]?.top.prefix(n) ?? []).map { seg in
                ["key": seg.key, "name": name == "customer" ? names[seg.key] ?? "" : "", "exposure": amt(seg.exposure),
                 "share": NumberText.percent(seg.share)].merging(bar(seg.share)) { a, _ in a }
            }
        }
        let grades: [[String: Any]] = a.countryRisk.byGrade.map { g in
            ["grade": g.grade, "exposure": amt(g.exposure), "share": NumberText.percent(g.share),
             "highRisk": a.countryRisk.scale.isHighRisk(g.grade)].merging(bar(g.share)) { a, _ in a }
        }
        let files: [[String: Any]] = run.files.map { f in
            ["file": f.name, "role": f.role, "read": String(f.counts.read), "used": String(f.counts.used),
             "rejected": String(f.counts.rejected), "skipped": String(f.counts.skipped)]
        }
        let rejects: [[String: Any]] = run.rejects.prefix(rejectRows).map { r in
            ["file": r.file, "line": String(r.line), "field": r.field, "value": r.value, "reason": r.reason]
        }
        let rates = run.fxRates.keys.sorted().filter { $0 != cur }.map { ["currency": $0, "rate": run.fxRates[$0]!.description] }

        return [
            "title": "Credit report",
            "asOf": a.asOf.iso,
            "currency": cur,
            "headline": headline,
            "overdueShare": NumberText.percent(s.overdueShare),
            "customersWithExposure": String(s.customersWithExposure),
            "totalExposure": amt(s.totalExposure),
            "aging": aging,
            "agingBounds": a.policy.agingBuckets.upperBounds.map(String.init).joined(separator: ", "),
            "protractedDays": String(a.policy.protractedDefaultDays),
            "breachCount": String(breaches.count),
            "breaches": breachRows,
            "hasBreaches": !breachRows.isEmpty,
            "breachesMore": more(breaches.count, breachRows.count),
            "noLimit": noLimit,
            "hasNoLimit": !noLimit.isEmpty,
            "noLimitCount": String(withoutLimit.count),
            "noLimitMore": more(withoutLimit.count, noLimit.count),
            "concentration": concentration,
            "topCustomers": top("customer", 10),
            "topGroups": top("group", 10),
            "topIndustries": top("industry", 10),
            "topCountries": top("country", 10),
            "riskScale": a.countryRisk.scale.name,
            "highRiskFrom": a.countryRisk.scale.highRiskFrom,
            "grades": grades,
            "highRiskExposure": amt(a.countryRisk.highRiskExposure),
            "highRiskShare": NumberText.percent(share(of: a.countryRisk.highRiskExposure, in: s.totalExposure)),
            "unratedCountries": a.countryRisk.unratedCountries.joined(separator: ", "),
            "hasUnrated": !a.countryRisk.unratedCountries.isEmpty,
            "watchlist": watchRows,
            "hasWatchlist": !watchRows.isEmpty,
            "watchlistCount": String(a.watchlist.count),
            "watchlistCustomers": String(Set(a.watchlist.map(\.customerIndex)).count),
            "watchlistMore": more(a.watchlist.count, watchRows.count),
            "collection": collection,
            "periodDays": String(k.periodDays),
            "creditSales": amt(k.sales),
            "insured": amt(a.insured), "indemnified": amt(a.indemnified), "uninsured": amt(a.uninsured),
            "insuredShare": NumberText.percent(share(of: a.insured, in: s.totalExposure)),
            "indemnity": NumberText.percent(a.policy.indemnity, decimals: 0),
            "insuredCustomers": String(a.insuredCustomers),
            "notifyAfter": String(a.policy.notifyAfterDays), "claimAfter": String(a.policy.claimAfterDays),
            "shortfalls": shortfallRows, "hasShortfalls": !shortfallRows.isEmpty,
            "shortfallsMore": more(a.shortfalls.count, shortfallRows.count),
            "deadlines": deadlineRows, "hasDeadlines": !deadlineRows.isEmpty,
            "deadlinesMore": more(openDeadlineCount, deadlineRows.count),
            "deadlinesClaimable": String(a.deadlines.count - openDeadlineCount),
            "ecl": amt(a.ecl), "eclShare": NumberText.percent(share(of: a.ecl, in: s.grossAR), decimals: 2),
            "eclObserved": a.eclAtObservedRates.map(amt) ?? "–",
            "eclUnrated": String(a.eclUnratedCustomers),
            "lossRates": lossRates,
            "rollMonths": a.rollRates.monthEnds.count > 1
                ? "\(a.rollRates.monthEnds.first!.iso) to \(a.rollRates.monthEnds.last!.iso)" : "–",
            "multipliers": a.countryRisk.scale.grades.map { ["grade": $0, "multiplier": NumberText.fixed(a.countryRisk.scale.multiplier(of: $0), decimals: 2)] },
            "averageScore": NumberText.fixed(a.countryRisk.averageScore, decimals: 2),
            "unratedExposure": amt(a.countryRisk.unratedExposure),
            "byCountry": byCountry,
            "countriesMore": more(a.countryRisk.byCountry.count, byCountry.count),
            "stress": stress, "hasStress": !stress.isEmpty,
            "customers": customerRows,
            "customersShown": String(customerRows.count),
            "customersTotal": String(a.customersWithOpenItems),
            "customersMore": more(a.customersWithOpenItems, customerRows.count),
            "files": files,
            "rowsRead": String(counts.read), "rowsUsed": String(counts.used),
            "rowsRejected": String(counts.rejected), "rowsSkipped": String(counts.skipped),
            "rejects": rejects,
            "hasRejects": !rejects.isEmpty,
            "rejectsMore": more(run.rejects.count, rejects.count),
            "fxRates": rates,
            "warnings": run.warnings.map { ["text": $0.message] },
            "hasWarnings": !run.warnings.isEmpty,
        ]
    }
}
