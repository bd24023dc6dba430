import CreditCore
import Testing
import TestSupport
@testable import CreditIngest

@Suite struct ReferenceTablesTests {
    /// A large customers file is read in two halves at once; the result must be what reading it from the top
    /// gives: the same customers in the same order, the same counts, the same rejects on the same lines —
    /// with repeated ids across the cut, bad rows in both halves, quoted line breaks and blank lines. A quoted
    /// line break at the cut makes the halves not meet, and the file is read from the top instead.
    @Test func halvesReadLikeTheWholeFile() throws {
        var fx = FXTable(reportingCurrency: "EUR")
        fx.set("USD", Rate(micros: 920_000))
        var rng = SplitMix(seed: 7)
        for variant in 0..<8 {
            var text = "customer_id,name,country,credit_limit,limit_currency,payment_terms_days\n"
            for i in 0..<(300 + variant * 37) {
                let number = Int.random(in: 0..<250, using: &rng)   // repeats in both halves and across the cut
                // Variants 6 and 7: ids of one shape (C0000 … C0249), so that the halves number them before they
                // go in; in 7 an id of another shape near the end makes the index hashed after all.
                let id = variant < 6 ? String(number) : String(repeating: "0", count: 4 - String(number).count) + String(number)
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: text += "C\(id),Bad limit,DE,abc,,\n"
                case 1: text += "C\(id),\"Two\nlines\",FR,100,USD,30\n"
                case 2: text += "\n"
                case 3: text += ",No id,DE,1,,\n"
                case 4: text += "C\(id),Bad terms,DE,5,,net30\r\n"
                default: text += "C\(id),Name \(i),\(["DE", "CN", "us"][i % 3]),\(i * 10),\(i % 4 == 0 ? "USD" : ""),\(i % 90)\n"
                }
            }
            if variant == 7 { text += "K77,Another shape,DE,1,,\n" + "C0001,After it,DE,1,,\n" }
            if variant == 5 {
                // A quoted field with line breaks long enough that the middle of the file falls inside it.
                let half = text.utf8.count
                text += "C9999,\"" + String(repeating: "x\n", count: half) + "\",DE,1,,\n" + "C9998,After,DE,2,,\n"
            }
            let files = TestFiles()
            let input = CSVInput(path: files.write("customers.csv", text), name: "customers.csv")
            let whole = try ReferenceTables.readCustomers(input, fx: fx, workers: 1)
            let halves = try ReferenceTables.readCustomers(input, fx: fx, workers: 2, splitThreshold: 1)
            #expect(halves.0.customers == whole.0.customers, "variant \(variant)")
            // The index made from the hashes the halves carried finds every customer where it is.
            for (k, customer) in halves.0.customers.enumerated() {
                var id = customer.id
                #expect(id.withUTF8 { halves.0.index.index(of: $0) } == Int32(k), "variant \(variant), \(customer.id)")
            }
            #expect(halves.1 == whole.1, "variant \(variant)")
            #expect(halves.2 == whole.2, "variant \(variant)")
            // Numbered when every id has one shape, whichever way the file was read.
            #expect(halves.0.index.isNumbered == (variant == 6) && whole.0.index.isNumbered == (variant == 6), "variant \(variant)")
            #expect(whole.1.rejected > 20 && whole.1.used > 100)
            // The halves were read as halves, except where the cut fell inside the quoted field.
            let size = text.utf8.count
            let split = try ReferenceTables.readCustomerHalves(input, fx: fx, size: size)
            #expect((split == nil) == (variant == 5), "variant \(variant)")
            if let split {
                #expect(!split.0.rows.isEmpty && !split.1.rows.isEmpty)
                // Beside each row (last row first), its id's hash; 0 beside a rejected row.
                for half in [split.0, split.1] {
                    #expect(half.hashes.count == half.rows.count)
                    for (row, hash) in zip(half.rows, half.hashes) {
                        switch row {
                        case .customer(let c, _, _, _): #expect(hash == ByteKeyIndex.hash(c.id), "variant \(variant), \(c.id)")
                        case .reject: #expect(hash == 0)
                        }
                    }
                }
                // Last row first: the first half ends with the file's first customer.
                if case .customer(let c, _, _, _) = split.0.rows.last { #expect(c == whole.0.customers.first) }
            }
            // The index finds every customer where the list has it.
            for (k, c) in halves.0.customers.enumerated() {
                var bytes = Array(c.id.utf8)
                #expect(bytes.withUnsafeMutableBufferPointer { halves.0.index.index(of: UnsafeBufferPointer($0)) } == Int32(k))
            }
        }
    }

