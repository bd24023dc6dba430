import CreditCore
import CreditIngest
import CreditRender

/// `metrics.json`: every figure of the report, per the contract in DESIGN.md. Money is rounded half away
/// from zero to 2 decimals; ratios, shares and indices are unrounded; what cannot be computed is null.
enum MetricsDocument {
    static let schema = "creditreport.metrics/1"

    static func money(_ m: Money) -> JSONValue { .number(m.roundedToCents.plain(decimals: 2)) }
    static func money(_ m: Money?) -> JSONValue { m.map(money) ?? .null }

    static func build(_ run: ReportRun) -> JSONValue {
        let a = run.analysis, s = a.summary
        let counts = run.totalCounts
        var concentration: [(String, JSONValue)] = []
        for name in PortfolioAnalysis.dimensions {
            guard let c = a.concentration[name] else { continue }
            concentration.append((name, concentrationJSON(c)))
        }
        return .object([
            ("schema", .string(schema)),
            ("as_of", .string(a.asOf.iso)),
            ("reporting_currency", .string(run.reportingCurrency)),
            ("input", .object([
                ("rows_read", .int(counts.read)), ("rows_used", .int(counts.used)),
                ("rows_rejected", .int(counts.rejected)), ("rows_skipped", .int(counts.skipped)),
                ("files", .array(run.files.map { f in
                    .object([("file", .string(f.name)), ("role", .string(f.role)), ("rows_read", .int(f.counts.read)),
                             ("rows_used", .int(f.counts.used)), ("rows_rejected", .int(f.counts.rejected)),
                             ("rows_skipped", .int(f.counts.skipped))])
                })),
            ])),
            ("portfolio", .object([
                ("gross_ar", money(s.grossAR)), ("credits", money(s.credits)), ("net_ar", money(s.netAR)),
                ("overdue", money(s.overdue)), ("overdue_share", .double(s.overdueShare)),
                ("protracted_default", money(s.protractedDefault)), ("disputed", money(s.disputed)),
                ("aging", .array(s.aging.map { .object([("bucket", .string($0.bucket)), ("amount", money($0.amount)), ("count", .int($0.count))]) })),
                ("total_exposure", money(s.totalExposure)),
            ])),
            ("concentration", .object(concentration)),
            ("country_risk", .object([
                ("scale", .string(a.countryRisk.scale.name)),
                ("by_grade", .array(a.countryRisk.byGrade.map {
                    .object([("grade", .string($0.grade)), ("exposure", money($0.exposure)), ("share", .double($0.share))])
                })),
                ("high_risk_exposure", money(a.countryRisk.highRiskExposure)),
                ("unrated_countries", .array(a.countryRisk.unratedCountries.map { .string($0) })),
            ])),
            ("customers", .array(a.positions.map { p in
                .object([
                    ("customer_id", .string(p.customer.id)), ("name", .string(p.customer.name)),
                    ("exposure", money(p.exposure)), ("overdue", money(p.overdue)),
                    ("credit_limit", money(p.customer.creditLimit)), ("utilisation", .double(p.utilisation)),
                    ("breach", p.breach.map { .bool($0) } ?? .null),
                    ("limit_status", .string(p.limitStatus.rawValue)),
                ])
            })),
        ])
    }

    static func concentrationJSON(_ c: Concentration) -> JSONValue {
        .object([
            ("segments", .int(c.segmentCount)),
            ("hhi", .double(c.hhi)), ("normalised_hhi", .double(c.normalisedHHI)), ("effective_number", .double(c.effectiveNumber)),
            ("gini", .double(c.gini)), ("cr1", .double(c.cr1)), ("cr5", .double(c.cr5)), ("cr10", .double(c.cr10)), ("cr20", .double(c.cr20)),
            ("top", .array(c.top.map { .object([("key", .string($0.key)), ("exposure", money($0.exposure)), ("share", .double($0.share))]) })),
        ])
    }
}
