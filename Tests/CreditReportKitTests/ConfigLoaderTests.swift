import CreditCore
import CreditIngest
import Testing
@testable import CreditReportKit

@Suite struct ConfigLoaderTests {
    @Test func bundledSampleConfig() throws {
        let c = try ConfigLoader.load(path: Repo.path("fixtures/sample/creditreport.yml"))
        #expect(c.reportingCurrency == "EUR")
        #expect(c.asOf == Day(iso: "2026-11-20"))
        #expect(c.items.count == 3)
        guard case .csv(let gmbh) = c.items[1] else { Issue.record("items-gmbh.csv is not read as CSV"); return }
        #expect(gmbh.name == "items-gmbh.csv")
        #expect(gmbh.dialect == CSVDialect(delimiter: UInt8(ascii: ";"), encoding: .windows1252, decimalSeparator: UInt8(ascii: ","),
                                            thousandsSeparator: UInt8(ascii: "."), dateFormat: .dayMonthYearDots))
        #expect(gmbh.columns["Offener Betrag"] == "open_amount")
        #expect(gmbh.typeValues["GS"] == .creditNote)
        #expect(c.customers?.path.hasSuffix("fixtures/sample/customers.csv") == true)
        #expect(c.policy.agingBuckets == .standard)
    }

    @Test func emailSettings() throws {
        let base = "reporting_currency: EUR\ninputs:\n  customers: c.csv\n  items: i.csv\n"
        let c = try ConfigLoader.parse(yaml: base + "email: {from: a@example.com, to: b@example.com, weekly_subject: \"Weekly {date}\", attach_full: false}\n",
                                       path: "/tmp/x/creditreport.yml")
        #expect(c.email == EmailSettings(from: "a@example.com", to: ["b@example.com"], subject: nil, weeklySubject: "Weekly {date}", attachFull: false))
    }

    static func error(_ yaml: String) -> Diagnostic? {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, path: "/tmp/x/creditreport.yml")
            return nil
        } catch {
            return error.diagnostic
        }
    }

    @Test func problemsNameTheKeyAndLine() throws {
        let base = "reporting_currency: EUR\ninputs:\n  customers: c.csv\n  items: i.csv\n"
        #expect(Self.error(base) == nil)
        let unknown = try #require(Self.error(base + "polcy: {}\n"))
        #expect(unknown.message == "polcy: unknown key")
        #expect(unknown.location.line == 5)
        let date = try #require(Self.error(base + "as_of: 2026-13-01\n"))
        #expect(date.message == "as_of: '2026-13-01' is not a date YYYY-MM-DD")
        let buckets = try #require(Self.error(base + "policy:\n  aging_buckets: [60, 30]\n"))
        #expect(buckets.message.hasPrefix("policy.aging_buckets: bounds must be positive and increasing"))
        #expect(buckets.location.line == 6)
        let encoding = try #require(Self.error("reporting_currency: EUR\ninputs:\n  customers: {path: c.csv, encoding: ebcdic}\n  items: i.csv\n"))
        #expect(encoding.message == "inputs.customers.encoding: unknown encoding 'ebcdic'")
        #expect(Self.error("inputs:\n  customers: c.csv\n  items: i.csv\n")?.message == "reporting_currency: missing")
        #expect(Self.error("reporting_currency: EURO\ninputs: {customers: c, items: i}\n")?.message
                == "reporting_currency: 'EURO' is not a three-letter ISO 4217 code")
        #expect(Self.error("reporting_currency: [EUR\n")?.message.hasPrefix("not valid YAML") == true)
    }

    /// Day counts are whole numbers from their minimum to 100 years: 99999999999 notify days stopped the
    /// run with a date past the calendar.
    @Test func dayCountsAreBounded() throws {
        let base = "reporting_currency: EUR\ninputs:\n  customers: c.csv\n  items: i.csv\n"
        for key in ["notify_after_days", "claim_after_days", "dso_period_days", "protracted_default_days"] {
            #expect(Self.error(base + "policy:\n  \(key): 36525\n") == nil, "\(key)")
            let big = try #require(Self.error(base + "policy:\n  \(key): 99999999999\n"), "\(key)")
            #expect(big.message == "policy.\(key): must be at most 36,525 days (100 years)")
            #expect(big.location.line == 6)
            #expect(Self.error(base + "policy:\n  \(key): -1\n")?.message.hasPrefix("policy.\(key): must be at least") == true, "\(key)")
        }
        for key in ["rising_days", "notify_within_days"] {
            #expect(Self.error(base + "watchlist:\n  \(key): 36526\n")?.message == "watchlist.\(key): must be at most 36,525 days (100 years)")
        }
        #expect(Self.error(base + "policy:\n  aging_buckets: [30, 9223372036854775807]\n")?.message
                == "policy.aging_buckets: must be at most 36,525 days (100 years)")
        #expect(Self.error(base + "policy:\n  roll_rate_months: 9223372036854775807\n")?.message == "policy.roll_rate_months: must be from 1 to 120 months")
    }

    /// Other numbers the run computes with are bounded too; each of these stopped the run with a trap (an
    /// amount, a multiplier or a grade past what the arithmetic holds, a month-end before year 1).
    @Test func numbersOutOfRangeAreConfigErrors() throws {
        let base = "reporting_currency: EUR\ninputs:\n  customers: c.csv\n  items: i.csv\n"
        for key in ["disputed_over", "protracted_default_over"] {
            #expect(Self.error(base + "watchlist:\n  \(key): 1000000000000\n") == nil)
            #expect(Self.error(base + "watchlist:\n  \(key): 1e18\n")?.message == "watchlist.\(key): must be at most 1,000,000,000,000")
            #expect(Self.error(base + "watchlist:\n  \(key): .inf\n")?.message == "watchlist.\(key): expected a number")
        }
        #expect(Self.error(base + "watchlist:\n  rising_by: -1\n")?.message.hasPrefix("watchlist.rising_by: must be from 0 to 1000") == true)
        let scale = "country_risk_scale:\n  grades: [A, B]\n  high_risk_from: B\n  ecl_multiplier: {A: 1e17}\n"
        #expect(Self.error(base + scale)?.message == "country_risk_scale.ecl_multiplier.A: must be at most 1000")
        #expect(Self.error(base + "stress:\n  - name: x\n    downgrade: {DE: 9223372036854775807}\n")?.message
                == "stress[0].downgrade.DE: notches must be at most 1000 (the worst grade is as far as a country goes)")
        #expect(Self.error(base + "as_of: 0001-01-01\n")?.message == "as_of: must be 1900-01-01 or later (the report looks 30 years back)")
        #expect(Self.error(base + "as_of: 1900-01-01\n") == nil)
        #expect(Day.earliestAsOf.iso == "1900-01-01")
    }

    @Test func reportLanguage() throws {
        let base = "reporting_currency: EUR\ninputs:\n  customers: c.csv\n  items: i.csv\n"
        #expect(try ConfigLoader.parse(yaml: base, path: "/tmp/x/creditreport.yml").language == .en)
        #expect(try ConfigLoader.parse(yaml: base + "lang: zh-Hans\n", path: "/tmp/x/creditreport.yml").language == .zhHans)
        #expect(try ConfigLoader.parse(yaml: base + "lang: zh_TW\n", path: "/tmp/x/creditreport.yml").language == .zhHant)
        let bad = try #require(Self.error(base + "lang: fr\n"))
        #expect(bad.message == "lang: 'fr' is not a report language")
        #expect(bad.location.line == 5)
    }

    @Test func pathsAreRelativeToTheConfigFile() throws {
        let c = try ConfigLoader.parse(yaml: "reporting_currency: usd\ninputs:\n  customers: data/c.csv\n  items: [/abs/i.csv]\noutput: reports\n",
                                       path: "/srv/credit/creditreport.yml")
        #expect(c.customers?.path == "/srv/credit/data/c.csv")
        #expect(c.customers?.name == "data/c.csv")
        #expect(c.items[0] == .csv(CSVInput(path: "/abs/i.csv")))
        #expect(c.output == "/srv/credit/reports")
        #expect(c.reportingCurrency == "USD")
    }

    @Test func xmlInputsByExtensionOrFormat() throws {
        let c = try ConfigLoader.parse(yaml: """
            reporting_currency: EUR
            inputs:
              items:
                - ubl/
                - invoices.xml
                - {path: dump.dat, format: xml, record: /e:Export/e:Item, namespaces: {e: "urn:x"}, fields: {document_id: "@no", customer_id: e:Cust, document_date: e:Date, currency: e:Cur, open_amount: e:Open}, decimal: ","}
                - {path: saft.xml, format: saft-no}
              fx: eurofxref-hist-90d.xml
            """, path: "/srv/credit/creditreport.yml")
        #expect(c.customers == nil)
        guard case .xml(let folder) = c.items[0], case .xml(let file) = c.items[1], case .xml(let mapped) = c.items[2],
              case .xml(let saft) = c.items[3], case .xml(let ecb) = c.fx else { Issue.record("not read as XML"); return }
        #expect(folder.path == "/srv/credit/ubl/" && folder.format == nil)
        #expect(file.format == nil)
        #expect(mapped.format == .mapped && mapped.record == "/e:Export/e:Item" && mapped.namespaces["e"] == "urn:x")
        #expect(mapped.fields["document_id"] == "@no" && mapped.dialect.decimalSeparator == UInt8(ascii: ","))
        #expect(saft.format == .saftNO)
        #expect(ecb.path == "/srv/credit/eurofxref-hist-90d.xml")
        // Only XML inputs can do without a customers file.
        #expect(Self.error("reporting_currency: EUR\ninputs:\n  items: i.csv\n")?.message == "inputs.customers: missing")
        #expect(Self.error("reporting_currency: EUR\ninputs:\n  items: {path: d.xml, format: xml}\n")?.message == "inputs.items.record: missing")
        #expect(Self.error("reporting_currency: EUR\ninputs:\n  items: {path: d.xml, format: pdf}\n")?.message.hasPrefix("inputs.items.format: unknown format 'pdf'") == true)
    }
}
