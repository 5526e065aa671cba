import BunqEmulator
import Foundation
import Testing

@Suite("generated-cvc2 and certificate pinning")
struct CardExtrasTests {
    @Test("generated-cvc2: POST, list, read, PUT; the card shows the current type")
    func generatedCvc2() async throws {
        try await withSession { server, client in
            let base = "/user/\(client.userId)/card/\(DemoCards.groceries)"
            #expect((try await client.send(.GET, base).first("Card")?["card_generated_cvc2"] as? [String: Any])?["type"] as? String == "STATIC")
            let created = try await client.send(.POST, base + "/generated-cvc2", json: ["type": "GENERATED"])
            #expect(created.status == 200)
            let id = try #require(created.first("Id")?["id"] as? Int)
            let list = try await client.send(.GET, base + "/generated-cvc2")
            let entry = try #require(list.all("CardGeneratedCvc2").first)
            #expect(entry["id"] as? Int == id)
            #expect(entry["type"] as? String == "GENERATED")
            #expect((entry["cvc2"] as? String)?.count == 3)
            #expect(entry["status"] as? String == "AVAILABLE")
            #expect((try await client.send(.GET, base).first("Card")?["card_generated_cvc2"] as? [String: Any])?["type"] as? String == "GENERATED")
            let read = try await client.send(.GET, base + "/generated-cvc2/\(id)")
            #expect(read.first("CardGeneratedCvc2")?["id"] as? Int == id)
            #expect(try await client.send(.PUT, base + "/generated-cvc2/\(id)", json: ["type": "STATIC"]).status == 200)
            #expect(server.snapshot().generatedCvc2.first { $0.id == id }?.type == "STATIC")
            #expect(try await client.send(.PUT, base + "/generated-cvc2/\(id)", json: ["type": "DYNAMIC"]).status == 400)
            #expect(try await client.send(.POST, base + "/generated-cvc2", json: ["type": "GENERATED", "cvc2": "123"]).status == 400)
            #expect(try await client.send(.GET, base + "/generated-cvc2/1").status == 404)
            let cancelled = "/user/\(client.userId)/card/\(DemoCards.cancelled)/generated-cvc2"
            #expect(try await client.send(.POST, cancelled, json: ["type": "GENERATED"]).status == 400)
        }
    }

    @Test("certificate-pinned: POST an array of PEMs, GET them back as ONE newline-joined string, DELETE")
    func certificatePinning() async throws {
        try await withSession { server, client in
            let base = "/user/\(client.userId)/certificate-pinned"
            let first = EmulatorState.demoCertificatePEM
            let second = EmulatorState.demoCertificatePEM
            let created = try await client.send(.POST, base, json: ["certificate_chain": [["certificate": first], ["certificate": second]]])
            #expect(created.status == 200)
            let id = try #require(created.first("Id")?["id"] as? Int)
            let read = try await client.send(.GET, base + "/\(id)")
            let pinned = try #require(read.first("CertificatePinned"))
            #expect(pinned["certificate_chain"] as? String == first + "\n" + second)
            #expect(pinned["id"] as? Int == id)
            let list = try await client.send(.GET, base)
            #expect(list.all("CertificatePinned").compactMap { $0["id"] as? Int } == [id, 2_079_080])
            let deleted = try await client.send(.DELETE, base + "/\(id)")
            #expect(deleted.status == 200)
            #expect(client.isSignedByServer(deleted))
            #expect(try await client.send(.GET, base + "/\(id)").status == 404)
            #expect(try await client.send(.DELETE, base + "/\(id)").status == 404)
            #expect(server.snapshot().certificatePins.map(\.id) == [2_079_080])
        }
    }

    @Test("certificate-pinned refuses what is not a certificate chain, and has no PUT")
    func certificateValidation() async throws {
        try await withSession { server, client in
            let base = "/user/\(client.userId)/certificate-pinned"
            for body: [String: Any] in [
                ["certificate_chain": [["certificate": "hello"]]],
                ["certificate_chain": []],
                ["certificate_chain": EmulatorState.demoCertificatePEM],
                ["certificate_chain": [["certificate": EmulatorState.demoCertificatePEM, "id": 1]]],
                [:]
            ] {
                #expect(try await client.send(.POST, base, json: body).status == 400, "\(body)")
            }
            let put = try await client.send(.PUT, base + "/2079080", json: ["certificate_chain": []])
            #expect(put.status == 405)
            #expect(put.headers.first(name: "Allow") == "DELETE, GET")
            #expect(server.snapshot().certificatePins.count == 1)
        }
    }
}
