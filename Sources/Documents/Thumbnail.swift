import CGdkPixbuf
import Domain
import Foundation

/// Small previews of photographed diplomas and works (4.7, 4.8), made in-process with GdkPixbuf: decoded from the
/// uploaded bytes, turned upright by the camera's orientation tag, scaled to fit a square and saved as JPEG.
public enum Thumbnail {
    /// Width and height of an image GdkPixbuf reads, as stored (before any orientation tag).
    public static func dimensions(_ data: Data, maxPixels: Int = 50_000_000) -> (width: Int, height: Int)? {
        guard ImageHeader.fits(data, maxPixels: maxPixels), let pixbuf = decode(data) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
        return (Int(gdk_pixbuf_get_width(pixbuf)), Int(gdk_pixbuf_get_height(pixbuf)))
    }

    /// A new reference to the decoded image, or nil. With `fitting`, the decoder is asked for an image whose longer
    /// side is at most that many pixels: a JPEG is then decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's scaled
    /// decoding), so a phone photo never needs its full-size pixels in memory.
    private static func decode(_ data: Data, fitting maxSide: Int? = nil) -> OpaquePointer? {
        guard !data.isEmpty, let loader = gdk_pixbuf_loader_new() else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(loader)) }
        if let maxSide, maxSide > 0 {
            let sizePrepared: @convention(c) (UnsafeMutablePointer<GdkPixbufLoader>?, gint, gint, gpointer?) -> Void = { loader, width, height, side in
                guard let loader, width > 0, height > 0 else { return }
                let maxSide = Double(Int(bitPattern: side))
                let scale = min(1.0, maxSide / Double(max(width, height)))
                guard scale < 1 else { return }
                gdk_pixbuf_loader_set_size(loader, gint(max(1, (Double(width) * scale).rounded())), gint(max(1, (Double(height) * scale).rounded())))
            }
            g_signal_connect_data(UnsafeMutableRawPointer(loader), "size-prepared", unsafeBitCast(sizePrepared, to: GCallback.self),
                                  UnsafeMutableRawPointer(bitPattern: maxSide), nil, GConnectFlags(rawValue: 0))
        }
        var error: UnsafeMutablePointer<GError>?
        let wrote = data.withUnsafeBytes { buf -> gboolean in
            gdk_pixbuf_loader_write(loader, buf.bindMemory(to: guchar.self).baseAddress, gsize(buf.count), &error)
        }
        if let e = error { g_error_free(e); error = nil }
        let closed = gdk_pixbuf_loader_close(loader, &error)
        if let e = error { g_error_free(e); return nil }
        guard wrote != 0, closed != 0, let decoded = gdk_pixbuf_loader_get_pixbuf(loader) else { return nil }
        g_object_ref(UnsafeMutableRawPointer(decoded))
        return decoded
    }

    /// nil when the bytes are not an image GdkPixbuf reads (a PDF, or a format without a loader here), or when the
    /// header declares more than `maxPixels` (counted over all frames): such an image is never handed to a decoder.
    public static func jpeg(_ data: Data, maxSide: Int = 240, quality: Int = 82, maxPixels: Int = 50_000_000) -> Data? {
        guard ImageHeader.fits(data, maxPixels: maxPixels), let decoded = decode(data, fitting: maxSide) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(decoded)) }
        var error: UnsafeMutablePointer<GError>?
        guard let upright = gdk_pixbuf_apply_embedded_orientation(decoded) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(upright)) }
        let w = Int(gdk_pixbuf_get_width(upright)), h = Int(gdk_pixbuf_get_height(upright))
        guard w > 0, h > 0 else { return nil }
        let scale = min(1.0, Double(maxSide) / Double(max(w, h)))
        let tw = max(1, Int((Double(w) * scale).rounded())), th = max(1, Int((Double(h) * scale).rounded()))
        guard let small = gdk_pixbuf_scale_simple(upright, Int32(tw), Int32(th), GDK_INTERP_BILINEAR) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(small)) }
        // JPEG has no transparency: flatten onto white first.
        let opaque: OpaquePointer
        if gdk_pixbuf_get_has_alpha(small) != 0 {
            guard let flat = gdk_pixbuf_composite_color_simple(small, Int32(tw), Int32(th), GDK_INTERP_NEAREST, 255, 8,
                                                               0xFFFFFF, 0xFFFFFF) else { return nil }
            opaque = flat
        } else {
            opaque = small
            g_object_ref(UnsafeMutableRawPointer(small))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(opaque)) }
        var buffer: UnsafeMutablePointer<gchar>?
        var size: gsize = 0
        let keys = [strdup("quality"), nil]
        let values = [strdup(String(quality)), nil]
        defer { keys.forEach { free($0) }; values.forEach { free($0) } }
        var keysC = keys.map { UnsafeMutablePointer<CChar>($0) }
        var valuesC = values.map { UnsafeMutablePointer<CChar>($0) }
        let saved = gdk_pixbuf_save_to_bufferv(opaque, &buffer, &size, "jpeg", &keysC, &valuesC, &error)
        if let error { g_error_free(error); return nil }
        guard saved != 0, let buffer else { return nil }
        defer { g_free(buffer) }
        return Data(bytes: buffer, count: Int(size))
    }
}
