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
