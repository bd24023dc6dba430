import CreditCore

/// The view model of the quarterly credit-policy review (`--report quarterly`): month-end trends from the
/// ledger's history, limit use, concentration against the caps, country risk, loss rates in force against
/// observed, and the policy parameters in force. Preformatted strings only.
enum QuarterlyView {
    static let rows = 10

    static func build(_ run: ReportRun, config: ReportConfig, strings t: ReportStrings) -> [String: Any] {
        let a = run.analysis, s = a.summary, policy = a.policy
        let cur = run.reportingCurrency
        func amt(_ m: Money) -> String { NumberText.amount(m, decimals: 0) }
        func money(_ m: Money) -> String { "\(cur) \(amt(m))" }
        func share(_ m: Money, of total: Money) -> Double? { ViewParts.share(m, of: total) }
        func bar(_ f: Double?) -> [String: Any] { ViewParts.bar(f) }
        let (year, month, _) = a.asOf.civil
        let quarter = t("quarterly.quarter", ["q": String((month - 1) / 3 + 1), "year": String(year)])

        // Trends: twelve month-ends, this quarter's three marked.
        let trend = a.trend.rows
        let maxNet = trend.map(\.netAR).max() ?? .zero
        let trendRows: [[String: Any]] = trend.enumerated().map { i, r in
            ["monthEnd": r.day.iso, "netAR": amt(r.netAR), "grossAR": amt(r.grossAR), "overdue": amt(r.overdue),
             "overdueShare": NumberText.percent(r.overdueShare), "dso": NumberText.fixed(r.dso, decimals: 1), "ecl": amt(r.ecl),
             "thisQuarter": i >= trend.count - 3].merging(bar(share(r.netAR, of: maxNet))) { x, _ in x }
        }
        var trendWords = ""
        if trend.count >= 4, let from = trend.dropLast(3).last, let to = trend.last {
            trendWords = t("quarterly.trend.words", ["from": from.day.iso, "to": to.day.iso,
                "net_from": money(from.netAR), "net_to": money(to.netAR),
                "overdue_from": NumberText.percent(from.overdueShare), "overdue_to": NumberText.percent(to.overdueShare),
                "dso_from": NumberText.fixed(from.dso, decimals: 1), "dso_to": NumberText.fixed(to.dso, decimals: 1),
                "ecl_from": money(from.ecl), "ecl_to": money(to.ecl)])
        }

        // Limit use in bands.
        let exposed = a.positions.filter { $0.exposure.isPositive }
        let bands: [(String, (CustomerPosition) -> Bool)] = [
            (t("quarterly.band.none"), { $0.customer.creditLimit == nil }),
            (t("quarterly.band.low"), { ($0.utilisation ?? -1) >= 0 && $0.utilisation! <= 0.5 }),
            (t("quarterly.band.mid"), { ($0.utilisation ?? -1) > 0.5 && $0.utilisation! <= 0.8 }),
            (t("quarterly.band.high"), { ($0.utilisation ?? -1) > 0.8 && $0.utilisation! <= 1.0 }),
            // A limit of 0 with exposure is a breach too (no utilisation can be computed).
            (t("quarterly.band.over"), { ($0.utilisation ?? -1) > 1.0 || ($0.customer.creditLimit != nil && $0.utilisation == nil) }),
        ]
        let bandRows: [[String: Any]] = bands.enumerated().map { i, band in
            let members = exposed.filter(band.1)
            let total = members.reduce(Money.zero) { $0 + $1.exposure }
            let f = share(total, of: s.totalExposure)
            return ["band": band.0, "customers": String(members.count), "exposure": amt(total), "share": NumberText.percent(f),
                    "alert": i == 4 && !members.isEmpty].merging(bar(f)) { x, _ in x }
        }
        let breachCount = a.breachCount
        let excess = a.totalExcessOverLimit
        let breachRows: [[String: Any]] = a.breaches(first: rows).map { p in
            ["id": p.customer.id, "name": p.customer.name, "exposure": amt(p.exposure), "limit": amt(p.customer.creditLimit ?? .zero),
             "used": NumberText.percent(p.utilisation, decimals: 0), "excess": amt(p.excessOverLimit)]
        }

        // Concentration against the single-name cap.
        let customerConcentration = a.concentration["customer"]
        let cr1 = NumberText.percent(customerConcentration?.cr1)
        var capText = t("quarterly.concentration.no_cap", ["cr1": cr1])
        if let cap = a.watchlistRules.singleNameCap {
            let above = a.watchlist.filter { $0.rule == .singleNameConcentration }.count
            capText = t.count("quarterly.concentration.cap", above, ["cap": NumberText.percent(cap, decimals: 0), "cr1": cr1])
        }
        let concentrationRows: [[String: Any]] = PortfolioAnalysis.dimensions.compactMap { name in
            guard let c = a.concentration[name] else { return nil }
            let title = t("quarterly.dim.\(name)")
            return ["dimension": title, "hhi": NumberText.fixed(c.hhi.map { $0 * 10_000 }, decimals: 0),
                    "effective": NumberText.fixed(c.effectiveNumber, decimals: 1), "cr1": NumberText.percent(c.cr1),
                    "cr5": NumberText.percent(c.cr5), "alert": (c.hhi ?? 0) * 10_000 > 2_500]
        }

        // Country risk.
        let overlay = a.countryRisk
        let gradeRows: [[String: Any]] = overlay.byGrade.map { g in
            ["grade": t.grade(g.grade), "exposure": amt(g.exposure), "share": NumberText.percent(g.share), "highRisk": overlay.scale.isHighRisk(g.grade)]
                .merging(bar(g.share)) { x, _ in x }
        }
        let stressRows: [[String: Any]] = a.stress.map { r in
            ["name": r.scenario.name, "highRiskBefore": amt(r.before.highRiskExposure), "highRiskAfter": amt(r.after.highRiskExposure),
             "eclBefore": amt(r.before.ecl), "eclAfter": amt(r.after.ecl)]
        }

        // Loss rates.
        let bucketNames = t.bucketNames(policy.agingBuckets)
        let lossRows: [[String: Any]] = a.rollRates.lines.enumerated().map { b, l in
            ["bucket": b < bucketNames.count ? bucketNames[b] : l.bucket, "balance": amt(s.aging[b].amount), "configured": NumberText.percent(l.configured, decimals: 2),
             "observed": NumberText.percent(l.observed, decimals: 2)]
        }
        let months = a.rollRates.monthEnds.count > 1 ? "\(a.rollRates.monthEnds.first!.iso) – \(a.rollRates.monthEnds.last!.iso)" : "–"

        // The policy in force.
        let off = t("quarterly.param.off")
        let parameters: [[String: Any]] = [
            (t("quarterly.param.buckets"), policy.agingBuckets.upperBounds.map(String.init).joined(separator: ", ")),
            (t("quarterly.param.protracted"), String(policy.protractedDefaultDays)),
            (t("quarterly.param.dso_days"), String(policy.dsoPeriodDays)),
            (t("quarterly.param.cei"), t("quarterly.param.cei_sales.\(policy.ceiSales.rawValue)")),
            (t("quarterly.param.indemnity"), NumberText.percent(policy.indemnity, decimals: 0)),
            (t("quarterly.param.notify"), String(policy.notifyAfterDays)),
            (t("quarterly.param.claim"), String(policy.claimAfterDays)),
            (t("quarterly.param.loss_rates"), policy.eclLossRates.map { NumberText.percent($0, decimals: 1) }.joined(separator: ", ")),
            (t("quarterly.param.roll_months"), String(policy.rollRateMonths)),
            (t("quarterly.param.scale"), "\(overlay.scale.name) (\(overlay.scale.highRiskFrom))"),
            (t("quarterly.param.single_name"), a.watchlistRules.singleNameCap.map { NumberText.percent($0, decimals: 0) } ?? off),
        ].map { ["parameter": $0.0, "value": $0.1] }

        let counts = run.totalCounts
        return [
            "lang": t.language.rawValue,
            "fontStack": t.language.fontStack,
            "title": t("quarterly.title"),
            "subtitle": t("quarterly.subtitle", ["quarter": quarter, "date": t.longDate(a.asOf), "currency": cur]),
            "asOf": a.asOf.iso,
            "intro": t("quarterly.intro"),
            "trendTitle": t("quarterly.trend.title"), "trendIntro": t("quarterly.trend.intro"), "trendWords": trendWords,
            "trendNote": t("quarterly.trend.ecl_note"), "trend": trendRows,
            "limitsTitle": t("quarterly.limits.title"),
            "limitsIntro": t("quarterly.limits.intro", ["breaches": String(breachCount), "excess": money(excess)]),
            "bands": bandRows, "breaches": breachRows, "hasBreaches": !breachRows.isEmpty,
            "concentrationTitle": t("quarterly.concentration.title"), "capText": capText,
            "hhiNote": t("quarterly.concentration.hhi"), "concentration": concentrationRows,
            "countryTitle": t("quarterly.country.title"),
            "countryIntro": t("quarterly.country.intro", [
                "scale": overlay.scale.name, "from": overlay.scale.highRiskFrom, "amount": money(overlay.highRiskExposure),
                "share": NumberText.percent(share(overlay.highRiskExposure, of: s.totalExposure)),
                "score": NumberText.fixed(overlay.averageScore, decimals: 2)]),
            "grades": gradeRows, "stress": stressRows, "hasStress": !stressRows.isEmpty,
            "lossTitle": t("quarterly.loss.title"),
            "lossIntro": t("quarterly.loss.intro", ["months": months, "observed": a.eclAtObservedRates.map(money) ?? "–",
                                                    "configured": money(a.ecl)]),
            "loss": lossRows,
            "policyTitle": t("quarterly.policy.title"), "parameters": parameters,
            "footerSources": t("quarterly.footer.sources", [
                "used": NumberText.grouped(counts.used), "read": NumberText.grouped(counts.read),
                "rejected": NumberText.grouped(counts.rejected), "skipped": NumberText.grouped(counts.skipped),
                "files": run.files.map(\.name).joined(separator: ", ")]),
            "footerGenerated": t("quarterly.footer.generated"),
            "col": Dictionary(uniqueKeysWithValues: ["month_end", "net_ar", "gross_ar", "overdue", "overdue_share", "dso", "ecl", "band",
                                                      "customers", "exposure", "share", "customer", "limit", "used", "excess", "dimension",
                                                      "hhi", "effective", "cr1", "cr5", "grade", "scenario", "high_risk", "bucket", "balance",
                                                      "configured", "observed", "parameter", "value"].map { ($0, t("quarterly.col.\($0)")) }),
        ]
    }
}
