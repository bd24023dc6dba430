import CreditCore
import CreditIngest

/// The view model the templates see: preformatted strings only, so templates hold no logic and a user's
/// own templates get the same values. Its wording comes from `templates/strings/<lang>/*.yml`. The wording comes from
/// the strings `t`: `t` itself for labels (`{{t.weekly.aging.heading}}`), and `{html, md}` pairs for
/// sentences with figures in them, escaped here for each format (see `Prose`).
enum ReportView {
    /// Largest rows shown in long tables before "N more" is said.
    static let customerRows = 50

    /// How much of each table a rendering of the report shows: the browser report's long tables, or the
    /// email's short ones (`--email`), which keep the message below Gmail's 102 KB clip on any book.
    struct Layout: Sendable {
        /// Points of the watchlist.
        var watchlist: Int
        /// Limit breaches, customers without a limit, shortfalls, insurer deadlines, customers, rejected rows.
        var rows: Int
        /// Countries in "by country".
        var countries: Int
        /// Warnings; nil: all of them.
        var warnings: Int?
        /// Names and rejected values longer than this are cut short with "…", and very long words in them may
        /// wrap (see `cut` below); nil: shown as they are.
        var textLength: Int?
        /// Decimals of amounts (whole units in the email, as in the summary, so that tables fit a phone).
        var decimals: Int

        static let browser = Layout(watchlist: customerRows, rows: customerRows, countries: 15, warnings: nil, textLength: nil, decimals: 2)
        static let email = Layout(watchlist: 15, rows: 10, countries: 10, warnings: 10, textLength: 60, decimals: 0)
    }

