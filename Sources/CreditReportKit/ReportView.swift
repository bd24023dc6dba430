import CreditCore
import CreditIngest

/// The view model the templates see: preformatted strings only, so templates hold no logic and a user's
/// own templates get the same values. Keys are documented in `templates/README.md`.
enum ReportView {
    /// Largest rows shown in long tables before "N more" is said.
    static let customerRows = 50
    static let rejectRows = 50

    static func build(_ run: ReportRun, config: ReportConfig) -> [String: Any] {
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
        ]
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
        let customerRows: [[String: Any]] = exposed.map { p in
            ["id": p.customer.id, "name": p.customer.name, "country": p.customer.country ?? "",
             "exposure": amt(p.exposure), "share": NumberText.percent(share(of: p.exposure, in: s.totalExposure)),
             "overdue": amt(p.overdue), "limit": p.customer.creditLimit.map(amt) ?? "–",
             "utilisation": NumberText.percent(p.utilisation, decimals: 0), "status": p.limitStatus == .none ? "" : p.limitStatus.rawValue,
             "breach": p.breach == true]
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
