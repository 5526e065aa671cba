// The diff engine lives here (issues 5 and 6): LiveState snapshots, the pure
// (policy, live state, ledger) -> Plan function, plan renderers, the Applier with its
// journal, stale check and guards, and export of live state to policy YAML.
import PolicyModel
import BunqAPI
