//! Chinese car plates (车牌), as a trunk-market bay needs one: a province character, the issuing
//! city's letter, then five characters (ordinary plates) or six (new-energy plates, 新能源).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The provinces' one-character abbreviations that open a plate.
const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// A valid plate, written without separators: `浙J12345`, `浙JD12345`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plate(String);

impl Plate {
    /// Reads a plate as people type it: any case, with spaces, dots or the middle dot (浙J·12345),
    /// full-width letters and digits.
    pub fn parse(input: &str) -> Option<Self> {
        let cleaned: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{3000}' | '·' | '•' | '.' | '-' | '\u{30fb}'))
            .map(|c| match c {
                // Full-width ASCII (Ａ, １…) to half-width.
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                _ => c,
            })
            .flat_map(char::to_uppercase)
            .collect();
        let mut chars = cleaned.chars();
        let province = chars.next()?;
        let city = chars.next()?;
        let rest: Vec<char> = chars.collect();
        let valid = PROVINCES.contains(province)
            && city.is_ascii_uppercase()
            && matches!(rest.len(), 5 | 6)
            // I and O are never used: they read as 1 and 0.
            && rest
                .iter()
                .all(|c| (c.is_ascii_uppercase() || c.is_ascii_digit()) && !matches!(c, 'I' | 'O'))
            // New-energy plates: D (battery) or F (hybrid) first, or last on large vehicles.
            && (rest.len() == 5 || matches!(rest[0], 'D' | 'F') || matches!(rest[5], 'D' | 'F'));
        valid.then_some(Self(cleaned))
    }

    /// The plate without separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Plate {
    /// `浙J·12345`, as plates are printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let split = self
            .0
            .char_indices()
            .nth(2)
            .map_or(self.0.len(), |(i, _)| i);
        write!(f, "{}·{}", &self.0[..split], &self.0[split..])
    }
}

impl Serialize for Plate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Plate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not a Chinese car plate"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plates_read_however_people_type_them() {
        for (typed, stored) in [
            ("浙J12345", "浙J12345"),
            ("浙j 123 45", "浙J12345"),
            ("浙J·12345", "浙J12345"),
            ("浙Ｊ１２３４５", "浙J12345"),
            ("浙JD12345", "浙JD12345"),
            ("浙J12345F", "浙J12345F"),
            ("京A8B8C8", "京A8B8C8"),
        ] {
            assert_eq!(
                Plate::parse(typed).map(|p| p.0),
                Some(stored.to_owned()),
                "{typed}"
            );
        }
    }

    #[test]
    fn what_is_not_a_plate_is_refused() {
        for typed in [
            "",
            "浙J1234",
            "浙J1234567",
            "XJ12345",
            "浙112345",
            "浙JO1234",
            "浙JA12345",
            "浙J12I45",
        ] {
            assert_eq!(Plate::parse(typed), None, "{typed}");
        }
    }

    #[test]
    fn plates_print_with_the_middle_dot() {
        assert_eq!(Plate::parse("浙j12345").unwrap().to_string(), "浙J·12345");
    }
}
