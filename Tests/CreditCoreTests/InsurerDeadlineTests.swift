import Testing
import TestSupport
@testable import CreditCore

/// Insurer deadlines, one per insured customer, set by its oldest overdue item (docs/analytics.md).
/// As of 2026-11-20, notify 60 / claim 180 days past due, notification window 14 days.
@Suite struct InsurerDeadlineTests {
    static let asOf = Day(iso: "2026-11-20")!
    static func d(_ s: String) -> Day { Day(iso: s)! }
    static func fresh() -> InsurerDeadlines { InsurerDeadlines(policy: CreditPolicy(), asOf: asOf, notifyWithinDays: 14) }

    /// (customer, due, amount, disputed, document)
    static let items: [(Int32, String, Int64, Bool, String)] = [
        (0, "2026-09-25", 300, false, "B-7"),     // notify by 11-24 (in 4 days): in the window
        (0, "2026-06-01", 100, true, "B-2"),      // the oldest, disputed; claim from 11-28
        (0, "2026-06-01", 200, false, "B-9"),     // same due date, larger id: not the oldest
        (0, "2026-11-10", 50, false, "B-1"),      // notify by 2027-01-09: outside the window
        (1, "2026-01-15", 700, false, "C-1"),     // claim from 2026-07-14: passed
    ]

    static func add(_ x: (Int32, String, Int64, Bool, String), to book: inout InsurerDeadlines) {
        book.add(customer: x.0, dueDate: d(x.1), openAmount: Money(whole: x.2), disputed: x.3) { x.4 }
    }

    /// The list is in urgency order (due date, then customer), one deadline per customer, whatever order the
    /// items come in: many customers share a due date, and day numbers before 1970 are negative.
    @Test func sortedIsInUrgencyOrderOncePerCustomer() {
        var book = Self.fresh()
        var rng = SplitMix(seed: 0xDEAD_BEEF)
        func next(_ n: UInt64) -> Int { Int(rng.next() % n) }
        var customers: Set<Int32> = []
        for k in 0..<5_000 {
            let c = Int32(next(900)), due = Day(number: Int32(next(40) * 400 - 6_000))   // 1953 … 2012, 40 dates
            customers.insert(c)
            book.add(customer: c, dueDate: due, openAmount: Money(whole: 1), disputed: false) { "D\(k)" }
        }
        let list = book.sorted
        #expect(list.count == customers.count)
        #expect(Set(list.map(\.customerIndex)) == customers)
        #expect(zip(list, list.dropFirst()).allSatisfy { InsurerDeadline.urgency($0, $1) })
    }

    @Test func theOldestItemSetsTheDatesAndAllAreCounted() {
        var book = Self.fresh()
        for x in Self.items { Self.add(x, to: &book) }
        let list = book.sorted
        #expect(list.map(\.customerIndex) == [1, 0])          // 2026-01-15 before 2026-06-01
        let a = list[1]
        #expect(a.documentID == "B-2" && a.dueDate == Self.d("2026-06-01") && a.disputed && a.openAmount == Money(whole: 100))
        #expect(a.overdueItems == 4 && a.overdueAmount == Money(whole: 650))
        #expect(a.notifyBy(CreditPolicy()) == Self.d("2026-07-31") && a.claimFrom(CreditPolicy()) == Self.d("2026-11-28"))
        // The watchlist's figures leave the disputed item out.
        #expect(a.oldestUndisputedDue == Self.d("2026-06-01"))
        #expect(a.windowItems == 1 && a.windowAmount == Money(whole: 300) && a.windowNotifyBy == Self.d("2026-11-24"))
        let b = list[0]
        #expect(b.documentID == "C-1" && b.overdueItems == 1 && b.overdueAmount == Money(whole: 700) && b.windowItems == 0)
        #expect(b.daysPastDue(asOf: Self.asOf) == 309)
    }

    @Test func partsMergedGiveWhatOnePassGives() {
        var whole = Self.fresh()
        for x in Self.items { Self.add(x, to: &whole) }
        for split in 0...Self.items.count {
            var first = Self.fresh(), second = Self.fresh()
            for x in Self.items.prefix(split) { Self.add(x, to: &first) }
            for x in Self.items.dropFirst(split) { Self.add(x, to: &second) }
            second.merge(first)
            #expect(second.sorted == whole.sorted, "split at \(split)")
            // Counting goes on after a merge (into an empty part, the other's deadlines are taken as they are):
            // an older item of customer 1 and a first one of customer 2.
            var more = whole
            for x in [(Int32(1), "2026-01-10", Int64(5), false, "C-0"), (2, "2026-03-01", 9, false, "E-1")] {
                Self.add(x, to: &second)
                Self.add(x, to: &more)
            }
            #expect(second.sorted == more.sorted, "split at \(split), then two more items")
            #expect(second.sorted.map(\.documentID) == ["C-0", "E-1", "B-2"], "split at \(split)")
        }
    }

    /// Parts put in order and merged in one walk give what one pass gives, deadline for deadline: customers
    /// in both parts, whose earlier deadline is in either part or has the same due date in both, customers in
    /// one part only, and parts merged in order with a part that is not.
    @Test func partsInOrderMergedGiveWhatOnePassGives() {
        var rng = SplitMix(seed: 0x5EED_0D0E)
        func next(_ n: UInt64) -> Int { Int(rng.next() % n) }
        for round in 0..<20 {
            var whole = Self.fresh()
            var parts = [Self.fresh(), Self.fresh(), Self.fresh()]
            var twoInOnePass = Self.fresh()            // the items of the first two parts
            for k in 0..<400 {
                // 60 customers, 12 due dates (so many ties across parts), some disputed, ids in no order.
                let c = Int32(next(60)), due = Day(number: Self.asOf.number - Int32(20 + next(12) * 30))
                let x = (c, due.iso, Int64(1 + next(500)), next(5) == 0, "D\(next(10_000))-\(k)")
                let part = next(3)
                Self.add(x, to: &whole)
                Self.add(x, to: &parts[part])
                if part < 2 { Self.add(x, to: &twoInOnePass) }
            }
            parts[0].putInOrder()
            parts[1].putInOrder()
            #expect(parts[0].inOrder && parts[1].inOrder && !parts[2].inOrder)
            var merged = parts[0]
            merged.merge(parts[1])
            #expect(merged.inOrder, "round \(round)")
            merged.merge(parts[2])                     // not in order: merged customer by customer
            #expect(!merged.inOrder)
            #expect(merged.sorted == whole.sorted, "round \(round)")
            // Counting goes on after a merge in order: an item older than any, of a customer already listed.
            var two = parts[0]
            two.merge(parts[1])
            #expect(two.sorted == twoInOnePass.sorted, "round \(round)")
            let old = (Int32(3), "2020-01-01", Int64(7), false, "A-0")
            Self.add(old, to: &two)
            Self.add(old, to: &twoInOnePass)
            #expect(!two.inOrder)
            #expect(two.sorted == twoInOnePass.sorted, "round \(round)")
            #expect(two.sorted.first?.documentID == "A-0")
        }
    }
}
