//! Percent-encoding for the few URLs the app and the server write (API path segments, query values),
//! and reading a query value back as the user meant it.

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

/// Reads a query value as the user meant it, whether or not a router already decoded it
/// (`%E6%96%B0…` becomes 新…; `+` is a space).
pub fn decode(value: &str) -> String {
    fn hex(digit: u8) -> Option<u8> {
        (digit as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, other) => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_owned())
}

/// `?key=value&…` of the pairs that are set, or nothing when none is.
pub fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let set: Vec<String> = pairs
        .iter()
        .filter_map(|(key, value)| value.map(|v| format!("{key}={}", encode(v, ""))))
        .collect();
    if set.is_empty() {
        String::new()
    } else {
        format!("?{}", set.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_a_round_trip_whether_or_not_decoded_already() {
        let town = "新桥镇 & 路桥";
        assert_eq!(decode(&encode(town, "")), town);
        assert_eq!(decode(town), town);
        assert_eq!(decode("a+b"), "a b");
        assert_eq!(decode("100%"), "100%");
    }

    #[test]
    fn only_set_pairs_are_written() {
        assert_eq!(query_string(&[("town", None), ("kind", None)]), "");
        assert_eq!(
            query_string(&[("q", Some("枇杷")), ("season", Some("now"))]),
            "?q=%E6%9E%87%E6%9D%B7&season=now"
        );
    }
}
