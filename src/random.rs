//! Random ids made on the phone: a device's id for check-ins, nonces for scans, idempotency keys.

/// `prefix` and 16 random bytes in hex, from the browser's cryptographic generator (a fallback to
/// `Math.random` only where a very old WebView lacks it).
pub fn opaque_id(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}")
}
