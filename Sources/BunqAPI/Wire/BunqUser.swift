/// The bunq user the API key belongs to (`UserPerson`, `UserCompany`, `UserApiKey` or
/// `UserPaymentServiceProvider`), reduced to what cardpolicy needs.
public struct BunqUser: Hashable, Sendable {
    /// The type key bunq wrapped the user in, e.g. `UserPerson`.
    public var kind: String
    /// The id used as `{userID}` in every path.
    public var id: Int
    public var displayName: String?
    public var publicNickName: String?
    public var status: String?
    /// The user's auto-logout setting in seconds, which is the session lifetime. For a
    /// `UserApiKey` it comes from the user that requested the key.
    public var sessionTimeout: Int?

    public init(
        kind: String, id: Int, displayName: String? = nil, publicNickName: String? = nil,
        status: String? = nil, sessionTimeout: Int? = nil
    ) {
        self.kind = kind
        self.id = id
        self.displayName = displayName
        self.publicNickName = publicNickName
        self.status = status
        self.sessionTimeout = sessionTimeout
    }

    init(_ keyed: TypeKeyed<UserFields>) {
        self.init(kind: keyed.typeKey, fields: keyed.value)
    }

    init(kind: String, fields: UserFields) {
        self.init(
            kind: kind, id: fields.id, displayName: fields.displayName ?? fields.requestedByUser?.value.displayName,
            publicNickName: fields.publicNickName, status: fields.status,
            sessionTimeout: fields.sessionTimeout ?? fields.requestedByUser?.value.sessionTimeout)
    }
}

/// The fields of any user object, as they arrive on the wire.
struct UserFields: Decodable {
    let id: Int
    let displayName: String?
    let publicNickName: String?
    let status: String?
    let sessionTimeout: Int?
    /// Only on `UserApiKey`: the person or company the key acts for.
    let requestedByUser: TypeKeyed<AnchoredUserFields>?

    enum CodingKeys: String, CodingKey {
        case id, status
        case displayName = "display_name"
        case publicNickName = "public_nick_name"
        case sessionTimeout = "session_timeout"
        case requestedByUser = "requested_by_user"
    }
}

/// The user nested in a `UserApiKey`'s `requested_by_user`.
struct AnchoredUserFields: Decodable {
    let displayName: String?
    let sessionTimeout: Int?

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name"
        case sessionTimeout = "session_timeout"
    }
}
