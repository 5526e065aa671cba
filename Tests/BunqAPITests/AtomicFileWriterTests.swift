import Foundation
import Testing

@testable import BunqAPI

@Suite("Atomic file writer")
struct AtomicFileWriterTests {
    @Test func replacesWholeWithPrivateModesAndLeavesNoTemporary() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("a/b/file.json")
        try AtomicFileWriter.write(Data("one".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try TemporaryDirectory.mode(of: directory.file("a/b")) == 0o700)

        // A file that others could read becomes private again when it is replaced.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try AtomicFileWriter.write(Data("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try TemporaryDirectory.mode(of: path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("a/b")) == ["file.json"])
    }

    @Test func aFailedReplaceLeavesTheOldFileAndSaysWhy() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // A directory where the file should be: the rename fails after the temporary is written.
        let path = directory.file("taken")
        try FileManager.default.createDirectory(atPath: directory.file("taken/inside"), withIntermediateDirectories: true)
        #expect { try AtomicFileWriter.write(Data("new".utf8), to: path) } throws: { error in
            guard let failure = error as? AtomicFileWriter.Failure else { return false }
            return "\(failure)".hasPrefix("\(path) cannot be replaced: ")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["inside"])
    }
}

extension AtomicFileWriterTests {
    @Test func aTemporaryLeftByACrashIsReplacedButADirectoryThereIsAnError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("file.json")
        let temporary = directory.file(".file.json.tmp-\(getpid())")
        try Data("half".utf8).write(to: URL(fileURLWithPath: temporary))
        try AtomicFileWriter.write(Data("whole".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "whole")
        #expect(!FileManager.default.fileExists(atPath: temporary))

        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        #expect { try AtomicFileWriter.write(Data("new".utf8), to: path) } throws: { error in
            "\(error)".hasPrefix("\(path) cannot create a temporary file: ")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "whole")
    }
}
