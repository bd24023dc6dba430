import Foundation

/// Copies the bundled templates (`*.mustache`, `strings/<lang>/*.yml`) into a folder of the user's.
public enum TemplateExport {
    public struct ExportError: Error, Sendable {
        /// The bundled templates were not found (a setup problem), or the folder cannot be written.
        public enum Kind: Sendable { case templatesNotFound, cannotWrite }
        public var kind: Kind = .cannotWrite
        public var message: String
    }

    /// The files written, relative to `dir`. Refuses to overwrite an existing template. Stops when `source`
    /// is not the templates folder (a binary outside the checkout without `CREDITREPORT_TEMPLATES` wrote
    /// nothing and said "use it with templates_dir").
    public static func export(to dir: String, from source: String = BundledTemplates.folder) throws(ExportError) -> [String] {
        let fm = FileManager.default
        do {
            try BundledTemplates.check(source)
        } catch {
            throw ExportError(kind: .templatesNotFound, message: error.diagnostic.message + (error.diagnostic.hint.map { "; \($0)" } ?? ""))
        }
        guard let all = fm.enumerator(atPath: source)?.compactMap({ $0 as? String }) else {
            throw ExportError(message: "cannot read the bundled templates at \(source)")
        }
        let files = all.filter { $0.hasSuffix(".mustache") || ($0.hasPrefix("strings/") && $0.hasSuffix(".yml")) }.sorted()
        for f in files where fm.fileExists(atPath: (dir as NSString).appendingPathComponent(f)) {
            throw ExportError(message: "\(f) exists already: export into an empty folder")
        }
        for f in files {
            let target = (dir as NSString).appendingPathComponent(f)
            do {
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fm.copyItem(atPath: (source as NSString).appendingPathComponent(f), toPath: target)
            } catch {
                throw ExportError(message: "cannot write \(f): \(error.localizedDescription)")
            }
        }
        return files
    }
}
