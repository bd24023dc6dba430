import Testing
@testable import CreditIngest

@Suite struct PostingQueueTests {
    /// Items come back in arrival order: none while the queue fills, then the oldest at each push (handed
    /// over in its slot, before the new item takes that slot), then the rest from `pop`.
    @Test func handsBackItemsInArrivalOrder() {
        var queue = PostingQueue<String>()
        defer { queue.deallocate() }
        var out: [String] = []
        for k in 0..<20 {
            queue.push("item \(k)") { out.append($0.pointee) }
            #expect(out.count == max(0, k + 1 - PostingQueue<String>.depth))
        }
        while let rest = queue.pop() { out.append(rest) }
        #expect(out == (0..<20).map { "item \($0)" })
        #expect(queue.pop() == nil)
    }

    /// A queue that never filled gives its items back in order and can be dropped with items in it (arrays
    /// here, reference-counted, so a leak or a double free would show under a sanitizer; this test alone
    /// does not catch a leak).
    @Test func aPartlyFilledQueueDrains() {
        var queue = PostingQueue<[Int]>()
        var handed = 0
        queue.push([1]) { _ in handed += 1 }
        queue.push([2, 2]) { _ in handed += 1 }
        #expect(handed == 0)
        #expect(queue.pop() == [1] && queue.pop() == [2, 2] && queue.pop() == nil)
        queue.push([3]) { _ in handed += 1 }
        #expect(handed == 0)
        queue.deallocate()
    }
}
