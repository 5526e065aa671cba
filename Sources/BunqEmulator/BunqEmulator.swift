// The local bunq API emulator lives here (issue 3): bunq's wire format, signatures,
// request-id replay checks, rate limits, state persistence and fault injection.
import BunqAPI
