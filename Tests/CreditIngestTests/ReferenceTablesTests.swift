import CreditCore
import Testing
@testable import CreditIngest

@Suite struct ReferenceTablesTests {
    @Test func customersWithLimitsInOtherCurrencies() throws {
        let files = TestFiles()
        let path = files.write("customers.csv", """
            customer_id,name,country,industry,group_id,credit_limit,insured_limit,limit_currency,risk_grade,payment_terms_days
            C1,"Brenner, ""Nord"" GmbH",de,Machinery,G1,100000,80000,,A,60
            C2,上海华东贸易有限公司,CN,,,1000,500,USD,B,30
            C3,Sin límite,ES,,,,,,,
            C4,Rand Ltd,ZA,,,500000,,ZAR,,
            C1,Duplicate,DE,,,,,,,
            C5,Bad limit,DE,,,abc,,,,
            C6,Bad terms,DE,,,,,,,net30

            """)
        var fx = FXTable(reportingCurrency: "EUR")
        fx.set("USD", Rate(micros: 920_000))
        let input = CSVInput(path: path, name: "customers.csv")
        let (book, counts, rejects) = try ReferenceTables.readCustomers(input, fx: fx)
        #expect(counts == RowCounts(read: 7, used: 4, rejected: 3))
        #expect(rejects.map(\.line) == [6, 7, 8])
        #expect(rejects.map(\.reason) == ["repeated customer_id: the first row is used", "not a number", "not a whole number of days"])
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