    /// What the halves of a customers file tell about their ids: one shape in both gives an index numbered
    /// before any id goes in (numbers 7 to 120 over 4 ids would be too spread: 114 > 4 × 4); another shape, an
    /// id without digits, or two different texts give none (the index is then hashed, and settled after).
    @Test func idNumbersOfTheHalves() {
        func numbers(_ ids: [String]) -> ReferenceTables.IDNumbers {
            var n = ReferenceTables.IDNumbers()
            for id in ids {
                var bytes = Array(id.utf8)
                bytes.withUnsafeMutableBufferPointer { n.note(UnsafeBufferPointer($0)) }
            }
            return n
        }
        let a = numbers(["C0010", "C0012"]), b = numbers(["C0011", "C0013", "C0010"])
        let index = ReferenceTables.IDNumbers.index(a, b)
        #expect(index?.isNumbered == true && index?.count == 0)
        #expect(ReferenceTables.IDNumbers.index(a, numbers([]))?.isNumbered == true)
        #expect(ReferenceTables.IDNumbers.index(a, numbers(["C0011", "K0012"])) == nil)     // another text in one half
        #expect(ReferenceTables.IDNumbers.index(a, numbers(["D0011"])) == nil)              // another text in the other
        #expect(ReferenceTables.IDNumbers.index(a, numbers(["C011"])) == nil)               // another length
        #expect(ReferenceTables.IDNumbers.index(numbers(["ABC"]), b) == nil)                // no digits
        #expect(ReferenceTables.IDNumbers.index(numbers(["C0007", "C0120"]), numbers(["C0050", "C0060"])) == nil)   // too spread
        #expect(ReferenceTables.IDNumbers.index(numbers([]), numbers([])) == nil)
        // Inserted into the numbered index, ids are found as a hashed index finds them.
        var numbered = ReferenceTables.IDNumbers.index(a, b)!
        for id in ["C0010", "C0012", "C0011", "C0013"] {
            let added = numbered.insert(id)
            #expect(added, "\(id)")
        }
        let again = numbered.insert("C0010")
        #expect(!again)
        #expect(numbered.isNumbered && numbered.count == 4)
        for (k, id) in ["C0010", "C0012", "C0011", "C0013"].enumerated() {
            var bytes = Array(id.utf8)
            #expect(bytes.withUnsafeMutableBufferPointer { numbered.index(of: UnsafeBufferPointer($0)) } == Int32(k))
        }
    }

