import Crypto
import Foundation
import Domain
import MultipartKit
import Vapor

/// A multipart form read once, as it arrives: text fields held in memory within a bound, each file written straight
/// to a temporary file beside the blob store while its SHA-256 and size are counted. Nothing is decoded twice and no
/// file is ever whole in memory; the CSRF check reads its token from here and the handler its fields and files.
/// The temporary files go with the form (a file the handler stored was renamed into the blob store first).
final class UploadForm: @unchecked Sendable {
    /// A file of the form, on disk.
    struct FileField: Sendable {
        let field: String
        /// The name the sender gave, without folders, at most 200 characters.
        let filename: String
        let path: String
        let size: Int
        let sha256: String
    }

    /// What may arrive in one form.
    struct Limits: Sendable {
        /// One file's bytes read at most (a little over the limit a handler checks, so it can answer in the form).
        var fileBytes: Int
        /// The limit told to the sender when a file passes `fileBytes`, in megabytes.
        var shownMB: Int
        /// One text field's bytes: a description is at most a few thousand characters.
        var fieldBytes = 64 << 10
        /// Parts (fields and files) of one form.
        var parts = 200
        /// A form without files, sent URL-encoded to an upload route: the same limit as every other form.
        var formBytes = RequestShapeMiddleware.formBytes
        /// Bytes read without any part's content moving on: part headers, preamble, epilogue.
        var headerBytes = 16 << 10
    }

    /// Why a form was refused, naming what was too large.
    enum Problem: Error, Equatable {
        case fileTooLarge(filename: String, limitMB: Int)
        case fieldTooLong(field: String, limitKB: Int)
        case tooManyParts(Int)
        case formTooLarge(limitMB: Int)
        /// A text field with a NUL: no database keeps it as sent (SQLite's reader cuts the text there, PostgreSQL refuses it).
        case nulCharacter(field: String)
        case malformed
    }

    private(set) var fields: [(name: String, value: String)] = []
    private(set) var files: [FileField] = []
    private let directory: String

    private init(directory: String) { self.directory = directory }

    deinit {
        for f in files { try? FileManager.default.removeItem(atPath: f.path) }
    }

    /// The first value of a text field.
    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// The file sent for a field, or nil when none was chosen (a browser sends an empty part without a name).
    func file(_ field: String) -> FileField? {
        files.first { $0.field == field && !($0.size == 0 && $0.filename.isEmpty) }
    }

    /// What was sent, as a hash: every field in order and each file by its name and content hash.
    var fingerprint: String {
        var h = SHA256()
        for f in fields { h.update(data: Data((f.name + "\u{1F}" + f.value + "\u{1E}").utf8)) }
        for f in files { h.update(data: Data((f.field + "\u{1F}" + f.filename + "\u{1F}" + f.sha256 + "\u{1E}").utf8)) }
        return Hex.string(h.finalize())
    }

    /// The text fields decoded as a URL-encoded form would be (the same `Content` structs, without their files).
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        unreserved.insert(charactersIn: "-._~")
        func escaped(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        let encoded = fields.map { escaped($0.name).replacingOccurrences(of: "%5B", with: "[").replacingOccurrences(of: "%5D", with: "]")
            + "=" + escaped($0.value) }.joined(separator: "&")
        return try URLEncodedFormDecoder().decode(T.self, from: encoded)
    }

    /// The boundary of a multipart body, when it is one a parser can take (RFC 2046: 1–70 characters).
    /// `.none` for a body that is not multipart; `.some(nil)` for a multipart body no parser can take (another subtype
    /// than form-data, no boundary, an empty or over-long one, or two) — compared without regard to case, as HTTP
    /// compares them (a «Multipart/form-data; boundary=» once reached a decoder that traps on the empty boundary).
    static func boundary(_ headers: HTTPHeaders) -> String?? {
        let declared = headers[.contentType]
        guard let type = headers.contentType else {
            // A header Vapor cannot parse is no body a decoder will be asked to read, unless it says multipart.
            return declared.contains { $0.lowercased().contains("multipart") } ? .some(nil) : .none
        }
        guard type.type.lowercased() == "multipart", declared.count == 1 else {
            return declared.count > 1 && declared.contains { $0.lowercased().contains("multipart") } ? .some(nil) : .none
        }
        let boundaries = type.parameters.filter { $0.key.lowercased() == "boundary" }.map(\.value)
        guard type.subType.lowercased() == "form-data", boundaries.count == 1, let b = boundaries.first, (1...70).contains(b.utf8.count)
        else { return .some(nil) }
        return .some(b)
    }

