// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kopilka",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kopilka", targets: ["Run"]),
        .executable(name: "kopilka-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.0"),
        // Vapor's multipart parser, named so App can stream uploads through it (resolved for Vapor already).
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.5.0"),
        // XLSX files are ZIP archives of XML: the roster import reads them through ZIPFoundation.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Open Badges 3.0 are signed as VC-JWT (RS256): JWS signing, JWK and verification through jwt-kit.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.0.0"),
        // RSA key generation (the school's signing key): swift-crypto's extras, already resolved for Vapor.
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"6.0.0"),
    ],
    targets: [
        // Pure rules of the school: no Vapor, no I/O.
        .target(name: "Domain"),
        // Cairo + Pango from Debian's packages, for PDF documents made in-process.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]),
        // GdkPixbuf from Debian's packages: thumbnails of photographed diplomas and works (JPEG, PNG, GIF).
        .systemLibrary(name: "CGdkPixbuf", pkgConfig: "gdk-pixbuf-2.0", providers: [.apt(["libgdk-pixbuf-2.0-dev"])]),
        // Documents: PDF rendering and thumbnails over the C libraries; takes plain values, returns bytes.
        // libqrencode from Debian's packages: the verification QR code of issued documents.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        // libxlsxwriter from Debian's packages: spreadsheets (сводная ведомость, journals, achievements).
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "Documents", dependencies: ["Domain", "CPangoCairo", "CGdkPixbuf", "CQRencode", "CXlsxWriter"]),
        // Verifiable credentials: Open Badges 3.0 / CLR 2.0 documents, VC-JWT signing, PNG baking. No Vapor, no I/O.
        .target(
            name: "Credentials",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // Vapor wiring: configuration, routes, controllers, models, migrations, commands.
        .target(
            name: "App",
            dependencies: [
                "Domain",
                "Documents",
                "Credentials",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // Uploads are parsed as they stream in with Vapor's own multipart parser (no new package).
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        // The `kopilka` executable: @main only.
        .executableTarget(name: "Run", dependencies: ["App"]),
        // The performance harness, run in release: `swift run -c release kopilka-bench pages`.
        .executableTarget(
            name: "Bench",
            dependencies: [
                "App",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Domain"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                "Domain",
                "Documents",
                "Credentials",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
