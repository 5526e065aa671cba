import PolicyModel

/// Turns a policy's `fallback_account` into the account id bunq takes.
enum FallbackResolution {
    enum Outcome: Equatable {
        case account(Int?)
        case problem(String)
    }

    static func resolve(_ fallback: AccountReference, accounts: [LiveAccount]) -> Outcome {
        switch fallback {
        case .none:
            return .account(nil)
        case .accountId(let id):
            return accounts.contains { $0.id == id } ? .account(id) : .problem("no monetary account has id \(id)")
        case .iban(let iban):
            let found = accounts.filter { $0.iban.flatMap(IBAN.normalised) == iban }
            return unique(found, "with IBAN \(iban)")
        case .description(let text):
            return unique(accounts.filter { $0.description == text }, "described \"\(text)\"")
        }
    }

    private static func unique(_ found: [LiveAccount], _ what: String) -> Outcome {
        switch found.count {
        case 1: return .account(found[0].id)
        case 0: return .problem("no monetary account \(what)")
        default: return .problem("\(found.count) monetary accounts \(what) (\(found.map { String($0.id) }.joined(separator: ", "))); use the account id")
        }
    }
}
