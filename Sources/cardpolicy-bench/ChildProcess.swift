import Foundation

/// Runs a program as a child and measures it from outside: wall time and the child's own
/// peak RSS (from wait4's rusage), which is what a user of the executable would see.
///
/// The child is started by a small launcher (this benchmark in `--measure` mode), not by the
/// benchmark itself. On Linux a child's `ru_maxrss` also counts the address space it was
/// spawned from (posix_spawn shares it until exec, fork copies it), so a child of this
/// process, which holds a 10,000-card state and policy, showed the benchmark's size
/// instead of its own. The launcher holds ~`launcherMegabytes`; a child figure at or
/// below that is only an upper bound, and the lines that print RSS say so.
struct ChildRun {
    var seconds: Double
    /// User + system CPU time: what the run costs on an idle machine, whatever else runs now.
    var cpuSeconds: Double
    var peakRSSMegabytes: Double
    var exitCode: Int32

    static let measureFlag = "--measure"

    static func run(_ executable: String, _ arguments: [String]) throws -> ChildRun {
        let (exitCode, output) = try spawn(
            siblingExecutable("cardpolicy-bench"), [measureFlag, executable] + arguments,
            captureOutput: true)
        let fields = output.split(separator: " ").compactMap { Double($0) }
        guard exitCode == 0, fields.count == 4 else {
            throw BenchmarkError("the launcher could not measure \(executable): \(output)")
        }
        return ChildRun(seconds: fields[0], cpuSeconds: fields[1], peakRSSMegabytes: fields[2], exitCode: Int32(fields[3]))
    }

    /// `--measure EXECUTABLE ARGS...`: runs it, prints `wall cpu peakRSSMB exitcode`.
    static func measureAndPrint(_ executable: String, _ arguments: [String]) -> Never {
        let start = DispatchTime.now()
        var usage = rusage()
        do {
            let (exitCode, _) = try spawn(executable, arguments, captureOutput: false, usage: &usage)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
            print("\(seconds) \(cpu) \(Double(usage.ru_maxrss) / 1024) \(exitCode)")
            exit(0)
        } catch {
            print("\(error)")
            exit(1)
        }
    }

    /// The launcher's own resident size when it starts the child: below it, a child's peak
    /// cannot be told apart.
    static func launcherMegabytes() throws -> Double {
        let (_, output) = try spawn(siblingExecutable("cardpolicy-bench"), [measureFlag, "/bin/true"], captureOutput: true)
        return output.split(separator: " ").compactMap { Double($0) }.dropFirst(2).first ?? 0
    }

    private static func spawn(_ executable: String, _ arguments: [String], captureOutput: Bool) throws -> (Int32, String) {
        var usage = rusage()
        return try spawn(executable, arguments, captureOutput: captureOutput, usage: &usage)
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], captureOutput: Bool,
        usage: inout rusage
    ) throws -> (Int32, String) {
        var fileActions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var pipeEnds: [Int32] = [-1, -1]
        if captureOutput {
            guard pipe(&pipeEnds) == 0 else { throw BenchmarkError("cannot create a pipe") }
            posix_spawn_file_actions_adddup2(&fileActions, pipeEnds[1], 1)
            posix_spawn_file_actions_addclose(&fileActions, pipeEnds[0])
        } else {
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &fileActions, nil, argv, environ)
        guard status == 0 else { throw BenchmarkError("cannot start \(executable): error \(status)") }
        var output = ""
        if captureOutput {
            close(pipeEnds[1])
            let data = FileHandle(fileDescriptor: pipeEnds[0], closeOnDealloc: true).readDataToEndOfFile()
            output = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var waitStatus: Int32 = 0
        _ = wait4(pid, &waitStatus, 0, &usage)
        let exitCode = (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
        return (exitCode, output)
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
