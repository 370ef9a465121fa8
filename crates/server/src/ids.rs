//! Randomness for ids, tokens and nonces: all of it from the operating system's CSPRNG.

use rand::RngCore;

/// `N` random bytes.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh opaque id such as `m_3f9a…`: the prefix says what it names in logs and URLs.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", hex(&random_bytes::<10>()))
}

/// Six characters a person can read out and type without confusing 0/O or 1/I.
pub fn short_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    // 32 symbols: each byte's low five bits pick one uniformly.
    random_bytes::<6>()
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_prefix_and_differ() {
        let (a, b) = (new_id("m"), new_id("m"));
        assert!(a.starts_with("m_") && a.len() == 22, "{a}");
        assert_ne!(a, b);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
