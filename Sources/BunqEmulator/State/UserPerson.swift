/// The one bunq user the emulator serves (bunq's `UserPerson`).
public struct UserPerson: Codable, Equatable, Sendable {
    public var id: Int
    public var created: String
    public var updated: String
    public var publicUuid: String
    public var firstName: String
    public var lastName: String
    public var displayName: String
    public var publicNickName: String
    public var email: String
    public var phoneNumber: String
    /// Auto-logout in seconds: how long a session lives.
    public var sessionTimeout: Int
    public var language: String
    public var region: String
    public var nationality: String

    public init(
        id: Int, created: String, publicUuid: String, firstName: String, lastName: String,
        email: String, phoneNumber: String, sessionTimeout: Int = 604_800,
        language: String = "en_US", region: String = "nl_NL", nationality: String = "NL"
    ) {
        self.id = id
        self.created = created
        self.updated = created
        self.publicUuid = publicUuid
        self.firstName = firstName
        self.lastName = lastName
        self.displayName = "\(firstName) \(lastName)"
        self.publicNickName = firstName
        self.email = email
        self.phoneNumber = phoneNumber
        self.sessionTimeout = sessionTimeout
        self.language = language
        self.region = region
        self.nationality = nationality
    }
}
