//! Percent-encoding for the few URLs the app writes (API path segments, query values).

/// Encodes everything but RFC 3986's unreserved characters and those in `keep` (a query value may
/// keep `/`; a path segment may not).
pub fn encode(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || "-_.~".contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}
