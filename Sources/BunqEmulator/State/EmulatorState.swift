/// Everything the emulator serves and remembers; the JSON state file is this, encoded
/// with snake_case keys (see docs/emulator.md).
public struct EmulatorState: Codable, Equatable, Sendable {
    public var formatVersion: Int
    public var user: UserPerson
    public var monetaryAccounts: [MonetaryAccount]
    public var cards: [Card]
    public var generatedCvc2: [GeneratedCvc2]
    public var certificatePins: [CertificatePin]
    public var notificationFilters: NotificationFilters
    /// When set, only these API keys are accepted; otherwise any non-empty key is.
    public var apiKeys: [String]?
    public var options: EmulatorOptions
    public var apiContext: ApiContextState
    /// The next id to hand out; ids grow with creation time, which is what "newest first" sorts by.
    public var nextId: Int

    public init(
        user: UserPerson, monetaryAccounts: [MonetaryAccount], cards: [Card],
        generatedCvc2: [GeneratedCvc2] = [], certificatePins: [CertificatePin] = [],
        notificationFilters: NotificationFilters = NotificationFilters(), apiKeys: [String]? = nil,
        options: EmulatorOptions = EmulatorOptions(), apiContext: ApiContextState = ApiContextState(),
        nextId: Int? = nil
    ) {
        self.formatVersion = 1
        self.user = user
        self.monetaryAccounts = monetaryAccounts
        self.cards = cards
        self.generatedCvc2 = generatedCvc2
        self.certificatePins = certificatePins
        self.notificationFilters = notificationFilters
        self.apiKeys = apiKeys
        self.options = options
        self.apiContext = apiContext
        self.nextId = 0
        self.nextId = nextId ?? (highestId + 1)
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion, user, monetaryAccounts, cards, generatedCvc2, certificatePins
        case notificationFilters, apiKeys, options, apiContext, nextId
    }

    /// Only `user`, `monetary_accounts` and `cards` are required, so a hand-written state
    /// file can stay short.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.formatVersion = try container.decodeIfPresent(Int.self, forKey: .formatVersion) ?? 1
        self.user = try container.decode(UserPerson.self, forKey: .user)
        self.monetaryAccounts = try container.decode([MonetaryAccount].self, forKey: .monetaryAccounts)
        self.cards = try container.decode([Card].self, forKey: .cards)
        self.generatedCvc2 = try container.decodeIfPresent([GeneratedCvc2].self, forKey: .generatedCvc2) ?? []
        self.certificatePins = try container.decodeIfPresent([CertificatePin].self, forKey: .certificatePins) ?? []
        self.notificationFilters = try container.decodeIfPresent(NotificationFilters.self, forKey: .notificationFilters) ?? NotificationFilters()
        self.apiKeys = try container.decodeIfPresent([String].self, forKey: .apiKeys)
        self.options = try container.decodeIfPresent(EmulatorOptions.self, forKey: .options) ?? EmulatorOptions()
        self.apiContext = try container.decodeIfPresent(ApiContextState.self, forKey: .apiContext) ?? ApiContextState()
        self.nextId = 0
        let stored = try container.decodeIfPresent(Int.self, forKey: .nextId) ?? 0
        self.nextId = max(stored, highestId + 1)
    }

    /// The highest id in use by any object, so a new id never collides.
    var highestId: Int {
        var ids = [user.id]
        ids += monetaryAccounts.map(\.id)
        ids += cards.map(\.id)
        ids += cards.flatMap { $0.primaryAccountNumbers.map(\.id) + $0.countryPermission.map(\.id) }
        ids += generatedCvc2.map(\.id)
        ids += certificatePins.map(\.id)
        let filters = notificationFilters
        ids += (filters.url + filters.push + filters.email + filters.accountUrl.values.flatMap { $0 }).map(\.id)
        ids += apiContext.installations.map(\.id) + apiContext.deviceServers.map(\.id) + apiContext.sessions.map(\.id)
        return ids.max() ?? 0
    }

    /// Hands out the next id.
    mutating func allocateId() -> Int {
        defer { nextId += 1 }
        return nextId
    }
}

/// Switches for behaviour where bunq's documentation and its SDKs disagree.
public struct EmulatorOptions: Codable, Equatable, Sendable {
    /// What a card PUT answers: bunq's spec says `{"Id":{"id":N}}` ("id"); the SDKs parse a
    /// whole card ("card"). Clients must cope with both.
    public var cardPutResponse: String
    /// Whether the user may PUT a card another user of the company holds: bunq does not
    /// document it, so a client must report a refusal for that card rather than assume either.
    public var employeeCardChanges: EmployeeCardChanges
    /// Whether a new `second_line` or `preferred_name_on_card` on a physical card moves its
    /// `order_status` to `CARD_UPDATE_REQUESTED`, as if bunq ordered a reprint. bunq does not
    /// document it (its order statuses suggest it), so it is a switch; on by default.
    public var nameChangeReprints: Bool
    /// How `POST /user/{id}/card-batch` treats a batch with a card that cannot change, or
    /// whether it is served at all: bunq documents neither, so a client must cope with each.
    public var cardBatch: CardBatchMode
    /// The most cards one card-batch request may carry; nil: no maximum (bunq documents none).
    public var cardBatchMaxCards: Int?

    public enum CardBatchMode: String, Codable, Sendable, CaseIterable {
        /// One card that cannot change refuses the whole batch with that card's error.
        case atomic
        /// Cards that cannot change are left out of `updated_card_ids`; the rest change.
        case partial
        /// The endpoint is not there: 404.
        case notFound = "not_found"
        /// The endpoint refuses POST: 405.
        case methodNotAllowed = "method_not_allowed"
    }

    public enum EmployeeCardChanges: String, Codable, Sendable {
        case allow
        /// Refused with 403 and an `error_description`, as bunq refuses what a user may not do.
        case refuse
    }

    public init(
        cardPutResponse: String = "id", employeeCardChanges: EmployeeCardChanges = .allow, nameChangeReprints: Bool = true,
        cardBatch: CardBatchMode = .atomic, cardBatchMaxCards: Int? = nil
    ) {
        self.cardPutResponse = cardPutResponse
        self.employeeCardChanges = employeeCardChanges
        self.nameChangeReprints = nameChangeReprints
        self.cardBatch = cardBatch
        self.cardBatchMaxCards = cardBatchMaxCards
    }

    enum CodingKeys: String, CodingKey {
        case cardPutResponse, employeeCardChanges, nameChangeReprints, cardBatch, cardBatchMaxCards
    }

    /// State files written before a switch existed lack its key and keep the default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cardPutResponse = try container.decodeIfPresent(String.self, forKey: .cardPutResponse) ?? "id"
        employeeCardChanges = try container.decodeIfPresent(EmployeeCardChanges.self, forKey: .employeeCardChanges) ?? .allow
        nameChangeReprints = try container.decodeIfPresent(Bool.self, forKey: .nameChangeReprints) ?? true
        cardBatch = try container.decodeIfPresent(CardBatchMode.self, forKey: .cardBatch) ?? .atomic
        cardBatchMaxCards = try container.decodeIfPresent(Int.self, forKey: .cardBatchMaxCards)
    }
}
