/// A fault to inject, for tests of how a client copes with a bank that misbehaves.
///
/// `method` and `pathPattern` narrow which requests count (nil matches any); a pattern is a
/// path template relative to `/v1` with ids as `{id}`, e.g. `/user/{id}/card/{id}`, and may
/// use `*` as a wildcard. `nth` counts matching requests from the moment of injection
/// (1 = the next one); a fault fires once and is then gone.
public enum Fault: Sendable, Equatable {
    /// Commit the Nth matching successful write, then close the connection without answering.
    case dropResponseAfterCommit(method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Answer the Nth matching request with this status (429, 500, ...) and an Error body, without acting.
    case status(code: Int, method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Corrupt the `X-Bunq-Server-Signature` of the Nth matching signed response.
    case tamperSignature(method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Delay every response by this much until faults are cleared (0 removes it).
    case latency(milliseconds: Int)
}

/// The armed faults and their counters.
struct FaultInjector {
    private struct Armed {
        let fault: Fault
        var seen = 0
    }

    private var armed: [Armed] = []
    private(set) var latencyMilliseconds = 0

    mutating func inject(_ fault: Fault) {
        if case .latency(let milliseconds) = fault {
            latencyMilliseconds = max(0, milliseconds)
        } else {
            armed.append(Armed(fault: fault))
        }
    }

    mutating func clear() {
        armed = []
        latencyMilliseconds = 0
    }

    /// The status to answer instead of acting, when a status fault fires on this request.
    mutating func statusOverride(method: String, template: String) -> Int? {
        fire(method: method, template: template) { fault in
            if case .status(let code, let m, let p, let n) = fault { return (m, p, n, code) }
            return nil
        }
    }

    mutating func dropAfterCommit(method: String, template: String) -> Bool {
        fire(method: method, template: template) { fault in
            if case .dropResponseAfterCommit(let m, let p, let n) = fault { return (m, p, n, 0) }
            return nil
        } != nil
    }

    mutating func tamperSignature(method: String, template: String) -> Bool {
        fire(method: method, template: template) { fault in
            if case .tamperSignature(let m, let p, let n) = fault { return (m, p, n, 0) }
            return nil
        } != nil
    }

    /// Counts this request against every armed fault of one kind; returns the payload of the
    /// first that reaches its Nth match, and disarms it.
    private mutating func fire(method: String, template: String,
                               _ select: (Fault) -> (String?, String?, Int, Int)?) -> Int? {
        var result: Int?
        var remaining: [Armed] = []
        for var entry in armed {
            guard let (faultMethod, pattern, nth, payload) = select(entry.fault),
                  FaultInjector.matches(method: faultMethod, pattern: pattern, requestMethod: method, template: template) else {
                remaining.append(entry)
                continue
            }
            entry.seen += 1
            if result == nil, entry.seen >= nth {
                result = payload
            } else {
                remaining.append(entry)
            }
        }
        armed = remaining
        return result
    }

    static func matches(method: String?, pattern: String?, requestMethod: String, template: String) -> Bool {
        if let method, method != "*", method.uppercased() != requestMethod { return false }
        guard var pattern, pattern != "*" else { return true }
        if pattern.hasPrefix("/v1/") { pattern.removeFirst(3) }
        if pattern.count > 1, pattern.hasSuffix("/") { pattern.removeLast() }
        return glob(Array(pattern.utf8), Array(template.utf8))
    }

    /// `*` matches any run of characters; everything else matches itself.
    private static func glob(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p; mark = t; p += 1
            } else if p < pattern.count, pattern[p] == text[t] {
                p += 1; t += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
