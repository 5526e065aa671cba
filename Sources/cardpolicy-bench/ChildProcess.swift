import Foundation

/// Runs a program as a child and measures it from outside: wall time and the child's own
/// peak RSS (from wait4's rusage), which is what a user of the executable would see.
struct ChildRun {
    var seconds: Double
    /// User + system CPU time: what the run costs on an idle machine, whatever else runs now.
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
    var exitCode: Int32

    static func run(_ executable: String, _ arguments: [String]) throws -> ChildRun {
        var fileActions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        let status = posix_spawn(&pid, executable, &fileActions, nil, argv, environ)
        guard status == 0 else { throw BenchmarkError("cannot start \(executable): error \(status)") }
        var waitStatus: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &waitStatus, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let exitCode = (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return ChildRun(seconds: seconds, cpuSeconds: cpu, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024, exitCode: exitCode)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `cardpolicy` executable built beside this benchmark (same configuration).
func siblingExecutable(_ name: String) -> String {
    let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return own.deletingLastPathComponent().appendingPathComponent(name).path
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

/// The 1-minute load average: figures taken on a busy machine say so.
func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) > 0 ? String(format: "%.2f", loads[0]) : "unknown"
}
