import Foundation
import PolicyModel
import Testing

/// Feeds mutated variants of the shipped policies to the loader: every one must end in a
/// policy or in error diagnostics, promptly. A crash or a hang fails the whole run.
@Suite("robustness against mutated input")
struct FuzzTests {
    static let variants = 10_000
    static let perInputLimit: TimeInterval = 2

    /// SplitMix64: small, fast and reproducible from its seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    static let tokens: [String] = [
        ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "\"", "'", "|", ">", "|-", "? ", "&a ", "*a", "*b", "&b [*a,*a,*a]",
        "!!binary ", "!!str ", "!custom ", "\t", "\n", "\n  ", "---\n", "...\n", "%YAML 1.2\n", "#", "~", "null", "yes", "NO",
        "0x1F", "1e400", "-1", "100.999 EUR", "99999999999999999999 EUR", "2026-02-30", "\u{0}", "\u{FEFF}", "\u{1F4B3}",
        "\\u0000", "<<: *a\n", "https://", "http://x", "version: 2\n", "cards:", "match:", "last4:", "until:"
    ]

    static func seeds() throws -> [(path: String, bytes: [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        for folder in ["examples", "policies"] {
            let root = repositoryRoot.appendingPathComponent(folder).path
            let walker = FileManager.default.enumerator(atPath: root)
            while let relative = walker?.nextObject() as? String {
                guard relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") else { continue }
                let path = root + "/" + relative
                seeds.append((path, Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
            }
        }
        return seeds.sorted { $0.0 < $1.0 }
    }

    static func mutate(_ input: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(3) {
            let position = random.below(bytes.count + 1)
            switch random.below(9) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                bytes.insert(contentsOf: Array(tokens[random.below(tokens.count)].utf8), at: position)
            case 2:
                let end = min(bytes.count, position + 1 + random.below(40))
                bytes.removeSubrange(position..<end)
            case 3:
                let end = min(bytes.count, position + 1 + random.below(200))
                bytes.insert(contentsOf: bytes[position..<end], at: random.below(bytes.count + 1))
            case 4:
                bytes = Array(bytes.prefix(position))
            case 5:
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                if lines.count > 1 {
                    lines.swapAt(random.below(lines.count), random.below(lines.count))
                    bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
                }
            case 6:
                let depth = [10, 500, 1_500, 20_000][random.below(4)]
                let opener = ["[", "{a: ", "- "][random.below(3)]
                bytes.insert(contentsOf: Array(String(repeating: opener, count: depth).utf8), at: position)
            case 7:
                var bomb = "\nb0: &b0 [x,x,x,x,x,x,x,x,x]\n"
                for level in 1...8 { bomb += "b\(level): &b\(level) [" + Array(repeating: "*b\(level - 1)", count: 9).joined(separator: ",") + "]\n" }
                if random.below(2) == 0 { bomb += "k: {? *b8 : v}\n" }
                bytes.insert(contentsOf: Array(bomb.utf8), at: random.below(2) == 0 ? bytes.count : position)
            default:
                let indent = Array(String(repeating: random.below(2) == 0 ? " " : "\t", count: 1 + random.below(8)).utf8)
                bytes.insert(contentsOf: indent, at: position)
            }
        }
        return bytes
    }

    @Test func everyMutatedPolicyEndsInAPolicyOrErrorsQuickly() throws {
        let seeds = try Self.seeds()
        try #require(seeds.count >= 6)
        var random = Random(state: 20261121)
        var slowest: (time: TimeInterval, input: String) = (0, "")
        var accepted = 0, rejected = 0
        for index in 0..<Self.variants {
            let seed = seeds[index % seeds.count]
            let bytes = Self.mutate(seed.bytes, &random)
            let start = Date()
            let result = PolicyLoader.load(data: Data(bytes), path: seed.path, now: testNow)
            let elapsed = Date().timeIntervalSince(start)
            if elapsed > slowest.time { slowest = (elapsed, String(decoding: bytes.prefix(300), as: UTF8.self)) }
            if result.policy != nil {
                accepted += 1
                #expect(!result.hasErrors)
            } else {
                rejected += 1
                #expect(result.hasErrors, "variant \(index) of \(seed.path) gave no policy and no error")
            }
        }
        #expect(accepted + rejected == Self.variants)
        #expect(slowest.time < Self.perInputLimit, "slowest input took \(slowest.time) s: \(slowest.input)")
        print(
            "fuzz: \(Self.variants) variants, \(accepted) accepted, \(rejected) rejected, slowest \(Int(slowest.time * 1000)) ms: \(slowest.input.prefix(120).debugDescription)"
        )
    }
}