    static func build(_ run: ReportRun, config: ReportConfig, strings t: ReportStrings = .bundledEnglish,
                      layout: Layout = .browser) -> [String: Any] {
        let a = run.analysis, s = a.summary
        let cur = run.reportingCurrency
        func amt(_ m: Money) -> String { NumberText.amount(m, decimals: layout.decimals) }
        /// A name or value from the input as the email shows it: cut short at a word's end when there is one
        /// in the second half (Chinese names have no spaces), with "…"; and a word too long for a phone's
        /// column (a URL, a code) given a zero-width space every 10 characters, where it may wrap.
        func cut(_ text: String) -> String {
            guard let limit = layout.textLength else { return text }
            var kept = Substring(text)
            if text.count > limit {
                kept = kept.prefix(limit - 1)
                if let space = kept.lastIndex(of: " "), kept.distance(from: kept.startIndex, to: space) > limit / 2 { kept = kept[..<space] }
                while kept.last == " " { kept = kept.dropLast() }
                kept += "…"
            }
            guard kept.split(separator: " ").contains(where: { $0.count > 20 }) else { return String(kept) }
            return kept.split(separator: " ", omittingEmptySubsequences: false).map { word in
                guard word.count > 20 else { return String(word) }
                var out = ""
                for (i, ch) in word.enumerated() {
                    if i > 0 && i % 10 == 0 { out += "\u{200B}" }
                    out.append(ch)
                }
                return out
            }.joined(separator: " ")
        }
        func share(of m: Money, in total: Money) -> Double? { ViewParts.share(m, of: total) }
        /// A table-cell bar: its width in percent, the rest of the row, and whether it shows at all.
        func bar(_ fraction: Double?) -> [String: Any] { ViewParts.bar(fraction) }

        let none = t("common.none")
        func days(_ v: Double?) -> String { v == nil ? none : NumberText.fixed(v, decimals: 1) }
        /// The wording of `html` in the HTML report and of `md` in the Markdown one (and, unescaped, in an email's plain text).
        func both(_ html: Prose, _ md: Prose) -> [String: Any] { ["html": html.html, "md": md.markdown, "text": md.text] }
        func sentences(_ parts: Prose?...) -> Prose { t.sentences(parts.compactMap { $0 }) }
        /// A bold title for HTML; the Markdown report writes `Title:` on a line of its own.
        func lead(_ title: Prose) -> [String: Any] { both(title.strong, t.prose("common.lead_in", ["title": .prose(title)])) }
        let list = t("common.list_separator")
        func grade(_ g: String) -> String { t.grade(g) }
        let bucketNames = t.bucketNames(a.policy.agingBuckets)
        func rate(_ v: Double?) -> String { NumberText.percent(v, decimals: 2) }
        let k = a.collection
        let counts = run.totalCounts
        /// "N" when some rows were left out of a table, else false (so that the template's section is skipped).
        func more(_ total: Int, _ shown: Int) -> Any { total > shown ? String(total - shown) : false }
        func figure(_ name: String, _ value: String, _ note: [String: String] = [:]) -> [String: Any] {
            ["label": t("weekly.headline.\(name).label"), "value": value, "note": t("weekly.headline.\(name).note", note)]
        }
        let headline: [[String: Any]] = [
            figure("gross_ar", amt(s.grossAR)),
            figure("credits", amt(s.credits)),
            figure("net_ar", amt(s.netAR)),
            figure("overdue", amt(s.overdue), ["share": NumberText.percent(s.overdueShare)]),
            figure("protracted", amt(s.protractedDefault), ["days": String(a.policy.protractedDefaultDays)]),
            figure("disputed", amt(s.disputed)),
            figure("dso", k.dso == nil ? none : t("common.days", ["days": days(k.dso)]), ["days": days(k.bestPossibleDSO)]),
            figure("ecl", amt(a.ecl), ["share": NumberText.percent(share(of: a.ecl, in: s.grossAR), decimals: 2)]),
            figure("uninsured", amt(a.uninsured), ["share": NumberText.percent(share(of: a.uninsured, in: s.totalExposure))]),
        ]
        let ceiMethod = k.ceiSales == .period ? t("weekly.collection.cei.period_sales")
            : t("weekly.collection.cei.monthly_sales", ["months": NumberText.fixed(Double(k.periodDays) / 30, decimals: 1)])
        let dayUnit = t("common.unit.days")
        func measure(_ name: String, _ value: String, unit: String, _ note: [String: String] = [:]) -> [String: Any] {
            ["label": t("weekly.collection.\(name).label"), "value": value, "unit": unit, "note": t("weekly.collection.\(name).note", note)]
        }
        let collection: [[String: Any]] = [
            measure("dso", days(k.dso), unit: dayUnit, ["days": String(k.periodDays)]),
            measure("best_dso", days(k.bestPossibleDSO), unit: dayUnit),
            measure("add", days(k.averageDaysDelinquent), unit: dayUnit),
            measure("count_back", days(k.countBackDSO), unit: dayUnit),
            measure("cei", NumberText.fixed(k.cei, decimals: 1), unit: "%", ["method": ceiMethod]),
            measure("adp", days(k.averageDaysToPay), unit: dayUnit),
            measure("adbt", days(k.averageDaysBeyondTerms), unit: dayUnit),
        ]
        let wording = WatchlistText(t)
        let watchRows: [[String: Any]] = a.watchlist.prefix(layout.watchlist).map { w in
            let p = a.positions[w.customerIndex]
            let text = wording.text(w, policy: a.policy, rules: a.watchlistRules, asOf: a.asOf, currency: cur)
            let urgent = w.rule == .protractedDefault || w.rule == .insurerNotification || w.rule == .overLimit
            return ["id": p.customer.id, "name": cut(p.customer.name), "reason": text.reason, "action": text.action,
                    "exposure": amt(w.exposure), "urgent": urgent]
        }
        // Already in notification-date order; only customers whose claim date has not come (the rest are on the watchlist).
        let openDeadlineCount = a.deadlines.reduce(0) { $0 + (a.asOf.days(to: $1.claimFrom(a.policy)) > 0 ? 1 : 0) }
        let openDeadlines = a.deadlines.lazy.filter { a.asOf.days(to: $0.claimFrom(a.policy)) > 0 }
        let deadlineRows: [[String: Any]] = openDeadlines.prefix(layout.rows).map { d in
            let p = a.positions[Int(d.customerIndex)]
            let notify = d.notifyBy(a.policy), claim = d.claimFrom(a.policy)
            let left = a.asOf.days(to: notify)
            return ["id": p.customer.id, "name": cut(p.customer.name), "document": d.documentID, "due": d.dueDate.iso,
                    "open": amt(d.overdueAmount), "items": t.count("weekly.insurance.items", d.overdueItems), "dpd": String(d.daysPastDue(asOf: a.asOf)), "notifyBy": notify.iso,
                    "notifyLeft": left < 0 ? t("weekly.insurance.days_passed", ["n": String(-left)]) : t("weekly.insurance.days_left", ["n": String(left)]),
                    "notifyPassed": left < 0, "claimFrom": claim.iso,
                    "claimLeft": t("weekly.insurance.days_left", ["n": String(a.asOf.days(to: claim))]), "disputed": d.disputed]
        }
        let shortfallRows: [[String: Any]] = a.shortfalls.prefix(layout.rows).map { c in
            let p = a.positions[c]
            return ["id": p.customer.id, "name": cut(p.customer.name), "exposure": amt(p.exposure),
                    "insuredLimit": amt(p.customer.insuredLimit ?? .zero), "shortfall": amt(a.risks[c].cover.shortfall)]
        }
        let agingNow = s.aging
        let lossRates: [[String: Any]] = a.rollRates.lines.enumerated().map { (b, l) in
            ["bucket": b < bucketNames.count ? bucketNames[b] : l.bucket, "balance": amt(agingNow[b].amount), "configured": rate(l.configured), "observed": rate(l.observed),
             "monthlyRoll": rate(l.monthlyRollRate), "rollRate": rate(l.rollRate), "history": amt(l.balance)]
        }
        let stress: [[String: Any]] = a.stress.map { r in
            let moved = r.moved.map { m in
                if let from = m.from, let to = m.to { return t("weekly.stress.moved", ["country": m.country, "from": from, "to": to]) }
                return t("weekly.stress.unrated", ["country": m.country])
            }
            return ["name": r.scenario.name, "moved": moved.joined(separator: list),
                    "highRiskBefore": amt(r.before.highRiskExposure), "highRiskAfter": amt(r.after.highRiskExposure),
                    "highRiskChange": signed(r.highRiskChange), "eclBefore": amt(r.before.ecl), "eclAfter": amt(r.after.ecl),
                    "eclChange": signed(r.eclChange), "scoreBefore": NumberText.fixed(r.before.averageScore, decimals: 2),
                    "scoreAfter": NumberText.fixed(r.after.averageScore, decimals: 2)]
        }
        func signed(_ m: Money) -> String { (m.isPositive ? "+" : "") + amt(m) }
        let byCountry: [[String: Any]] = a.countryRisk.byCountry.prefix(layout.countries).map { c in
            ["country": c.country, "grade": grade(c.grade), "exposure": amt(c.exposure), "share": NumberText.percent(c.share),
             "highRisk": c.highRisk].merging(bar(c.share)) { a, _ in a }
        }
        let aging: [[String: Any]] = s.aging.enumerated().map { (b, line) in
            let f = share(of: line.amount, in: s.grossAR)
            return ["bucket": b < bucketNames.count ? bucketNames[b] : line.bucket, "amount": amt(line.amount), "count": NumberText.grouped(line.count),
                    "share": NumberText.percent(f), "overdue": b > 0].merging(bar(f)) { a, _ in a }
        }
        let breachCount = a.breachCount, withoutLimitCount = a.withoutLimitCount
        let breachRows: [[String: Any]] = a.breaches(first: layout.rows).map { p in
            ["id": p.customer.id, "name": cut(p.customer.name), "country": p.customer.country ?? "",
             "exposure": amt(p.exposure), "limit": amt(p.customer.creditLimit ?? .zero),
             "utilisation": NumberText.percent(p.utilisation, decimals: 0), "excess": amt(p.excessOverLimit)]
        }
        let noLimit: [[String: Any]] = a.withoutLimit(first: layout.rows).map { p in
            var note = t("weekly.limits.no_limit.none_set")
            if let why = p.customer.limitNote {
                // The only reason ingestion gives: the limit's currency has no FX rate.
                note = p.customer.limitCurrency.map { t("weekly.limits.no_limit.no_fx", ["currency": $0]) } ?? why
            }
            return ["id": p.customer.id, "name": cut(p.customer.name), "exposure": amt(p.exposure), "note": note]
        }
        func status(_ s: CustomerPosition.LimitStatus) -> String {
            switch s {
            case .within: return t("common.limit_status.within")
            case .breach: return t("common.limit_status.breach")
            case .noLimit: return t("common.limit_status.no_limit")
            case .none: return ""
            }
        }
        // The customers shown, by place, so that their risk figures are read at the same place (looking them up
        // by id went over every customer of the book, hashing each id).
        let places = a.largestExposurePlaces(layout.rows)
        let exposed = places.map { a.positions[$0] }
        let customerRows: [[String: Any]] = zip(places, exposed).map { c, p in
            let risk = a.risks[c]
            return ["id": p.customer.id, "name": cut(p.customer.name), "country": p.customer.country ?? "",
                    "exposure": amt(p.exposure), "share": NumberText.percent(share(of: p.exposure, in: s.totalExposure)),
                    "overdue": amt(p.overdue), "limit": p.customer.creditLimit.map(amt) ?? none,
                    "utilisation": NumberText.percent(p.utilisation, decimals: 0), "status": status(p.limitStatus),
                    "breach": p.breach == true, "dso": days(risk.collection.dso),
                    "ecl": amt(risk.ecl), "insured": amt(risk.cover.insured)]
        }
        let concentration: [[String: Any]] = PortfolioAnalysis.dimensions.compactMap { name in
            guard let c = a.concentration[name] else { return nil }
            return ["dimension": t("common.dimension.\(name)"), "segments": String(c.segmentCount),
                    "hhi": NumberText.fixed(c.hhi.map { $0 * 10_000 }, decimals: 0), "normalisedHHI": NumberText.fixed(c.normalisedHHI, decimals: 3),
                    "effectiveNumber": NumberText.fixed(c.effectiveNumber, decimals: 1), "gini": NumberText.fixed(c.gini, decimals: 2),
                    "cr1": NumberText.percent(c.cr1), "cr5": NumberText.percent(c.cr5), "cr10": NumberText.percent(c.cr10),
                    "cr20": NumberText.percent(c.cr20)]
        }
        let names = Dictionary((layout.rows >= 10 ? exposed : a.largestExposures(10)).map { ($0.customer.id, $0.customer.name) },
                               uniquingKeysWith: { x, _ in x })
        func top(_ name: String, _ n: Int) -> [[String: Any]] {
            return (a.concentration[name]?.top.prefix(n) ?? []).map { seg in
                ["key": seg.key == Concentration.noneKey ? t("common.no_segment") : cut(seg.key), "name": name == "customer" ? cut(names[seg.key] ?? "") : "", "exposure": amt(seg.exposure),
                 "share": NumberText.percent(seg.share)].merging(bar(seg.share)) { a, _ in a }
            }
        }
        let grades: [[String: Any]] = a.countryRisk.byGrade.map { g in
            ["grade": grade(g.grade), "exposure": amt(g.exposure), "share": NumberText.percent(g.share),
             "highRisk": a.countryRisk.scale.isHighRisk(g.grade)].merging(bar(g.share)) { a, _ in a }
        }
        let files: [[String: Any]] = run.files.map { f in
            ["file": f.name, "role": t("weekly.sources.role.\(f.role)"), "read": String(f.counts.read), "used": String(f.counts.used),
             "rejected": String(f.counts.rejected), "skipped": String(f.counts.skipped)]
        }
        let rejects: [[String: Any]] = run.rejects.prefix(layout.rows).map { r in
            ["file": r.file, "line": String(r.line), "field": r.field, "value": cut(r.value), "reason": t.diagnostic(r.reason)]
        }
        let rates = run.fxRates.keys.sorted().filter { $0 != cur }.map { ["currency": $0, "rate": run.fxRates[$0]!.description] }
        let agingBounds = a.policy.agingBuckets.upperBounds.map(String.init).joined(separator: list)
        let rollMonths = a.rollRates.monthEnds.count > 1
            ? t("weekly.ecl.months", ["first": a.rollRates.monthEnds.first!.iso, "last": a.rollRates.monthEnds.last!.iso]) : none
        let eclObserved = a.eclAtObservedRates.map(amt) ?? none
        let unratedCountries = a.countryRisk.unratedCountries.joined(separator: list)

        // The paragraphs and lead-ins, each in both formats (see `Prose`).
        func metricsMore(_ key: String, _ n: Any) -> Prose? { (n as? String).map { t.prose(key, ["n": .text($0)]) } }
        let rows = t.prose("weekly.intro.rows", ["used": .text(String(counts.used)), "read": .text(String(counts.read)),
                                                 "rejected": .text(String(counts.rejected)), "skipped": .text(String(counts.skipped))])
        let intro = both(t.prose("weekly.intro.line_html", ["asOf": .strong(a.asOf.iso), "currency": .strong(cur), "rows": .prose(rows)]),
                         t.prose("weekly.intro.line", ["currency": .text(cur), "rows": .prose(rows)]))
        let watchCounts: [String: Prose.Value] = ["points": .text(t.count("weekly.count.points", a.watchlist.count)),
                                                  "customers": .text(t.count("weekly.count.customers", Set(a.watchlist.map(\.customerIndex)).count))]
        let watchMore = metricsMore("weekly.watchlist.more", more(a.watchlist.count, watchRows.count))
        let watchlistIntro = both(sentences(t.prose("weekly.watchlist.intro_html", watchCounts), watchMore),
                                  sentences(t.prose("weekly.watchlist.intro", watchCounts), watchMore))
        let agingIntro = both(t.prose("weekly.aging.intro_html", ["asOf": .text(a.asOf.iso), "bounds": .text(agingBounds),
                                                                  "share": .text(NumberText.percent(s.overdueShare))]),
                              t.prose("weekly.aging.intro", ["bounds": .text(agingBounds), "share": .text(NumberText.percent(s.overdueShare))]))
        let collectionFrom = t.prose("weekly.collection.intro", ["days": .text(String(k.periodDays)), "sales": .text(amt(k.sales))])
        let collectionIntro = both(sentences(collectionFrom, t.prose("weekly.collection.methods")), collectionFrom)
        let limitsIntro = t.prose("weekly.limits.intro", ["n": .text(t.count("weekly.count.customers", breachCount))])
        func noLimitLine(_ title: Prose) -> Prose {
            let count: [String: Prose.Value] = ["title": .prose(title), "n": .text(String(withoutLimitCount))]
            guard let extra = more(withoutLimitCount, noLimit.count) as? String else { return t.prose("weekly.limits.no_limit.count", count) }
            return t.prose("weekly.limits.no_limit.count_more", count.merging(["more": .text(extra)]) { a, _ in a })
        }
        let noLimitTitle = t.prose("weekly.limits.no_limit.title")
        let noLimitLead = both(noLimitLine(noLimitTitle.strong), t.prose("common.lead_in", ["title": .prose(noLimitLine(noLimitTitle))]))
        let insuranceIntro = t.prose("weekly.insurance.intro", ["n": .text(String(a.insuredCustomers)),
                                                                "indemnity": .text(NumberText.percent(a.policy.indemnity, decimals: 0))])
        func shortfallTitle(_ title: Prose) -> Prose {
            guard let extra = more(a.shortfalls.count, shortfallRows.count) as? String else { return title }
            return t.prose("common.more_in_metrics", ["title": .prose(title), "n": .text(extra)])
        }
        let shortfallsTitle = t.prose("weekly.insurance.shortfalls.title")
        let shortfallsLead = both(shortfallTitle(shortfallsTitle.strong),
                                  t.prose("common.lead_in", ["title": .prose(shortfallTitle(shortfallsTitle))]))
        let deadlinesTitle = t.prose("weekly.insurance.deadlines.title")
        let deadlineRule = t.prose("weekly.insurance.deadlines.rule", ["notify": .text(String(a.policy.notifyAfterDays)),
                                                                       "claim": .text(String(a.policy.claimAfterDays))])
        let deadlinesMore = metricsMore("weekly.insurance.deadlines.more", more(openDeadlineCount, deadlineRows.count))
        let claimable = t.prose("weekly.insurance.deadlines.claimable", ["n": .text(t.count("weekly.count.customers", a.deadlines.count - openDeadlineCount))])
        let deadlinesLead = both(
            sentences(t.prose("common.lead_dash", ["title": .prose(deadlinesTitle.strong),
                                                   "text": .prose(sentences(deadlineRule, t.prose("weekly.insurance.deadlines.order")))]),
                      deadlinesMore, claimable),
            sentences(t.prose("common.lead_colon", ["title": .prose(deadlinesTitle), "text": .prose(deadlineRule)]), deadlinesMore, claimable))
        let multipliers = Prose(concatenating: a.countryRisk.scale.grades.map {
            t.prose("weekly.ecl.multiplier", ["grade": .text($0),
                                              "multiplier": .text(NumberText.fixed(a.countryRisk.scale.multiplier(of: $0), decimals: 2))])
        })
        let eclIntro = t.prose("weekly.ecl.intro", ["ecl": .strong(amt(a.ecl)),
                                                    "share": .text(NumberText.percent(share(of: a.ecl, in: s.grossAR), decimals: 2)),
                                                    "months": .text(rollMonths), "observed": .text(eclObserved)])
        let eclFootnote = t.prose("weekly.ecl.footnote", ["multipliers": .prose(multipliers), "n": .text(t.count("weekly.count.customers", a.eclUnratedCustomers))])
        let concentrationCounts: [String: Prose.Value] = ["total": .text(amt(s.totalExposure)), "n": .text(String(s.customersWithExposure))]
        let concentrationScale = t.prose("weekly.concentration.scale")
        let concentrationIntro = both(sentences(t.prose("weekly.concentration.total_html", concentrationCounts), concentrationScale),
                                      sentences(t.prose("weekly.concentration.total", concentrationCounts), concentrationScale))
        let highRiskShare = NumberText.percent(share(of: a.countryRisk.highRiskExposure, in: s.totalExposure))
        let averageScore = NumberText.fixed(a.countryRisk.averageScore, decimals: 2)
        /// The HTML report sets the two key figures in bold, the Markdown one does not.
        func countryIntro(_ figure: (String) -> Prose.Value) -> Prose {
            let unrated = a.countryRisk.unratedCountries.isEmpty ? nil
                : t.prose("weekly.country.unrated", ["countries": .text(unratedCountries), "exposure": .text(amt(a.countryRisk.unratedExposure))])
            return sentences(t.prose("weekly.country.intro", ["scale": .text(a.countryRisk.scale.name), "from": .text(a.countryRisk.scale.highRiskFrom),
                                                              "exposure": figure(amt(a.countryRisk.highRiskExposure)), "share": .text(highRiskShare)]),
                             unrated, t.prose("weekly.country.score", ["score": figure(averageScore)]))
        }
        func byCountryTitle(_ title: Prose) -> Prose {
            guard let extra = more(a.countryRisk.byCountry.count, byCountry.count) as? String else { return title }
            return t.prose("weekly.country.by_country_more", ["title": .prose(title), "shown": .text(String(byCountry.count)), "n": .text(extra)])
        }
        let byCountryLead = t.prose("weekly.country.by_country")
        let stressTitle = t.prose("weekly.stress.title"), stressExplain = t.prose("weekly.stress.explain")
        let customersIntro = sentences(t.prose("weekly.customers.intro", ["shown": .text(String(customerRows.count)),
                                                                          "total": .text(String(a.customersWithOpenItems))]),
                                       metricsMore("weekly.customers.more", more(a.customersWithOpenItems, customerRows.count)))
        let fxLine = t.prose("weekly.sources.fx", ["currency": .text(cur), "rates": .prose(Prose(concatenating: rates.map {
            t.prose("weekly.sources.fx_rate", ["currency": .text($0["currency"] ?? ""), "rate": .text($0["rate"] ?? "")])
        }))])
        let generated = t.prose("weekly.footer.generated"), defined = t.prose("weekly.footer.defined")
        let warnings = run.warnings.prefix(layout.warnings ?? run.warnings.count)
        // The email's headline cards, three a row.
        let headlineRows: [[String: Any]] = stride(from: 0, to: headline.count, by: 3).map { ["cards": Array(headline[$0..<min($0 + 3, headline.count)])] }

        return [
            "t": t.all,
            "lang": t.language.htmlLang,
            "fontStack": t.language.fontStack,
            "intro": intro,
            "watchlistIntro": watchlistIntro,
            "agingIntro": agingIntro,
            "collectionIntro": collectionIntro,
            "limitsIntro": limitsIntro.view,
            "breachesMoreText": (more(breachCount, breachRows.count) as? String).map { t("weekly.limits.breaches_more", ["n": $0]) } ?? false,
            "noLimitLead": noLimitLead,
            "insuranceIntro": insuranceIntro.view,
            "insuredNote": t.prose("weekly.insurance.insured.note", ["share": .text(NumberText.percent(share(of: a.insured, in: s.totalExposure)))]).view,
            "indemnifiedNote": t.prose("weekly.insurance.indemnified.note").view,
            "uninsuredNote": t.prose("weekly.insurance.uninsured.note").view,
            "shortfallsLead": shortfallsLead,
            "deadlinesLead": deadlinesLead,
            "eclIntro": eclIntro.view,
            "eclFootnote": eclFootnote.view,
            "concentrationIntro": concentrationIntro,
            "topCustomersLead": lead(t.prose("weekly.concentration.top_customers")),
            "countryIntro": both(countryIntro { .strong($0) }, countryIntro { .text($0) }),
            "byCountryLead": both(byCountryTitle(byCountryLead.strong), t.prose("common.lead_in", ["title": .prose(byCountryTitle(byCountryLead))])),
            "stressLead": both(t.prose("common.lead_dash", ["title": .prose(stressTitle.strong), "text": .prose(stressExplain)]),
                               t.prose("common.lead_colon", ["title": .prose(stressTitle), "text": .prose(stressExplain)])),
            "customersIntro": customersIntro.view,
            "sourcesIntro": t.prose("weekly.sources.intro").view,
            "rejectsMoreText": (more(run.rejects.count, rejects.count) as? String).map { t("weekly.sources.rejects_more", ["n": $0]) } ?? false,
            "warningsLead": lead(t.prose("weekly.sources.warnings")),
            "fxLine": fxLine.view,
            "footer": both(sentences(generated, defined), defined),
            "title": t("weekly.title"),
            "asOf": a.asOf.iso,
            "currency": cur,
            "headline": headline,
            "overdueShare": NumberText.percent(s.overdueShare),
            "customersWithExposure": String(s.customersWithExposure),
            "totalExposure": amt(s.totalExposure),
            "aging": aging,
            "agingBounds": agingBounds,
            "protractedDays": String(a.policy.protractedDefaultDays),
            "breachCount": String(breachCount),
            "breaches": breachRows,
            "hasBreaches": !breachRows.isEmpty,
            "breachesMore": more(breachCount, breachRows.count),
            "noLimit": noLimit,
            "hasNoLimit": !noLimit.isEmpty,
            "noLimitCount": String(withoutLimitCount),
            "noLimitMore": more(withoutLimitCount, noLimit.count),
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
            "unratedCountries": unratedCountries,
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
            "eclObserved": eclObserved,
            "eclUnrated": String(a.eclUnratedCustomers),
            "lossRates": lossRates,
            "rollMonths": rollMonths,
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
            "warnings": warnings.map { ["text": t.diagnostic($0.message)] },
            "hasWarnings": !warnings.isEmpty,
            "warningsMoreText": (more(run.warnings.count, warnings.count) as? String).map { t("weekly.sources.warnings_more", ["n": $0]) } ?? false,
            "headlineRows": headlineRows,
            "emailNote": t("weekly.email.note", ["full": String(Self.customerRows)]),
        ]
    }
}
