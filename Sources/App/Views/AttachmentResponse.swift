import Documents
import Domain
import Foundation
import Vapor

/// An uploaded file as the answer to a request (the file link of an achievement, a consent's scan, a shared
/// portfolio's evidence): never run as a page, a thumbnail on request.
enum AttachmentResponse {
    /// The bytes with the type told at upload; images and PDF open in the browser, anything else downloads.
    /// `?size=thumb` on an image: a small JPEG made once and kept beside the blob (the original if none can be made).
    static func make(_ attachment: Attachment, req: Request) async throws -> Response {
        if req.query[String.self, at: "size"] == "thumb", FileSniffer.isDisplayableImage(mime: attachment.mime),
           let thumb = try await thumbnail(attachment, req: req) {
            let res = Response(status: .ok, body: .init(data: thumb))
            res.headers.replaceOrAdd(name: .contentType, value: "image/jpeg")
            res.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=86400")
            res.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
            return res
        }
        let data = try req.application.blobs.get(attachment.sha256)
        let res = Response(status: .ok, body: .init(data: data))
        res.headers.replaceOrAdd(name: .contentType, value: attachment.mime)
        let inline = FileSniffer.isDisplayableImage(mime: attachment.mime) || attachment.mime == "application/pdf"
        DownloadName.set(res, attachment.originalName, inline: inline)
        res.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        // A file is never run as a page, whatever it holds (the PDF viewer keeps the site's default policy).
        if attachment.mime != "application/pdf" {
            res.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
        }
        return res
    }

    static func thumbnail(_ attachment: Attachment, req: Request) async throws -> Data? {
        let blobs = req.application.blobs
        let path = blobs.root + "/thumbs/\(attachment.sha256)-240.jpg"
        if let cached = FileManager.default.contents(atPath: path) { return cached }
        let original = try blobs.get(attachment.sha256)
        // Decoding a phone photo takes a moment: off the event loop, one at a time, never above the pixel limit.
        let pool = req.application.threadPool, loop = req.eventLoop
        let maxPixels = req.application.kopilkaConfig.maxImagePixels
        guard let made = try await DecodeGate.shared.run({
            try await pool.runIfActive(eventLoop: loop, { Thumbnail.jpeg(original, maxPixels: maxPixels) }).get()
        }) else { return nil }
        try? FileManager.default.createDirectory(atPath: blobs.root + "/thumbs", withIntermediateDirectories: true)
        let tmp = path + ".\(UUID().uuidString)"
        if FileManager.default.createFile(atPath: tmp, contents: made) { _ = rename(tmp, path) }
        return made
    }
}
