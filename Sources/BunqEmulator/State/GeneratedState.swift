/// Large, reproducible states for tests and benchmarks that need thousands of cards.
extension EmulatorState {
    /// The demo user, accounts, pins and filters with `cards` generated cards instead of the
    /// demo's six. The same seed always gives the same state. Cards get distinct `last4`
    /// (up to 10,000 cards) and `second_line` "Card 000042"-style names; about one in ten
    /// is in a state a policy cannot match (cancelled, expired, replaced).
    public static func generated(cards count: Int, seed: UInt64 = 1) -> EmulatorState {
        var state = demo()
        var random = SplitMix64(seed: seed)
        let accounts = state.monetaryAccounts.filter { $0.kind != .card }.map(\.id)
        let countries = ["NL", "DE", "BE", "FR", "ES", "IT", "US", "GB", "PT", "AT"]
        var nextId = 3_000_000
        func newId() -> Int {
            defer { nextId += 1 }
            return nextId
        }
        let base = 1_600_000_000.0
        state.cards = (0..<count).map { index in
            let id = newId()
            let roll = random.next() % 100
            let status: String
            var subStatus = "NONE"
            switch roll {
            case 0..<3: status = "CANCELLED"
            case 3..<6: status = "EXPIRED"
            case 6..<9: status = "DEACTIVATED"; subStatus = "REPLACED"
            case 9..<25: status = "DEACTIVATED"
            default: status = "ACTIVE"
            }
            let virtual = random.next() % 4 == 0
            let type = virtual || random.next() % 2 == 0 ? "MASTERCARD" : "MAESTRO"
            let last4 = String(format: "%04d", (index * 7919 + 1234) % 10_000)
            let name = "Card " + String(format: "%06d", index)
            let created = BunqTimestamp.string(from: .init(timeIntervalSince1970: base + Double(index) * 600))
            let countryCount = Int(random.next() % 4) + 1
            var chosen: [String] = []
            for _ in 0..<countryCount {
                let country = countries[Int(random.next() % UInt64(countries.count))]
                if !chosen.contains(country) { chosen.append(country) }
            }
            let account = accounts[Int(random.next() % UInt64(accounts.count))]
            let limit = [250, 500, 1000, 2500][Int(random.next() % 4)]
            return Card(
                id: id, created: created, publicUuid: "c0a1e000-0000-4000-8000-\(String(format: "%012d", id))",
                type: type, subType: virtual ? "VIRTUAL" : "NONE",
                productType: virtual ? "MASTERCARD_VIRTUAL" : (type == "MASTERCARD" ? "MASTERCARD_DEBIT" : "MAESTRO_DEBIT"),
                secondLine: name, nameOnCard: "A. de Vries", status: status, subStatus: subStatus,
                orderStatus: virtual ? "VIRTUAL_DELIVERY" : "DELIVERED_TO_CUSTOMER", expiryDate: "2030-12-31",
                primaryAccountNumbers: [
                    PrimaryAccountNumber(
                        id: newId(), uuid: "a7e1c2d3-0000-4000-8000-\(String(format: "%012d", id))",
                        fourDigit: last4, description: name, type: virtual ? "VIRTUAL" : "PHYSICAL")
                ],
                cardLimit: StoredAmount(value: "\(limit).00"), cardLimitAtm: StoredAmount(value: virtual ? "0.00" : "200.00"),
                countryPermission: chosen.map { CountryPermission(id: newId(), country: $0) },
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: account)],
                monetaryAccountIdFallback: random.next() % 2 == 0 ? accounts.last : nil,
                monetaryAccountIdOrdered: account
            )
        }
        state.generatedCvc2 = []
        state.nextId = nextId
        return state
    }
}

/// A tiny deterministic generator (SplitMix64), so generated states are reproducible.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
