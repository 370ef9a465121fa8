//! Mainland China mobile numbers, the login of every stallholder and organiser.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A mainland mobile number: `1[3-9]` and nine more digits, stored without prefix or separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a text is not a mainland mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Nothing was typed.
    Empty,
    /// Something other than digits, spaces, dashes, dots, brackets and a leading `+`.
    BadCharacter,
    /// Not 11 digits once the country prefix is removed.
    WrongLength,
    /// 11 digits, but not a mobile number (mobile numbers start 13–19).
    NotMobile,
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "no phone number given",
            Self::BadCharacter => "a phone number has only digits",
            Self::WrongLength => "a mobile number has 11 digits",
            Self::NotMobile => "not a mainland mobile number",
        })
    }
}

impl std::error::Error for PhoneError {}

impl Phone {
    /// Reads a number as people type or paste it: `138 0013 8000`, `138-0013-8000`,
    /// `+86 13800138000`, `0086 138…` and `86138…` all give `13800138000`.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(13);
        let mut international = false;
        for c in trimmed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // Full-width digits come from some Chinese input methods.
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                ' ' | '-' | '.' | '(' | ')' | '\u{3000}' => {}
                '+' if digits.is_empty() && !international => international = true,
                _ => return Err(PhoneError::BadCharacter),
            }
        }
        let national = if international {
            // `+` must be followed by China's country code; `+1 415…` is someone else's number.
            digits.strip_prefix("86").ok_or(PhoneError::NotMobile)?
        } else {
            digits
                .strip_prefix("0086")
                .or_else(|| digits.strip_prefix("86").filter(|rest| rest.len() == 11))
                .unwrap_or(&digits)
        };
        if national.len() != 11 {
            return Err(PhoneError::WrongLength);
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(PhoneError::NotMobile);
        }
        Ok(Self(national.to_owned()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****8000`: enough to recognise one's own number, safe for logs and screens.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> Self {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ways_people_write_a_number_all_parse() {
        for input in [
            "13800138000",
            " 138 0013 8000 ",
            "138-0013-8000",
            "+86 138 0013 8000",
            "+8613800138000",
            "8613800138000",
            "0086 13800138000",
            "(+86) 138.0013.8000",
            "１３８００１３８０００",
        ] {
            assert_eq!(
                Phone::parse(input).map(String::from),
                Ok("13800138000".into()),
                "{input:?}"
            );
        }
    }

    #[test]
    fn every_mobile_prefix_from_13_to_19_is_accepted() {
        for second in 3..=9 {
            let number = format!("1{second}912345678");
            assert!(Phone::parse(&number).is_ok(), "{number}");
        }
    }

    #[test]
    fn bad_numbers_say_why() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("   "), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("138001380OO"), Err(PhoneError::BadCharacter));
        assert_eq!(Phone::parse("138+00138000"), Err(PhoneError::BadCharacter));
        assert_eq!(Phone::parse("1380013800"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("138001380001"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("+1 415 555 0100"), Err(PhoneError::NotMobile));
        assert_eq!(
            Phone::parse("++8613800138000"),
            Err(PhoneError::BadCharacter)
        );
        assert_eq!(Phone::parse("12800138000"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("02388886666"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("8612800138000"), Err(PhoneError::NotMobile));
    }

    #[test]
    fn a_number_starting_with_86_is_not_mistaken_for_a_prefix() {
        // 11 digits that happen to start with 86 are not a mobile number; 86 is stripped only
        // when 11 digits remain after it.
        assert_eq!(Phone::parse("86138001380"), Err(PhoneError::NotMobile));
    }

    #[test]
    fn masking_keeps_the_ends() {
        assert_eq!(Phone::parse("13800138000").unwrap().masked(), "138****8000");
    }

    #[test]
    fn json_takes_any_accepted_form_and_writes_the_digits() {
        let phone: Phone = serde_json::from_str(r#""+86 139-1234-5678""#).unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), r#""13912345678""#);
        assert!(serde_json::from_str::<Phone>(r#""12345""#).is_err());
    }
}
