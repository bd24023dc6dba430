import CreditCore

/// One XML input as the config describes it: a file or a folder of files, its format, and for generic
/// ERP XML the mapping of record and fields (the XML analogue of a CSV column mapping).
public struct XMLInput: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable, CaseIterable {
        /// UBL 2.1 `Invoice` / `CreditNote` (Peppol BIS Billing 3, EN 16931): one item per document.
        case ubl
        /// Norwegian SAF-T Financial: customers with their closing balances.
        case saftNO = "saft-no"
        /// Portuguese SAF-T: customers, sales invoices and the payments against them.
        case saftPT = "saft-pt"
        /// Any other XML, through `record:` and `fields:`.
        case mapped = "xml"
        /// ECB reference rates (`eurofxref-daily.xml`, `eurofxref-hist-90d.xml`), for the FX input.
        case ecb
    }
    /// A file, or a folder whose `*.xml` files are read in name order as one input.
    public var path: String
    /// Name used in diagnostics and `rejects.csv` (the path as written in the config).
    public var name: String
    /// nil: detected from the root element and its namespace.
    public var format: Format?
    /// Mapped XML: element path of one record from the root (`/Export/Items/Item`; prefixes per `namespaces`).
    public var record: String?
    /// Canonical field → path below the record element: `Child/Grandchild`, `@attribute` or `Child/@attribute`.
    public var fields: [String: String] = [:]
    /// Prefix → namespace URI for `record` and `fields`. An unprefixed name matches its local name in any namespace.
    public var namespaces: [String: String] = [:]
    /// How dates and amounts are written (mapped XML; the standard formats are ISO dates with `.` decimals).
    public var dialect: CSVDialect = .canonical
    public var typeValues: [String: DocumentType] = [:]
    public var values: [String: String] = [:]
    public var countryCodes: CountryCodeStyle = .alpha2

    public init(path: String, name: String? = nil, format: Format? = nil) {
        self.path = path
        self.name = name ?? path
        self.format = format
    }
}

/// An input file: CSV, or XML (a file or a folder). `inputs.items` may mix them; `inputs.fx` may be ECB XML.
public enum InputSource: Sendable, Equatable {
    case csv(CSVInput)
    case xml(XMLInput)

    public var name: String {
        switch self {
        case .csv(let i): return i.name
        case .xml(let i): return i.name
        }
    }
}
