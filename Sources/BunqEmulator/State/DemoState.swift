/// The documented demo state (docs/emulator.md): what `cardpolicy emulator` serves on a
/// fresh state file, and what a new user first plans against.
extension EmulatorState {
    public static func demo() -> EmulatorState {
        let user = UserPerson(
            id: 2_078_600, created: "2019-03-14 09:21:07.118204", publicUuid: "5c3b0b0e-6f5e-4c36-9a52-0b6f1e2d9a01",
            firstName: "Alice", lastName: "de Vries", email: "alice@example.com", phoneNumber: "+31612345678"
        )
        let main = MonetaryAccount(
            id: 2_078_781, kind: .bank, created: "2019-03-14 09:25:41.502113", publicUuid: "8d1f2a63-1c0b-4e3e-9f7a-6a2b3c4d5e01",
            description: "Main", balance: StoredAmount(value: "2450.17"), dailyLimit: StoredAmount(value: "1000.00"), iban: "NL90BUNQ2078781001"
        )
        let buffer = MonetaryAccount(
            id: 2_078_790, kind: .savings, created: "2019-04-02 18:03:12.771940", publicUuid: "8d1f2a63-1c0b-4e3e-9f7a-6a2b3c4d5e02",
            description: "Buffer", balance: StoredAmount(value: "5000.00"), dailyLimit: StoredAmount(value: "1000.00"), iban: "NL48BUNQ2078790002"
        )
        let cardAccount = MonetaryAccount(
            id: 2_078_795, kind: .card, created: "2024-01-08 11:40:55.004512", publicUuid: "8d1f2a63-1c0b-4e3e-9f7a-6a2b3c4d5e03",
            description: "prepaid credit card", balance: StoredAmount(value: "120.00"), dailyLimit: StoredAmount(value: "500.00"), iban: "NL45BUNQ2078795003"
        )
        let eur = { (value: String) in StoredAmount(value: value) }
        func pan(_ id: Int, _ last4: String, _ description: String, type: String = "PHYSICAL", status: String = "ACTIVE") -> [PrimaryAccountNumber] {
            [
                PrimaryAccountNumber(
                    id: id, uuid: "a7e1c2d3-0000-4000-8000-\(String(id))00000", fourDigit: last4, description: description, status: status, type: type)
            ]
        }
        let cards = [
            Card(
                id: 2_079_010, created: "2019-05-20 10:11:12.000000", updated: "2024-07-01 00:00:03.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079010", type: "MAESTRO", productType: "MAESTRO_DEBIT",
                secondLine: "Daily", nameOnCard: "A. de Vries", status: "EXPIRED", orderStatus: "DELIVERED_TO_CUSTOMER",
                expiryDate: "2024-06-30", primaryAccountNumbers: pan(2_079_011, "1142", "Daily", status: "CANCELLED"),
                cardLimit: eur("500.00"), cardLimitAtm: eur("200.00"),
                countryPermission: [CountryPermission(id: 2_079_012, country: "NL")],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdOrdered: main.id),
            Card(
                id: 2_079_020, created: "2021-02-03 14:15:16.000000", updated: "2023-09-12 08:30:00.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079020", type: "MASTERCARD", productType: "MASTERCARD_DEBIT",
                secondLine: "Old Travel", nameOnCard: "A. de Vries", status: "CANCELLED", orderStatus: "DELIVERED_TO_CUSTOMER",
                expiryDate: "2026-01-31", primaryAccountNumbers: pan(2_079_021, "5531", "Old Travel", status: "CANCELLED"),
                cardLimit: eur("1000.00"), cardLimitAtm: eur("250.00"),
                countryPermission: [CountryPermission(id: 2_079_022, country: "NL")],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdOrdered: main.id,
                cancellationReason: "LOST_CARD"),
            Card(
                id: 2_079_030, created: "2023-06-01 09:00:00.000000", updated: "2025-03-10 12:00:00.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079030", type: "MASTERCARD", productType: "MASTERCARD_DEBIT",
                secondLine: "Alice Travel", nameOnCard: "A. de Vries", status: "DEACTIVATED", subStatus: "REPLACED",
                orderStatus: "DELIVERED_TO_CUSTOMER", expiryDate: "2028-05-31",
                primaryAccountNumbers: pan(2_079_031, "2290", "Alice Travel"),
                cardLimit: eur("1000.00"), cardLimitAtm: eur("250.00"),
                countryPermission: [CountryPermission(id: 2_079_032, country: "NL")],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdOrdered: main.id,
                replacedByCardId: 2_079_040),
            Card(
                id: 2_079_040, created: "2025-03-10 12:00:00.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079040", type: "MASTERCARD", productType: "MASTERCARD_DEBIT",
                secondLine: "Alice Travel", nameOnCard: "A. de Vries", status: "ACTIVE", orderStatus: "DELIVERED_TO_CUSTOMER",
                expiryDate: "2030-03-31", primaryAccountNumbers: pan(2_079_041, "8069", "Alice Travel"),
                paymentAccountReference: "5001ABCDEFGHIJKLMNOPQRSTUVWXY",
                cardLimit: eur("1000.00"), cardLimitAtm: eur("250.00"),
                countryPermission: [
                    CountryPermission(id: 2_079_042, country: "NL"),
                    CountryPermission(id: 2_079_043, country: "DE"),
                    CountryPermission(id: 2_079_044, country: "BE")
                ],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdFallback: buffer.id,
                monetaryAccountIdOrdered: main.id),
            Card(
                id: 2_079_050, created: "2025-04-22 16:45:30.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079050", type: "MAESTRO", productType: "MAESTRO_DEBIT",
                secondLine: "Groceries", nameOnCard: "A. de Vries", status: "ACTIVE", orderStatus: "DELIVERED_TO_CUSTOMER",
                expiryDate: "2030-04-30", primaryAccountNumbers: pan(2_079_051, "4417", "Groceries"),
                cardLimit: eur("500.00"), cardLimitAtm: eur("200.00"),
                countryPermission: [CountryPermission(id: 2_079_052, country: "NL")],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdOrdered: main.id),
            Card(
                id: 2_079_060, created: "2025-06-02 08:12:44.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079060", type: "MASTERCARD", subType: "VIRTUAL",
                productType: "MASTERCARD_VIRTUAL", secondLine: "Virtual Shopping", nameOnCard: "A. de Vries",
                status: "DEACTIVATED", orderStatus: "VIRTUAL_DELIVERY", expiryDate: "2030-06-30",
                primaryAccountNumbers: pan(2_079_061, "7713", "Virtual Shopping", type: "VIRTUAL")
                    + pan(2_079_064, "5120", "AWS", type: "VIRTUAL"),
                cardLimit: eur("250.00"), cardLimitAtm: eur("0.00"),
                countryPermission: [
                    CountryPermission(id: 2_079_062, country: "NL"),
                    CountryPermission(id: 2_079_063, country: "US", expiryTime: "2026-12-31 23:59:59.000000")
                ],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdFallback: buffer.id,
                monetaryAccountIdOrdered: main.id),
            // A company card Alice pays for and an employee holds: listed in her cards, held by another user.
            Card(
                id: 2_079_100, created: "2025-09-15 09:30:00.000000",
                publicUuid: "c0a1e000-0000-4000-8000-000002079100", type: "MAESTRO", productType: "MAESTRO_DEBIT",
                secondLine: "Office", nameOnCard: "B. Jansen", status: "ACTIVE", orderStatus: "DELIVERED_TO_CUSTOMER",
                expiryDate: "2030-09-30", primaryAccountNumbers: pan(2_079_101, "3388", "Office"),
                cardLimit: eur("500.00"), cardLimitAtm: eur("100.00"),
                countryPermission: [CountryPermission(id: 2_079_102, country: "NL")],
                pinCodeAssignment: [PinCodeAssignment(monetaryAccountId: main.id)], monetaryAccountIdOrdered: main.id,
                userHolderId: 2_078_610)
        ]
        let cvc2 = [
            GeneratedCvc2(
                id: 2_079_070, cardId: 2_079_060, created: "2025-06-02 08:13:00.000000", type: "GENERATED",
                cvc2: "381", expiryTime: "2025-06-03 08:13:00.000000")
        ]
        let pins = [CertificatePin(id: 2_079_080, created: "2025-06-10 10:00:00.000000", certificates: [demoCertificatePEM])]
        let filters = NotificationFilters(
            url: [
                NotificationFilter(
                    id: 2_079_090, created: "2025-06-10 10:05:00.000000", category: "CARD_TRANSACTION_SUCCESSFUL",
                    notificationTarget: "https://hooks.example.com/bunq")
            ],
            push: [NotificationFilter(id: 2_079_091, created: "2025-06-10 10:05:00.000000", category: "CARD_TRANSACTION_FAILED")],
            email: [NotificationFilter(id: 2_079_092, created: "2025-06-10 10:05:00.000000", category: "BILLING")],
            accountUrl: [
                String(main.id): [
                    NotificationFilter(
                        id: 2_079_093, created: "2025-06-10 10:06:00.000000", category: "MUTATION",
                        notificationTarget: "https://hooks.example.com/ledger")
                ]
            ]
        )
        return EmulatorState(
            user: user, monetaryAccounts: [main, buffer, cardAccount], cards: cards, generatedCvc2: cvc2,
            certificatePins: pins, notificationFilters: filters, nextId: 2_080_000)
    }

