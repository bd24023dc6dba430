/// The kind of AR ledger document. Invoices (and debit notes) are receivables; credit notes and payments
/// reduce them.
public enum DocumentType: String, Sendable, CaseIterable {
    case invoice
    case creditNote = "credit_note"
    case payment
    /// A customer's balance carried as one item (SAF-T closing balance): owed or credit by its sign, not a sale.
    case balance
}
