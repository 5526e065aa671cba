import PolicyModel

/// Turns a policy's account reference (`fallback_account`, `account`, a number's `account`)
/// into the account id bunq takes.
enum AccountResolution {
    enum Outcome: Equatable {
        case account(Int?)
        case problem(String)
    }

    /// `activeOnly`: a card paying from an account bunq has closed or blocked would refuse
    /// every payment, so such an account is a problem rather than a plan.
    static func resolve(_ reference: AccountReference, accounts: [LiveAccount], activeOnly: Bool = false) -> Outcome {
        let outcome: Outcome
        switch reference {
        case .none:
            return .account(nil)
        case .accountId(let id):
            outcome = accounts.contains { $0.id == id } ? .account(id) : .problem("no monetary account has id \(id)" + listing(accounts))
        case .iban(let iban):
            let found = accounts.filter { $0.iban.flatMap(IBAN.normalised) == iban }
            outcome = unique(found, "with IBAN \(iban)", among: accounts)
        case .description(let text):
            outcome = unique(accounts.filter { $0.description == text }, "described \"\(text)\"", among: accounts)
        }
        if activeOnly, case .account(let id?) = outcome, let account = accounts.first(where: { $0.id == id }),
            let status = account.status, status != "ACTIVE"
        {
            return .problem("monetary account \(id) \"\(account.description)\" is \(status), not ACTIVE")
        }
        return outcome
    }

    private static func unique(_ found: [LiveAccount], _ what: String, among accounts: [LiveAccount]) -> Outcome {
        switch found.count {
        case 1: return .account(found[0].id)
        case 0: return .problem("no monetary account \(what)" + listing(accounts))
        default: return .problem("\(found.count) monetary accounts \(what) (\(found.map { String($0.id) }.joined(separator: ", "))); use the account id")
        }
    }

    /// What the user could have meant: `; the accounts are 2078601 "Main" (NL52BUNQ2025406542), …`.
    /// Descriptions are compared exactly, so a near miss in case or spacing shows here.
    /// A company with hundreds of accounts gets the ten oldest (lowest ids).
    static func listing(_ accounts: [LiveAccount]) -> String {
        guard !accounts.isEmpty else { return "; the user has no monetary accounts" }
        let shown = accounts.sorted { $0.id < $1.id }.prefix(10).map { account in
            "\(account.id) \"\(Display.safe(account.description))\"" + (account.iban.map { " (\($0))" } ?? "")
        }
        let more = accounts.count > shown.count ? " and \(accounts.count - shown.count) more" : ""
        return "; the accounts are \(shown.joined(separator: ", "))\(more)"
    }
}