    /// A self-signed certificate for hooks.example.com, valid until 2076, pinned in the demo.
    public static let demoCertificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIDbTCCAlWgAwIBAgIUIfyMa8PSiDPBkB87GtpGmfRapaUwDQYJKoZIhvcNAQEL
        BQAwNjEaMBgGA1UEAwwRaG9va3MuZXhhbXBsZS5jb20xGDAWBgNVBAoMD2NhcmRw
        b2xpY3kgZGVtbzAgFw0yNjExMjExMTA3MzdaGA8yMDc2MTEwODExMDczN1owNjEa
        MBgGA1UEAwwRaG9va3MuZXhhbXBsZS5jb20xGDAWBgNVBAoMD2NhcmRwb2xpY3kg
        ZGVtbzCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBANFblmi7bCBZ/vtO
        AmzZEZ3/SRWBkX4k2So6wDxuZFZtp5u68jDvdTuCxXeDsgkCg9MD6XV6tc1V5bnr
        c4AnhzCzMsw/kWM1BycAn/hF9WaV1kxn/kusXZtXbN/C5y9NMuZinmffJTU/rMwB
        h4PNMSzI+grnbP8LqzeqNop0wjx1fFIwnUBjBB3LJVDOJ1dKDd2EwVQFTFkHn/j0
        P8p4hUYeYuZJmZz6pj8Kh4JYFRDKNl6HArGEIsbcPLf6jsQ6uSRs2W9Pt8eCan2B
        WBJJSkW0IqUjAa+yoLTJDyZrLlDB6TbhmdW2PWr9UY5eRPQ/V1NIYPdamn7bvL5L
        ryZmKf8CAwEAAaNxMG8wHQYDVR0OBBYEFOsh7oRTVpiovUg4R0IP9ECa1F/GMB8G
        A1UdIwQYMBaAFOsh7oRTVpiovUg4R0IP9ECa1F/GMA8GA1UdEwEB/wQFMAMBAf8w
        HAYDVR0RBBUwE4IRaG9va3MuZXhhbXBsZS5jb20wDQYJKoZIhvcNAQELBQADggEB
        ADwEmuVtaPzrAS21A2U8C0C4s20y39aQUmDviqbTxvtfdRcjAUX3sdIsok1o6Nt7
        b+ClitiZ5Q5ZJkN309B7HqdSaUEwQHGe6JYQw/JtWTtiqqob9WEoFj8e4ZCc+CPX
        o3Vy1H/JD40UnSTeTMfMYUr47OGc8QYy9E3V1Ef8czW5NgDHc4a/6dhF0eqWJ1zO
        fHowTFa+s+rr4fGmemmM0ndpS0lxOBJMsXwLYq+J6kLWO1nhESbIX1JqSdfdKkbZ
        LEhXaVYyhGqHFhyRDeDRs730No4SGvWPAWkLPU2jalF8eD61/jvSZap/kATH6XZP
        fe9KAD84mIlXvsv95LyvphA=
        -----END CERTIFICATE-----
        """
}
