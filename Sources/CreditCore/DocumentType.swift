/// The kind of AR ledger document. Invoices (and debit notes) are receivables; credit notes and payments
/// reduce them.
public enum DocumentType: String, Sendable, CaseIterable {
    case invoice
    case creditNote = "credit_note"
    case payment
}
