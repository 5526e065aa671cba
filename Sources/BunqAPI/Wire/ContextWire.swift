/// Bodies and answers of the three calls that create an API context: installation, device-server, session-server (docs/bunq-client.md).
enum ContextWire {
    /// `POST /installation`.
    struct InstallationRequest: Encodable {
        let clientPublicKey: String

        enum CodingKeys: String, CodingKey {
            case clientPublicKey = "client_public_key"
        }
    }

    /// `POST /device-server`. `secret` is the API key: the body is never logged.
    struct DeviceServerRequest: Encodable {
        let description: String
        let secret: String
        let permittedIps: [String]?

        enum CodingKeys: String, CodingKey {
            case description, secret
            case permittedIps = "permitted_ips"
        }
    }

    /// `POST /session-server`.
    struct SessionServerRequest: Encodable {
        let secret: String
    }

    struct TokenObject: Decodable {
        let id: Int?
        let token: String
    }

    struct ServerPublicKeyObject: Decodable {
        let serverPublicKey: String

        enum CodingKeys: String, CodingKey {
            case serverPublicKey = "server_public_key"
        }
    }

    /// One item of a multi-part answer (installation, session-server), found by its key
    /// rather than its position.
    enum Part: Decodable {
        case id(Int)
        case token(String)
        case serverPublicKey(String)
        case user(BunqUser)
        case other(String)

        static let userKinds: Set<String> = ["UserPerson", "UserCompany", "UserApiKey", "UserPaymentServiceProvider"]

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: AnyCodingKey.self)
            guard container.allKeys.count == 1, let key = container.allKeys.first else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath, debugDescription: "expected an object with one type key"))
            }
            switch key.stringValue {
            case "Id": self = .id(try container.decode(IdObject.self, forKey: key).id)
            case "Token": self = .token(try container.decode(TokenObject.self, forKey: key).token)
            case "ServerPublicKey":
                self = .serverPublicKey(try container.decode(ServerPublicKeyObject.self, forKey: key).serverPublicKey)
            case let kind where Part.userKinds.contains(kind):
                let fields = try container.decode(UserFields.self, forKey: key)
                self = .user(BunqUser(kind: kind, fields: fields))
            default: self = .other(key.stringValue)
            }
        }
    }
}
