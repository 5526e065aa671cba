import PolicyModel

/// A live card no `cards` entry or `card_groups` match covers, as plans list it: enough to
/// tell which card it is and what it may spend, never its number.
public struct UnmanagedCard: Hashable, Sendable, Codable {
    public var id: Int
    public var last4: String?
    public var secondLine: String
    public var status: String
    public var purchaseLimit: String?
    public var atmLimit: String?
    /// The company user who holds the card, when it is not the user cardpolicy acts as.
    public var holderId: Int?
    public var nameOnCard: String

    public init(_ card: LiveCard) {
        id = card.id
        last4 = card.lastFourDigits.first
        secondLine = card.secondLine
        status = card.status.rawValue
        purchaseLimit = card.cardLimit?.description
        atmLimit = card.atmLimit?.description
        holderId = card.employeeHolderId
        nameOnCard = card.nameOnCard
    }

    /// `…4417 "Groceries" (id 2079050): ACTIVE, purchase 500.00 EUR, atm 200.00 EUR`.
    public var summary: String {
        var parts = [status]
        if let purchaseLimit { parts.append("purchase \(purchaseLimit)") }
        if let atmLimit { parts.append("atm \(atmLimit)") }
        if let holderId { parts.append("held by user \(holderId) (\"\(nameOnCard)\")") }
        let digits = last4.map { "…\($0)" } ?? "#\(id)"
        return "\(digits) \"\(secondLine)\" (id \(id)): \(parts.joined(separator: ", "))"
    }

    enum CodingKeys: String, CodingKey {
        case id, last4, status
        case secondLine = "second_line"
        case purchaseLimit = "purchase_limit"
        case atmLimit = "atm_limit"
        case holderId = "holder_id"
        case nameOnCard = "name_on_card"
    }
}
