//! Login by one-time code: the code's shape, the roles a user can hold, and the rules both sides share.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Digits in a one-time code.
pub const OTP_DIGITS: usize = 6;
/// How long a code may be used after it was sent, in seconds.
pub const OTP_TTL_SECS: i64 = 5 * 60;
/// Wrong tries from one address after which the phone's codes are dead to it (for the code's
/// lifetime): a stranger's guesses spend their own tries, not the owner's.
pub const OTP_MAX_ATTEMPTS: i64 = 5;
/// Wrong tries from everyone together after which a code is dead (so the guesses one code can take
/// stay bounded however many addresses guess).
pub const OTP_MAX_ATTEMPTS_IN_ALL: i64 = 20;
/// Seconds before another code may be sent to the same phone (the app's resend countdown).
pub const OTP_RESEND_SECS: i64 = 60;
/// How long a session lasts without use; each use extends it (sliding expiry), in seconds.
pub const SESSION_TTL_SECS: i64 = 30 * 24 * 60 * 60;

/// A one-time code as typed: exactly six digits (spaces ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpCode(String);

impl OtpCode {
    /// Accepts `123456` and `123 456`; anything else is not a code.
    pub fn parse(input: &str) -> Option<Self> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == OTP_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(Self(digits))
    }

    /// The six digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a user may do. Everyone who logs in is a stallholder; organisers act for host units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Books stalls for their own goods.
    Stallholder,
    /// Runs the markets of one or more host units (组织单位).
    Organiser,
    /// Runs everything.
    Admin,
}

impl Role {
    /// The role as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stallholder => "stallholder",
            Self::Organiser => "organiser",
            Self::Admin => "admin",
        }
    }

    /// Reads a stored or typed role.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "stallholder" => Some(Self::Stallholder),
            "organiser" | "organizer" => Some(Self::Organiser),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name people see (display name, village): trimmed, not blank, no control characters, bounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShortText<const MAX: usize>(String);

/// Why a name was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShortTextError {
    /// Only spaces.
    Blank,
    /// More characters than allowed.
    TooLong,
    /// Line breaks or other control characters.
    ControlCharacter,
}

impl fmt::Display for ShortTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Blank => "must not be blank",
            Self::TooLong => "too long",
            Self::ControlCharacter => "must be one line of text",
        })
    }
}

impl<const MAX: usize> ShortText<MAX> {
    /// Trims and checks; `MAX` counts characters, so a Chinese name of 20 characters fits 20.
    pub fn parse(input: &str) -> Result<Self, ShortTextError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ShortTextError::Blank);
        }
        if text.chars().any(char::is_control) {
            return Err(ShortTextError::ControlCharacter);
        }
        if text.chars().count() > MAX {
            return Err(ShortTextError::TooLong);
        }
        Ok(Self(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<const MAX: usize> TryFrom<String> for ShortText<MAX> {
    type Error = ShortTextError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl<const MAX: usize> From<ShortText<MAX>> for String {
    fn from(text: ShortText<MAX>) -> Self {
        text.0
    }
}

/// A person's display name (姓名/称呼), up to 20 characters.
pub type DisplayName = ShortText<20>;
/// A village or community (村/社区), up to 30 characters.
pub type Village = ShortText<30>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_exactly_six_digits() {
        assert_eq!(OtpCode::parse("123456").unwrap().as_str(), "123456");
        assert_eq!(OtpCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert_eq!(OtpCode::parse("000000").unwrap().as_str(), "000000");
        for bad in ["", "12345", "1234567", "12a456", "１２３４５６", "-12345"] {
            assert!(OtpCode::parse(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Stallholder, Role::Organiser, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{role}\""));
        }
        assert_eq!(Role::parse("organizer"), Some(Role::Organiser));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn names_are_trimmed_bounded_and_one_line() {
        assert_eq!(DisplayName::parse("  王阿姨 ").unwrap().as_str(), "王阿姨");
        assert_eq!(DisplayName::parse("   "), Err(ShortTextError::Blank));
        assert_eq!(
            DisplayName::parse("王\n阿姨"),
            Err(ShortTextError::ControlCharacter)
        );
        assert!(DisplayName::parse(&"枇".repeat(20)).is_ok());
        assert_eq!(
            DisplayName::parse(&"枇".repeat(21)),
            Err(ShortTextError::TooLong)
        );
        assert!(Village::parse(&"村".repeat(30)).is_ok());
    }
}
