import BunqAPI
import BunqEmulator
import Foundation
import Testing

@Suite("User, accounts, CVC2, pins and notification filters against the emulator")
struct AccountAndSettingsEndpointTests {
    @Test func readsTheUserAndEveryKindOfAccount() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let user = try await client.user()
            let held = fixture.emulator.snapshot()
            #expect(user.id == held.user.id)
            #expect(user.kind == "UserPerson")
            let accounts = try await client.monetaryAccounts()
            #expect(Set(accounts.map(\.id)) == Set(held.monetaryAccounts.map(\.id)))
            #expect(Set(accounts.map(\.kind)).count > 1)
            let buffer = try #require(accounts.first { $0.id == EmulatorFixture.bufferAccountId })
            #expect(buffer.iban == held.monetaryAccounts.first { $0.id == buffer.id }?.iban)
            #expect(buffer.balance?.currency == "EUR")
        }
    }

    @Test func generatedCvc2TypeCanBeReadCreatedAndChanged() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let card = EmulatorFixture.activeCardId
            #expect(try await client.generatedCvc2s(cardId: card).isEmpty)
            let created = try #require(try await client.createGeneratedCvc2(cardId: card, type: "GENERATED").value)
            let listed = try await client.generatedCvc2s(cardId: card)
            #expect(listed.map(\.id) == [created])
            #expect(listed.first?.type == "GENERATED")
            #expect(listed.first?.expiryTime != nil)
            let changed = try await client.updateGeneratedCvc2(cardId: card, id: created, type: "STATIC")
            #expect(changed.value == created)
            #expect(try await client.generatedCvc2s(cardId: card).first?.type == "STATIC")
        }
    }

    @Test func aChainIsPinnedBeforeTheOldOneIsDeleted() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let existing = try await client.pinnedCertificates()
            let old = try #require(existing.first)
            let pem = old.certificateChain.trimmingCharacters(in: .whitespacesAndNewlines)
            let newId = try #require(try await client.pinCertificateChain([pem]).value)
            #expect(Set(try await client.pinnedCertificates().map(\.id)) == Set(existing.map(\.id) + [newId]))
            #expect(try await client.pinnedCertificate(id: newId).certificateChain.contains("BEGIN CERTIFICATE"))
            let deleted = try await client.deletePinnedCertificate(id: old.id)
            guard case .applied = deleted else {
                Issue.record("expected the delete to apply, got \(deleted)")
                return
            }
            #expect(try await client.pinnedCertificates().map(\.id) == [newId])

            await #expect { try await client.pinCertificateChain(["not a certificate"]) } throws: { error in
                guard case .http(let failure) = error as? BunqAPI.BunqError else { return false }
                return failure.status == 400 && failure.path.hasSuffix("/certificate-pinned")
            }
        }
    }

    @Test func aFilterPostReplacesTheWholeScope() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let before = try await client.urlNotificationFilters()
            #expect(!before.isEmpty)
            let wanted = [
                NotificationFilterURL(category: "MUTATION", notificationTarget: "https://hooks.example.com/ledger"),
                NotificationFilterURL(category: "CARD_TRANSACTION_FAILED", notificationTarget: "https://hooks.example.com/bunq")
            ]
            let answered = try #require(try await client.replaceURLNotificationFilters(wanted).value)
            #expect(Set(answered.map(\.category)) == ["MUTATION", "CARD_TRANSACTION_FAILED"])
            let after = try await client.urlNotificationFilters()
            #expect(
                Set(after.map { "\($0.category) \($0.notificationTarget)" })
                    == Set(wanted.map { "\($0.category) \($0.notificationTarget)" }))
            #expect(after.allSatisfy { $0.id != nil })
            let post = try #require(fixture.calls("POST", "/user/{id}/notification-filter-url").last)
            #expect(!post.requestBodyText.contains("\\/"))

            #expect(try await client.replaceURLNotificationFilters([]).value?.isEmpty == true)
            #expect(try await client.urlNotificationFilters().isEmpty)
        }
    }

    @Test func pushEmailAndAccountScopesAreSeparate() async throws {
        try await withEmulator { fixture in
            let client = fixture.client()
            let account = try #require(fixture.emulator.snapshot().notificationFilters.accountUrl.keys.first.flatMap { Int($0) })
            let accountFilters = try await client.urlNotificationFilters(scope: .monetaryAccount(account))
            #expect(!accountFilters.isEmpty)

            let push = [
                NotificationFilterCategory(category: "CARD_TRANSACTION_SUCCESSFUL"),
                NotificationFilterCategory(category: "CARD_TRANSACTION_FAILED")
            ]
            #expect(try await client.replacePushNotificationFilters(push).value?.count == 2)
            #expect(Set(try await client.pushNotificationFilters().map(\.category)) == Set(push.map(\.category)))

            #expect(try await client.replaceEmailNotificationFilters([]).value == [])
            #expect(try await client.emailNotificationFilters().isEmpty)

            // The account scope and the user URL scope were not touched.
            #expect(try await client.urlNotificationFilters(scope: .monetaryAccount(account)) == accountFilters)
            #expect(!(try await client.urlNotificationFilters()).isEmpty)
        }
    }
}
