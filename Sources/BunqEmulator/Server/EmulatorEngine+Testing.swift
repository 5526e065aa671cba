/// The engine's side door for tests: the call log, faults, live state.
extension EmulatorEngine {
    var latencyMilliseconds: Int {
        lock.lock()
        defer { lock.unlock() }
        return faults.latencyMilliseconds
    }

    func calls() -> [RecordedCall] {
        lock.lock()
        defer { lock.unlock() }
        return callLog
    }

    func resetCalls() {
        lock.lock()
        defer { lock.unlock() }
        callLog = []
    }

    func inject(_ fault: Fault) {
        lock.lock()
        defer { lock.unlock() }
        faults.inject(fault)
    }

    func clearFaults() {
        lock.lock()
        defer { lock.unlock() }
        faults.clear()
    }

    /// Forgets the rate-limit windows, so a test can start from a clean slate.
    func resetRateLimits() {
        lock.lock()
        defer { lock.unlock() }
        rateLimiter.reset()
    }

    func snapshot() -> EmulatorState {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    /// Changes the live state as someone using the bunq app would, then saves it.
    func mutate(_ body: (inout EmulatorState) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        body(&state)
        state.nextId = max(state.nextId, state.highestId + 1)
        rebuildIndexes()
        persist()
    }
}
