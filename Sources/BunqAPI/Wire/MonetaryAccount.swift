/// A monetary account from `GET /user/{userID}/monetary-account`, whatever its kind
/// (`MonetaryAccountBank`, `MonetaryAccountSavings`, `MonetaryAccountJoint`, ...).
public struct MonetaryAccount: Hashable, Sendable, Identifiable {
    /// The type key, e.g. `MonetaryAccountBank`.
    public var kind: String
    public var id: Int
    public var created: BunqTimestamp?
    public var updated: BunqTimestamp?
    public var description: String?
    public var currency: String?
    /// `ACTIVE`, `BLOCKED`, `CANCELLED` or `PENDING_REOPEN`.
    public var status: String?
    public var subStatus: String?
    public var balance: Amount?
    public var dailyLimit: Amount?
    public var aliases: [Pointer]

    public init(
        kind: String, id: Int, created: BunqTimestamp? = nil, updated: BunqTimestamp? = nil,
        description: String? = nil, currency: String? = nil, status: String? = nil, subStatus: String? = nil,
        balance: Amount? = nil, dailyLimit: Amount? = nil, aliases: [Pointer] = []
    ) {
        self.kind = kind
        self.id = id
        self.created = created
        self.updated = updated
        self.description = description
        self.currency = currency
        self.status = status
        self.subStatus = subStatus
        self.balance = balance
        self.dailyLimit = dailyLimit
        self.aliases = aliases
    }

    /// The account's IBAN, from its `IBAN` alias.
    public var iban: String? {
        aliases.first(where: { $0.type == "IBAN" })?.value
    }

    init(_ keyed: TypeKeyed<Fields>) {
        let f = keyed.value
        self.init(
            kind: keyed.typeKey, id: f.id, created: f.created, updated: f.updated, description: f.description,
            currency: f.currency, status: f.status, subStatus: f.subStatus, balance: f.balance,
            dailyLimit: f.dailyLimit, aliases: f.alias ?? [])
    }

    /// The fields shared by every kind of monetary account, as they arrive on the wire.
    struct Fields: Decodable {
        let id: Int
        let created: BunqTimestamp?
        let updated: BunqTimestamp?
        let description: String?
        let currency: String?
        let status: String?
        let subStatus: String?
        let balance: Amount?
        let dailyLimit: Amount?
        let alias: [Pointer]?

        enum CodingKeys: String, CodingKey {
            case id, created, updated, description, currency, status, balance, alias
            case subStatus = "sub_status"
            case dailyLimit = "daily_limit"
        }
    }
}

/// A bunq `Pointer`: an alias such as an IBAN, email address or phone number.
public struct Pointer: Codable, Hashable, Sendable {
    /// `IBAN`, `EMAIL` or `PHONE_NUMBER`.
    public var type: String
    public var value: String
    public var name: String?

    public init(type: String, value: String, name: String? = nil) {
        self.type = type
        self.value = value
        self.name = name
    }
}