    /// Reads the request's body to its end (or to the first limit it passes).
    static func read(_ req: Request, limits: Limits, directory: String) async throws -> UploadForm {
        let boundary: String
        switch Self.boundary(req.headers) {
        case .some(.some(let b)): boundary = b
        case .some(.none): throw Problem.malformed
        case .none:
            // A form without files sent URL-encoded (a script, an older client): its fields, and no files.
            let form = UploadForm(directory: directory)
            guard req.headers.contentType == .urlEncodedForm || req.headers.contentType == nil else { throw Problem.malformed }
            var body = ByteBuffer()
            var chunks = req.body.makeAsyncIterator()
            while var chunk = try await chunks.next() {
                guard body.readableBytes + chunk.readableBytes <= limits.formBytes else {
                    drainInBackground(chunks)
                    throw Problem.formTooLarge(limitMB: max(1, limits.formBytes >> 20))
                }
                body.writeBuffer(&chunk)
            }
            for pair in String(decoding: body.readableBytesView, as: UTF8.self).split(separator: "&") where !pair.isEmpty {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decoded(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
                let field = (decoded(kv[0]), kv.count > 1 ? decoded(kv[1]) : "")
                guard !field.0.contains("\u{0}"), !field.1.contains("\u{0}") else { throw Problem.nulCharacter(field: field.0) }
                form.fields.append(field)
            }
            return form
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let form = UploadForm(directory: directory)
        let parser = MultipartParser(boundary: boundary)
        let state = PartState()
        parser.onHeader = { name, value in state.headers.add(name: name, value: value) }
        parser.onBody = { buffer in state.body(&buffer, form: form, limits: limits) }
        parser.onPartComplete = { state.complete(form: form, limits: limits) }
        var chunks = req.body.makeAsyncIterator()
        do {
            while let chunk = try await chunks.next() {
                let before = state.progress
                try parser.execute(chunk)
                if let problem = state.problem { throw problem }
                // Headers are held by the parser until they end: a part whose headers never end is cut off here.
                state.idle = state.progress == before ? state.idle + chunk.readableBytes : 0
                if state.idle > limits.headerBytes { throw Problem.malformed }
            }
        } catch let problem as Problem {
            state.abandon()
            drainInBackground(chunks)
            throw problem
        } catch {
            state.abandon()
            drainInBackground(chunks)
            throw Problem.malformed
        }
        if let problem = state.problem { state.abandon(); throw problem }
        // The body ended inside a part (a dropped connection, a cut file): nothing of it is kept.
        if state.started || !state.headers.isEmpty { state.abandon(); throw Problem.malformed }
        return form
    }

    /// Reads what is left of a body refused part-way, discarding it, while the refusal is already on its way.
    /// Vapor reads no further on a connection whose body stream was left half-read: the browser's next request on that
    /// keep-alive connection would wait forever. Nothing of it is kept; the task ends with the body (or the connection).
    /// At most `drainBytes` are read so: a client that sends on and on past its refusal gets no more of the server's
    /// time, and its connection is left unread (its next request waits until it gives up).
    private static func drainInBackground(_ chunks: Request.Body.AsyncIterator) {
        let rest = UncheckedBox(chunks)
        Task {
            var read = 0
            while read < drainBytes, let chunk = try? await rest.value.next() { read += chunk.readableBytes }
        }
    }

    static let drainBytes = 256 << 20

    /// The part being read: its headers, then either text or a file being written.
    private final class PartState {
        var headers = HTTPHeaders()
        var started = false
        var name = ""
        var filename: String?
        var text = ByteBuffer()
        var handle: FileHandle?
        var path = ""
        var size = 0
        var hasher = SHA256()
        var count = 0
        var problem: Problem?
        /// Calls of the parser's callbacks (content moving on), and bytes fed since the last one.
        var progress = 0
        var idle = 0
        /// File bytes of the whole form.
        var fileTotal = 0

        func begin(form: UploadForm, limits: Limits) {
            started = true
            count += 1
            if count > limits.parts { problem = .tooManyParts(limits.parts); return }
            let disposition = headers.contentDisposition
            name = disposition?.name ?? ""
            filename = disposition?.filename
            if filename != nil {
                path = (form.directory as NSString).appendingPathComponent("upload-" + UUID().uuidString)
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                handle = FileHandle(forWritingAtPath: path)
                if handle == nil { problem = .malformed }
            }
        }

        func body(_ buffer: inout ByteBuffer, form: UploadForm, limits: Limits) {
            progress += 1
            guard problem == nil else { buffer.moveReaderIndex(forwardBy: buffer.readableBytes); return }
            if !started { begin(form: form, limits: limits) }
            guard problem == nil else { return }
            let n = buffer.readableBytes
            if let handle {
                size += n
                fileTotal += n
                guard size <= limits.fileBytes, fileTotal <= limits.fileBytes else { problem = .fileTooLarge(filename: filename ?? name, limitMB: limits.shownMB); return }
                buffer.withUnsafeReadableBytes { raw in
                    hasher.update(bufferPointer: raw)
                    handle.write(Data(raw))
                }
                buffer.moveReaderIndex(forwardBy: n)
            } else {
                guard text.readableBytes + n <= limits.fieldBytes else {
                    problem = .fieldTooLong(field: name, limitKB: limits.fieldBytes >> 10); return
                }
                text.writeBuffer(&buffer)
            }
        }

        func complete(form: UploadForm, limits: Limits) {
            progress += 1
            if !started { begin(form: form, limits: limits) }
            defer { reset() }
            guard problem == nil else { return }
            if let handle, let filename {
                try? handle.close()
                self.handle = nil
                let shortName = UploadForm.cleanName(filename)
                let sha = Hex.string(hasher.finalize())
                form.files.append(FileField(field: name, filename: shortName, path: path, size: size, sha256: sha))
                path = ""
            } else if text.readableBytesView.contains(0) {
                problem = .nulCharacter(field: name)
            } else {
                form.fields.append((name, String(decoding: text.readableBytesView, as: UTF8.self)))
            }
        }

        /// A refused form leaves no half-written file.
        func abandon() {
            try? handle?.close()
            handle = nil
            if !path.isEmpty { try? FileManager.default.removeItem(atPath: path) }
        }

        private func reset() {
            if problem != nil { abandon() }
            headers = HTTPHeaders(); started = false; name = ""; filename = nil; text.clear()
            handle = nil; path = ""; size = 0; hasher = SHA256()
        }
    }
}

extension UploadForm.Problem {
    var status: HTTPResponseStatus {
        switch self {
        case .malformed, .nulCharacter: return .badRequest
        default: return .payloadTooLarge
        }
    }

    func message(_ req: Request) -> String {
        switch self {
        case .fileTooLarge(let filename, let mb): return req.t("upload.error.file_too_large", Shown.name(filename), String(mb))
        case .fieldTooLong(let field, let kb): return req.t("upload.error.field_too_long", Shown.name(field), String(kb))
        case .tooManyParts(let n): return req.t("upload.error.parts", String(n))
        case .formTooLarge(let mb): return req.t("upload.error.form_too_large", String(mb))
        case .nulCharacter(let field): return req.t("upload.error.nul_character", Shown.name(field))
        case .malformed: return req.t("upload.error.malformed")
        }
    }
}

extension UploadForm {
    /// A file's name as kept: the last path component, without control or bidirectional-override characters (a name
    /// «evil\u{202E}gnp.exe» would show as «evilexe.png»), at most 200 characters with its extension kept.
    static func cleanName(_ filename: String) -> String {
        let last = String(filename.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { s in
            !(s.properties.generalCategory == .control || s.properties.generalCategory == .format || (0x202A...0x202E).contains(s.value)
              || (0x2066...0x2069).contains(s.value))
        })).trimmingCharacters(in: .whitespaces)
        guard clean != "..", clean != "." else { return "" }
        guard clean.count > 200 else { return clean }
        let ext = (clean as NSString).pathExtension
        guard !ext.isEmpty, ext.count <= 10 else { return String(clean.prefix(200)) }
        return String(clean.prefix(199 - ext.count)) + "." + ext
    }
}

/// Hands the body's iterator to the task that drains it; only that task uses it from then on.
private final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
