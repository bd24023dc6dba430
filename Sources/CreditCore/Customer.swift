/// A customer as the credit manager knows it: who they are, where, and how much credit they may take.
/// Limits are already converted to the reporting currency by ingestion.
public struct Customer: Sendable, Equatable {
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2, upper case; nil when the export has none.
    public var country: String?
    public var industry: String?
    /// Parent group; nil means the customer is its own group.
    public var groupID: String?
    /// Credit limit in the reporting currency; nil when none is set or it could not be converted.
    public var creditLimit: Money?
    /// Insured (credit insurance) limit in the reporting currency; nil means no cover.
    public var insuredLimit: Money?
    /// The currency the limits were given in (nil: reporting currency).
    public var limitCurrency: String?
    /// Why a stated limit is not used (e.g. its currency has no FX rate); nil when nothing to say.
    public var limitNote: String?
    public var riskGrade: String?
    public var paymentTermsDays: Int?

    public init(id: String, name: String = "", country: String? = nil, industry: String? = nil,
                groupID: String? = nil, creditLimit: Money? = nil, insuredLimit: Money? = nil,
                limitCurrency: String? = nil, limitNote: String? = nil, riskGrade: String? = nil,
                paymentTermsDays: Int? = nil) {
        self.id = id
        self.name = name
        self.country = country
        self.industry = industry
        self.groupID = groupID
        self.creditLimit = creditLimit
        self.insuredLimit = insuredLimit
        self.limitCurrency = limitCurrency
        self.limitNote = limitNote
        self.riskGrade = riskGrade
        self.paymentTermsDays = paymentTermsDays
    }
}