    @Test func customersWithLimitsInOtherCurrencies() throws {
        let files = TestFiles()
        let path = files.write("customers.csv", """
            customer_id,name,country,industry,group_id,credit_limit,insured_limit,limit_currency,risk_grade,payment_terms_days
            C1,"Brenner, ""Nord"" GmbH",de,Machinery,G1,100000,80000,,A,60
            C2,上海华东贸易有限公司,CN,,,1000,500,usd,B,30
            C3,Sin límite,ES,,,,,,,
            C4,Rand Ltd,ZA,,,500000,, Zar ,,
            C1,Duplicate,DE,,,,,,,
            C5,Bad limit,DE,,,abc,,,,
            C6,Bad terms,DE,,,,,,,net30
            C7,Country spelt out,Germany,,,,,,,
            C8,Three letters,DEU,,,,,,,

            """)
        var fx = FXTable(reportingCurrency: "EUR")
        fx.set("USD", Rate(micros: 920_000))
        let input = CSVInput(path: path, name: "customers.csv")
        let (book, counts, rejects) = try ReferenceTables.readCustomers(input, fx: fx)
        #expect(counts == RowCounts(read: 9, used: 4, rejected: 5))
        #expect(rejects.map(\.line) == [6, 7, 8, 9, 10])
        #expect(rejects.map(\.reason) == ["repeated customer_id: the first row is used", "not a number", "not a whole number of days",
                                          "not an ISO 3166-1 alpha-2 country code", "not an ISO 3166-1 alpha-2 country code"])
        let c = book.customers
        #expect(c[0].name == "Brenner, \"Nord\" GmbH")
        #expect(c[0].country == "DE")
        #expect(c[0].creditLimit == Money(whole: 100_000))
        #expect(c[0].insuredLimit == Money(whole: 80_000))
        #expect(c[0].paymentTermsDays == 60)
        #expect(c[1].name == "上海华东贸易有限公司")
        #expect(c[1].industry == nil)
        #expect(c[1].creditLimit == Money(whole: 920))      // 1,000 USD at 0.92
        #expect(c[1].insuredLimit == Money(whole: 460))
        #expect(c[1].limitCurrency == "USD")
        #expect(c[2].creditLimit == nil)
        #expect(c[3].creditLimit == nil)
        #expect(c[3].limitNote == "limit currency ZAR has no FX rate: treated as no limit")
    }

    /// A row's rate is found by its code's slot, or by the scan when another code took that slot: on 600
    /// seeded codes (many sharing slots) every code finds its own rate, a changed rate is seen, and a code
    /// without one finds none.
    @Test func ratesByCodeWhenSlotsAreShared() {
        var rng = SplitMix(seed: 3)
        var fx = FXTable(reportingCurrency: "EUR")
        var expected: [UInt32: Rate] = [FieldParsers.currencyCode("EUR")!: .one]
        func letter() -> Character { Character(UnicodeScalar(UInt8(65 + rng.next() % 26))) }
        var unused: [UInt32] = []
        for k in 0..<1200 {
            let text = String([letter(), letter(), letter()])
            let code = FieldParsers.currencyCode(text)!
            if k % 2 == 1 { if expected[code] == nil { unused.append(code) }; continue }
            let rate = Rate(micros: Int64(rng.next() % 5_000_000 + 1))
            fx.set(text, rate)
            expected[code] = rate
        }
        unused.removeAll { expected[$0] != nil }
        for (code, rate) in expected { #expect(fx.rate(code: code) == rate) }
        for code in unused { #expect(fx.rate(code: code) == nil) }
        #expect(unused.count > 100)
        fx.set("eur", Rate(micros: 2))
        #expect(fx.rate(code: FieldParsers.currencyCode("EUR")!) == Rate(micros: 2))
    }

    @Test func fxRatesAndTheirErrors() throws {
        let files = TestFiles()
        let path = files.write("fx.csv", "currency,rate\nusd,0.92\nGBP,1.17\nEUR,1.1\nCHF,-1\nUSD,0.95\nXX,1\n")
        let (table, counts, rejects) = try ReferenceTables.readFX(CSVInput(path: path, name: "fx.csv"), reportingCurrency: "EUR")
        #expect(table.rate(for: "USD") == Rate(micros: 920_000))
        #expect(table.rate(for: "EUR") == .one)
        #expect(counts == RowCounts(read: 6, used: 2, rejected: 4))
        #expect(rejects.map(\.reason) == ["the reporting currency EUR has rate 1 by definition", "not a positive number",
                                          "repeated currency: the first rate is used", "not a three-letter ISO 4217 currency code"])
    }
}
