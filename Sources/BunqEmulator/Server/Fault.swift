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
    /// Answer the Nth matching request with a redirect (`code` 301, 302, 303, 307 or 308) to
    /// `location` (nil: no `Location` header at all), without acting. bunq never redirects.
    case redirect(code: Int, location: String?, method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Send the Nth matching answer's headers at once, then its body `bytes` bytes at a time,
    /// `intervalMilliseconds` apart: an answer that never stops arriving, slowly.
    case drip(bytes: Int, intervalMilliseconds: Int, method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Send the Nth matching answer's headers and half its body, then hold the connection open
    /// without sending the rest (until the client goes away, or 10 minutes).
    case stall(method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Pad the Nth matching signed answer's body with spaces to at least `bytes` bytes; still
    /// valid JSON, and signed as sent.
    case oversize(bytes: Int, method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// Give the Nth matching signed answer a second `X-Bunq-Server-Signature`: one valid, one
    /// not, the valid one first when `validFirst`.
    case doubleSignature(validFirst: Bool, method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
    /// From the Nth matching list answer on, until faults are cleared: `older_url` carries a
    /// fresh query each time but leads to the same page again, so no URL repeats but no
    /// page brings anything new.
    case loopPagination(method: String? = nil, pathPattern: String? = nil, nth: Int = 1)
}

/// How an answer's bytes go out.
enum Delivery: Equatable {
    case whole
    /// `bytes` at a time, `intervalMilliseconds` apart.
    case drip(bytes: Int, intervalMilliseconds: Int)
    /// Half the body, then nothing while the connection stays open.
    case stall
}

/// The armed faults and their counters.
struct FaultInjector {
    private struct Armed {
        let fault: Fault
        var seen = 0
    }

    private var armed: [Armed] = []
    private(set) var latencyMilliseconds = 0
    /// `loopPagination` faults that have fired, and how many looping URLs were handed out.
    private var loopingPagination: [(method: String?, pattern: String?)] = []
    private var loopCounter = 0

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
        loopingPagination = []
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

    /// The status and `Location` of a redirect to answer instead of acting.
    mutating func redirect(method: String, template: String) -> (code: Int, location: String?)? {
        fire(method: method, template: template) { fault in
            if case .redirect(let code, let location, let m, let p, let n) = fault { return (m, p, n, (code, location)) }
            return nil
        }
    }

    /// How this answer's bytes go out: dripped, stalled, or (almost always) whole.
    mutating func delivery(method: String, template: String) -> Delivery {
        let dripped: Delivery? = fire(method: method, template: template) { fault in
            if case .drip(let bytes, let interval, let m, let p, let n) = fault {
                return (m, p, n, Delivery.drip(bytes: max(1, bytes), intervalMilliseconds: max(0, interval)))
            }
            return nil
        }
        if let dripped { return dripped }
        let stalled: Delivery? = fire(method: method, template: template) { fault in
            if case .stall(let m, let p, let n) = fault { return (m, p, n, Delivery.stall) }
            return nil
        }
        return stalled ?? .whole
    }

    /// The size to pad a signed answer's body to.
    mutating func oversize(method: String, template: String) -> Int? {
        fire(method: method, template: template) { fault in
            if case .oversize(let bytes, let m, let p, let n) = fault { return (m, p, n, bytes) }
            return nil
        }
    }

    /// Whether the valid signature comes first, when a second one is to be added.
    mutating func doubleSignature(method: String, template: String) -> Bool? {
        fire(method: method, template: template) { fault in
            if case .doubleSignature(let validFirst, let m, let p, let n) = fault { return (m, p, n, validFirst) }
            return nil
        }
    }

    /// A fresh number for a looping `older_url` when a fired `loopPagination` fault matches
    /// this list answer (or one reaches its Nth match now); nil otherwise.
    mutating func loopPagination(method: String, template: String) -> Int? {
        let active = loopingPagination.contains {
            FaultInjector.matches(method: $0.method, pattern: $0.pattern, requestMethod: method, template: template)
        }
        let fired: (String?, String?)? = fire(method: method, template: template) { fault in
            if case .loopPagination(let m, let p, let n) = fault { return (m, p, n, (m, p)) }
            return nil
        }
        if let fired { loopingPagination.append((fired.0, fired.1)) }
        guard active || fired != nil else { return nil }
        loopCounter += 1
        return loopCounter
    }

    /// Counts this request against every armed fault of one kind; returns the payload of the
    /// first that reaches its Nth match, and disarms it.
    private mutating func fire<Payload>(
        method: String, template: String,
        _ select: (Fault) -> (String?, String?, Int, Payload)?
    ) -> Payload? {
        var result: Payload?
        var remaining: [Armed] = []
        for var entry in armed {
            guard let (faultMethod, pattern, nth, payload) = select(entry.fault),
                FaultInjector.matches(method: faultMethod, pattern: pattern, requestMethod: method, template: template)
            else {
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
