import Foundation
import PolicyModel

/// Where the ledger, the journal and the applied plans live when no flag names them: in
/// `.cardpolicy/` at the root of the policy repository, so a run from any of its
/// subdirectories reads and writes the same ledger and journal, and one apply lock guards them.
enum StateLocation {
    static let directoryName = ".cardpolicy"

    /// The default path of `file` (`state.json`, `journal.jsonl`) for the policy `paths` a
    /// command was given; with none, for the current directory's repository.
    static func path(_ file: String, policyPaths paths: [String]) -> String {
        display(root(policyPaths: paths) + "/" + directoryName + "/" + file)
    }

    /// The git top level of the first policy path (found by walking up to a `.git` directory,
    /// or the `.git` file of a worktree, so no git is needed), else the directory holding it:
    /// a file's own directory, a directory's parent (so `cardpolicy plan` and
    /// `cardpolicy plan policies` share one ledger). Without paths: the current directory's
    /// repository, else the current directory, which holds the default `policies`.
    static func root(policyPaths paths: [String]) -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let first = paths.first else { return gitTopLevel(from: current) ?? standardized(current) }
        let absolute = standardized(first.hasPrefix("/") ? first : current + "/" + first)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory)
        let directory = exists && isDirectory.boolValue ? absolute : parent(absolute)
        if let top = gitTopLevel(from: directory) { return top }
        return exists && isDirectory.boolValue ? parent(absolute) : directory
    }

    /// The nearest directory from `start` upwards that holds a `.git` entry.
    static func gitTopLevel(from start: String) -> String? {
        var directory = standardized(start)
        while true {
            if FileManager.default.fileExists(atPath: directory + "/.git") { return directory }
            let up = parent(directory)
            if up == directory { return nil }
            directory = up
        }
    }

    /// Relative to the current directory when the root is the current directory, as the
    /// defaults always were; absolute otherwise, so messages name the real place.
    private static func display(_ path: String) -> String {
        let current = standardized(FileManager.default.currentDirectoryPath) + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }

    private static func parent(_ path: String) -> String {
        let up = (path as NSString).deletingLastPathComponent
        return up.isEmpty ? "/" : up
    }

    private static func standardized(_ path: String) -> String {
        let resolved = (path as NSString).standardizingPath
        return resolved.count > 1 && resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
    }
}
