/// A customer as the credit manager knows it: who they are, where, and how much credit they may take.
/// Limits are already converted to the reporting currency by ingestion.
///
/// Kept compact, since a book holds one per customer for the whole run: limits and terms are stored
/// without the 8 bytes of padding an optional adds, and the two texts most customers lack (limit currency,
/// limit note) share one optional reference. 176 bytes a customer became 128 (10 MB on 200,000 customers).
public struct Customer: Sendable, Equatable {
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2, upper case; nil when the export has none.
    public var country: String?
    public var industry: String?
    /// Parent group; nil means the customer is its own group.
    public var groupID: String?
    public var riskGrade: String?
    /// Credit limit in the reporting currency; nil when none is set or it could not be converted.
    public var creditLimit: Money? {
        get { storedCreditLimit == Customer.none ? nil : Money(units: storedCreditLimit) }
        set { storedCreditLimit = newValue?.units ?? Customer.none }
    }
    /// Insured (credit insurance) limit in the reporting currency; nil means no cover.
    public var insuredLimit: Money? {
        get { storedInsuredLimit == Customer.none ? nil : Money(units: storedInsuredLimit) }
        set { storedInsuredLimit = newValue?.units ?? Customer.none }
    }
    /// The currency the limits were given in (nil: reporting currency).
    public var limitCurrency: String? {
        get { limitTexts?.currency }
        set { limitTexts = LimitTexts.make(currency: newValue, note: limitNote) }
    }
    /// Why a stated limit is not used (e.g. its currency has no FX rate); nil when nothing to say.
    public var limitNote: String? {
        get { limitTexts?.note }
        set { limitTexts = LimitTexts.make(currency: limitCurrency, note: newValue) }
    }
    public var paymentTermsDays: Int? {
        get { storedTerms == Int32.min ? nil : Int(storedTerms) }
        set { storedTerms = newValue.map { Int32(clamping: $0) } ?? Int32.min }
    }

    /// Stands for a missing limit (no amount is this low).
    private static let none = Int64.min
    private var storedCreditLimit = Customer.none
    private var storedInsuredLimit = Customer.none
    private var storedTerms = Int32.min
    private var limitTexts: LimitTexts?

    public init(id: String, name: String = "", country: String? = nil, industry: String? = nil,
                groupID: String? = nil, creditLimit: Money? = nil, insuredLimit: Money? = nil,
                limitCurrency: String? = nil, limitNote: String? = nil, riskGrade: String? = nil,
                paymentTermsDays: Int? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.industry = industry
        self.groupID = groupID
        self.riskGrade = riskGrade
        self.creditLimit = creditLimit
        self.insuredLimit = insuredLimit
        self.paymentTermsDays = paymentTermsDays
        limitTexts = LimitTexts.make(currency: limitCurrency, note: limitNote)
    }

    public static func == (a: Customer, b: Customer) -> Bool {
        a.id == b.id && a.name == b.name && a.country == b.country && a.industry == b.industry && a.groupID == b.groupID
            && a.riskGrade == b.riskGrade && a.storedCreditLimit == b.storedCreditLimit && a.storedInsuredLimit == b.storedInsuredLimit
            && a.storedTerms == b.storedTerms && a.limitCurrency == b.limitCurrency && a.limitNote == b.limitNote
    }
}

/// The limit currency and note of a customer that has either; never changed once made (a customer given a
/// new one gets a new one), so customers that share it still behave as values.
final class LimitTexts: Sendable {
    let currency: String?
    let note: String?

    private init(currency: String?, note: String?) {
        self.currency = currency
        self.note = note
    }

    static func make(currency: String?, note: String?) -> LimitTexts? {
        currency == nil && note == nil ? nil : LimitTexts(currency: currency, note: note)
    }
}
