import BunqAPI
import PolicyModel

/// Reads one snapshot with the fewest calls: cards 200 to a page, accounts, and only the
/// pinned chains, filter scopes and generated-CVC2 lists the policy needs. Independent
/// lists are read concurrently; the client paces each endpoint under bunq's limits.
public struct LiveStateReader: Sendable {
    /// What to read besides cards and accounts.
    public enum Scope: Sendable {
        /// What the policy declares (plan, drift, apply).
        case policy(Policy)
        /// Every scope (export).
        case everything
        /// Given scopes (re-reading what a plan writes to).
        case explicit(pinnedChains: Bool, notificationScopes: [NotificationScope])
    }

    public let client: BunqClient

    public init(client: BunqClient) { self.client = client }

    public func read(_ scope: Scope) async throws -> LiveState {
        let userId = try await client.userId()
        async let cards = client.cards { Self.card($0) }
        async let accounts = client.monetaryAccounts()
        let wantsPins: Bool
        var scopes: [NotificationScope]
        switch scope {
        case .policy(let policy):
            wantsPins = policy.certificates != nil
            scopes = policy.notifications.map(\.scope)
        case .everything:
            wantsPins = true
            scopes = [.userURL, .userPush, .userEmail]
        case let .explicit(pinnedChains, notificationScopes):
            wantsPins = pinnedChains
            scopes = notificationScopes
        }
        async let pins = wantsPins ? client.pinnedCertificates() : []

        var live = LiveState(userId: userId)
        live.accounts = try await accounts.map(Self.account)
        if case .everything = scope {
            scopes += live.accounts.filter { $0.status == nil || $0.status == "ACTIVE" }.map { .accountURL($0.id) }
        }
        live.notificationScopes = try await filters(scopes)
        live.cards = try await cards
        live.pinnedChains = wantsPins ? try await pins.map(Self.chain) : nil
        if case .policy(let policy) = scope {
            for cardId in Planner.cardsNeedingGeneratedCvc2(policy: policy, live: live) {
                live.generatedCvc2[cardId] = try await client.generatedCvc2s(cardId: cardId).map {
                    LiveGeneratedCvc2(id: $0.id, type: $0.type ?? "STATIC", status: $0.status)
                }
            }
        }
        return live
    }

    private func filters(_ scopes: [NotificationScope]) async throws -> [LiveNotificationScope] {
        try await withThrowingTaskGroup(of: (Int, LiveNotificationScope).self) { group in
            for (index, scope) in scopes.enumerated() {
                group.addTask {
                    let filters: [LiveNotificationFilter]
                    switch scope {
                    case .userURL:
                        filters = try await client.urlNotificationFilters(scope: .user).map(Self.urlFilter)
                    case .accountURL(let account):
                        filters = try await client.urlNotificationFilters(scope: .monetaryAccount(account)).map(Self.urlFilter)
                    case .userPush:
                        filters = try await client.pushNotificationFilters().map { LiveNotificationFilter(category: $0.category) }
                    case .userEmail:
                        filters = try await client.emailNotificationFilters().map { LiveNotificationFilter(category: $0.category) }
                    }
                    return (index, LiveNotificationScope(scope: scope, filters: filters))
                }
            }
            var results: [(Int, LiveNotificationScope)] = []
            for try await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    static func urlFilter(_ filter: NotificationFilterURL) -> LiveNotificationFilter {
        LiveNotificationFilter(category: filter.category, target: filter.notificationTarget)
    }

    static func money(_ amount: Amount?) -> PolicyAmount? {
        amount.map { PolicyAmount(value: $0.value, currency: $0.currency) }
    }

    static func card(_ card: Card) -> LiveCard {
        LiveCard(
            id: card.id, type: card.type ?? "", productType: SharedText.shared(card.productType), secondLine: card.secondLine ?? "",
            nameOnCard: card.nameOnCard ?? "", lastFourDigits: card.lastFourDigits, status: card.status ?? CardStatus(rawValue: ""),
            subStatus: card.subStatus, orderStatus: SharedText.shared(card.orderStatus?.rawValue), cardLimit: money(card.cardLimit),
            atmLimit: money(card.cardLimitATM), countries: (card.countryPermissions ?? []).map(\.country),
            fallbackAccountId: card.fallbackAccountId, primaryAccountId: card.primaryAccountId,
            cvc2Type: card.cardGeneratedCvc2?.type, userOwnerId: card.userOwnerId, userHolderId: card.userHolderId,
            replacedById: card.cardReplacement?.cardNewId, subType: card.subType, preferredNameOnCard: card.preferredNameOnCard,
            pinAssignments: (card.pinCodeAssignments ?? []).map {
                LivePinAssignment(type: $0.type, routingType: $0.routingType, accountId: $0.monetaryAccountId)
            },
            numbers: (card.primaryAccountNumbers ?? []).compactMap { number in
                number.id.map {
                    LiveCardNumber(
                        id: $0, last4: number.fourDigit ?? "", description: number.description, status: number.status,
                        accountId: number.monetaryAccountId, type: number.type)
                }
            })
    }

    static func account(_ account: MonetaryAccount) -> LiveAccount {
        LiveAccount(
            id: account.id, description: account.description ?? "", iban: account.iban, status: account.status,
            kind: account.kind)
    }

    static func chain(_ pinned: CertificatePinned) -> LivePinnedChain {
        let certificates = PinnedCertificate.chain(fromPEM: pinned.certificateChain) ?? []
        return LivePinnedChain(
            id: pinned.id, fingerprints: certificates.map(\.fingerprint),
            subjects: certificates.map(\.subject), pem: pinned.certificateChain)
    }
}
