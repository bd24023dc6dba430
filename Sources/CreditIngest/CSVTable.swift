import CreditCore

/// Reads a CSV input row by row against its canonical fields: opens the file, resolves the header, and
/// hands each data row to `body`, which returns a reject or nil. Counts every row.
enum CSVTable {
    static let unterminatedQuoteReason = "a quoted field is never closed: the rest of the file was read as this one row"

    struct Row {
        let fields: Fields
        let line: Int
        let map: ColumnMap
        let input: CSVInput

        static var empty: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: nil, count: 0) }

        func raw(_ field: String) -> UnsafeBufferPointer<UInt8> { map.field(fields, map.column(field)) }
        func isEmpty(_ field: String) -> Bool { FieldParsers.trimmed(raw(field)).isEmpty }
        func text(_ field: String) -> String { FieldParsers.text(raw(field)) }
        func optionalText(_ field: String) -> String? {
            let t = text(field)
            return t.isEmpty ? nil : t
        }

        func reject(_ field: String, _ reason: String) -> Reject {
            let c = map.column(field)
            return Reject(file: input.name, line: line, column: c >= 0 ? c + 1 : nil, field: field,
                          value: text(field), reason: reason)
        }
    }

    /// Opens `input` and reads its header; the reader is positioned at the first data row.
    static func open(_ input: CSVInput, fields: [String], required: Set<String>) throws(IngestError) -> (CSVRecordReader, ColumnMap) {
        do {
            let source = try ByteSource(path: input.path, encoding: input.dialect.encoding)
            var reader = try CSVRecordReader(source: source, delimiter: input.dialect.delimiter)
            guard try reader.next() else {
                reader.close()
                throw IngestError(kind: .layout, diagnostic: Diagnostic(.error, .init(file: input.name), "the file is empty: it has no header row",
                                                                       hint: "export the file with a header row"))
            }
            let header = reader.fields.map { FieldParsers.text($0) }
            do {
                let map = try ColumnMap(header: header, input: input, fields: fields, required: required)
                return (reader, map)
            } catch {
                reader.close()
                throw error
            }
        } catch let failure as ByteSource.Failure {
            throw IngestError.from(failure, name: input.name)
        } catch let error as IngestError {
            throw error
        } catch {
            throw IngestError(kind: .unreadable, diagnostic: Diagnostic(.error, .init(file: input.name), "\(error)"))
        }
    }

    /// Reads every row of a small table (customers, FX, ratings) through `body`.
    static func read(_ input: CSVInput, fields: [String], required: Set<String>,
                     _ body: (Row) -> Reject?) throws(IngestError) -> (RowCounts, [Reject]) {
        var (reader, map) = try open(input, fields: fields, required: required)
        defer { reader.close() }
        var counts = RowCounts(), rejects: [Reject] = []
        do {
            while try reader.next() {
                counts.read += 1
                let row = Row(fields: reader.fields, line: reader.line, map: map, input: input)
                let reject = reader.unterminatedQuote
                    ? Reject(file: input.name, line: reader.line, column: nil, field: "", value: "", reason: unterminatedQuoteReason)
                    : body(row)
                if let reject {
                    counts.rejected += 1
                    rejects.append(reject)
                } else {
                    counts.used += 1
                }
            }
        } catch {
            throw IngestError.from(error, name: input.name)
        }
        return (counts, rejects)
    }
}
