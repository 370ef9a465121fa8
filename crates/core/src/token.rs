//! Check-in tokens, for booking tickets and visitor posters: `v1.<payload>.<signature>`, both parts
//! base64url without padding. The payload is JSON naming what the token admits and when; the Ed25519
//! signature covers the ASCII text before the last dot. The server signs with its private key; the
//! public key is published, so a scanner (or anyone) can verify with no network and cannot forge.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The prefix of every token of this format.
const VERSION: &str = "v1";

/// What a token admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Admits {
    /// A stallholder with a confirmed booking.
    Ticket,
    /// A visitor, from the poster at the fair.
    Poster,
}

/// The payload of a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Ticket or poster.
    pub admits: Admits,
    /// The key that signed it (see `/api/v1/checkin/keys`).
    pub kid: String,
    /// The market it is for.
    pub market: String,
    /// The booking, for a ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking: Option<String>,
    /// The stall's code, for a ticket (so a scanner can say "A03" offline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stall: Option<String>,
    /// Valid from (unix seconds).
    pub nbf: i64,
    /// Valid until (unix seconds, exclusive).
    pub exp: i64,
}

/// Why a token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not `v1.<payload>.<signature>`, or the payload is not ours.
    Malformed,
    /// Signed by a key we do not know.
    UnknownKey,
    /// The signature does not match: forged or altered.
    BadSignature,
    /// Not valid yet.
    NotYet,
    /// No longer valid.
    Expired,
}

/// Signs `claims` with `key`.
pub fn sign(claims: &Claims, key: &SigningKey) -> String {
    let payload = serde_json::to_vec(claims).unwrap_or_default();
    let signed = format!("{VERSION}.{}", URL_SAFE_NO_PAD.encode(payload));
    let signature = key.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// The claims of `token` if it is well-formed, signed by one of `keys` (kid, public key), and valid
/// at `now` (unix seconds).
pub fn verify(
    token: &str,
    keys: &[(String, VerifyingKey)],
    now: i64,
) -> Result<Claims, TokenError> {
    let token = token.trim();
    let (signed, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
    let payload = signed
        .strip_prefix(VERSION)
        .and_then(|rest| rest.strip_prefix('.'))
        .ok_or(TokenError::Malformed)?;
    let payload = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    let claims: Claims = serde_json::from_slice(&payload).map_err(|_| TokenError::Malformed)?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(TokenError::Malformed)?;
    let (_, key) = keys
        .iter()
        .find(|(kid, _)| *kid == claims.kid)
        .ok_or(TokenError::UnknownKey)?;
    key.verify_strict(signed.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| TokenError::BadSignature)?;
    if now < claims.nbf {
        return Err(TokenError::NotYet);
    }
    if now >= claims.exp {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

/// A public key as `/api/v1/checkin/keys` publishes it (base64url of the 32 bytes).
pub fn public_key_text(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// Reads a published public key.
pub fn parse_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// Run natively by `cargo test`, and in a browser on wasm32 (the scanner verifies tickets there).
#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn ticket() -> Claims {
        Claims {
            admits: Admits::Ticket,
            kid: "k1".into(),
            market: "m-luqiao-202612".into(),
            booking: Some("b_1".into()),
            stall: Some("A03".into()),
            nbf: 1_000,
            exp: 2_000,
        }
    }

    fn keys() -> Vec<(String, VerifyingKey)> {
        vec![("k1".into(), key(7).verifying_key())]
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn a_signed_token_verifies_within_its_validity() {
        let token = sign(&ticket(), &key(7));
        assert!(token.starts_with("v1."));
        assert_eq!(token.matches('.').count(), 2);
        assert_eq!(verify(&token, &keys(), 1_500), Ok(ticket()));
        assert_eq!(verify(&token, &keys(), 999), Err(TokenError::NotYet));
        assert_eq!(verify(&token, &keys(), 2_000), Err(TokenError::Expired));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn an_altered_or_forged_token_is_refused() {
        let token = sign(&ticket(), &key(7));
        let mut other = ticket();
        other.stall = Some("A04".into());
        let (_, signature) = token.rsplit_once('.').unwrap();
        let altered = format!(
            "v1.{}.{signature}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&other).unwrap())
        );
        assert_eq!(
            verify(&altered, &keys(), 1_500),
            Err(TokenError::BadSignature)
        );
        let forged = sign(&ticket(), &key(8));
        assert_eq!(
            verify(&forged, &keys(), 1_500),
            Err(TokenError::BadSignature)
        );
        let mut unknown = ticket();
        unknown.kid = "k9".into();
        assert_eq!(
            verify(&sign(&unknown, &key(7)), &keys(), 1_500),
            Err(TokenError::UnknownKey)
        );
        for junk in ["", "v1", "v1..", "v2.e30.AA", "v1.e30.AA", "hello.world.x"] {
            assert_eq!(
                verify(junk, &keys(), 1_500),
                Err(TokenError::Malformed),
                "{junk:?}"
            );
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn public_keys_round_trip_as_text() {
        let public = key(7).verifying_key();
        assert_eq!(parse_public_key(&public_key_text(&public)), Some(public));
        assert_eq!(parse_public_key("not a key"), None);
    }
}
