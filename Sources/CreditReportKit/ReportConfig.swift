import CreditCore
import CreditIngest

/// Everything a run needs to know, read from `creditreport.yml` (DESIGN.md: Config).
public struct ReportConfig: Sendable {
    public var reportingCurrency: String
    /// nil: today.
    public var asOf: Day?
    /// nil: every customer comes from the XML documents (UBL buyers, SAF-T customers).
    public var customers: CSVInput?
    public var items: [InputSource]
    /// A CSV table or ECB reference rates.
    public var fx: InputSource?
    public var countryRisk: CSVInput?
    /// Output folder (absolute or relative to the working directory).
    public var output: String
    public var policy: CreditPolicy
    /// The country-risk rating scale (`country_risk_scale:`; OECD 0–7 by default).
    public var scale: RatingScale = .oecd
    public var stress: [StressScenario] = []
    public var watchlist = WatchlistRules()
    /// Who the `.eml` goes to (`email:`); nil: no email settings.
    public var email: EmailSettings?
    /// A folder whose templates replace the bundled ones.
    public var templatesDir: String?
    /// The language of report.html and report.md (`lang:`; metrics.json is always English).
    public var language: ReportLanguage = .en
    /// The config file, for messages.
    public var file: String

    public init(reportingCurrency: String, asOf: Day? = nil, customers: CSVInput?, items: [InputSource], fx: InputSource? = nil,
                countryRisk: CSVInput? = nil, output: String = "out", policy: CreditPolicy = CreditPolicy(),
                templatesDir: String? = nil, file: String = "creditreport.yml") {
        self.reportingCurrency = reportingCurrency
        self.asOf = asOf
        self.customers = customers
        self.items = items
        self.fx = fx
        self.countryRisk = countryRisk
        self.output = output
        self.policy = policy
        self.templatesDir = templatesDir
        self.file = file
    }

    /// CSV inputs only (tests and callers that build configs in code).
    public init(reportingCurrency: String, asOf: Day? = nil, customers: CSVInput, items: [CSVInput], fx: CSVInput? = nil,
                countryRisk: CSVInput? = nil, output: String = "out", policy: CreditPolicy = CreditPolicy(),
                templatesDir: String? = nil, file: String = "creditreport.yml") {
        self.init(reportingCurrency: reportingCurrency, asOf: asOf, customers: Optional(customers), items: items.map { .csv($0) },
                  fx: fx.map { .csv($0) }, countryRisk: countryRisk, output: output, policy: policy, templatesDir: templatesDir, file: file)
    }
}

/// `email:` in the config: the headers of the `.eml` the run writes with `--eml`.
public struct EmailSettings: Sendable, Equatable {
    public var from: String
    public var to: [String]
    /// `{date}` is replaced by the as-of date; nil: the report's title and date.
    public var subject: String?
    /// The subject of the weekly report's email (`--report weekly --eml`), as `subject`; nil: its title and date.
    public var weeklySubject: String?
    /// Attach the full weekly report (HTML) to the summary, and to the weekly report's email.
    public var attachFull: Bool = true

    public init(from: String, to: [String], subject: String? = nil, weeklySubject: String? = nil, attachFull: Bool = true) {
        self.from = from
        self.to = to
        self.subject = subject
        self.weeklySubject = weeklySubject
        self.attachFull = attachFull
    }
}
