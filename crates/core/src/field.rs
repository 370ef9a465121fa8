//! The fields of the forms organisers and stallholders fill in (a market, a series, a product),
//! and why one is refused: named here once, so the app can mark a field before sending and the
//! server's answer names the same one (`error.field`).

use std::fmt;

use crate::market::MAX_MARKET_HOURS;

/// A field of an organiser's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The market's title.
    Title,
    /// The goods text.
    Goods,
    /// The venue's name.
    VenueName,
    /// 镇/街道.
    Town,
    /// 村/社区.
    Village,
    /// The street address.
    Address,
    /// Latitude and longitude.
    Location,
    /// The contact's name.
    ContactName,
    /// The contact's phone.
    ContactPhone,
    /// A cancellation or postponement reason.
    Reason,
    /// The host unit(s).
    HostUnit,
    /// A series' number of months.
    Months,
    /// The market's date (a form's field; the API takes whole times).
    Date,
    /// An opening or closing time (a form's field).
    Time,
    /// How many stalls one person may hold.
    StallsPerPerson,
    /// Hours before the opening until which a booking may be cancelled.
    CancelHours,
    /// The share of stalls kept for priority households, in percent.
    ReservedPercent,
    /// Hours before the opening when kept stalls still free open to everyone.
    ReservedHours,
    /// A product's name.
    Name,
    /// A product's price text.
    Price,
    /// A product's description.
    Description,
    /// A product's season months.
    Season,
}

impl Field {
    /// The field as the API's JSON names it (dotted for nested ones), for error answers.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Title => "title",
            Self::Goods => "goods",
            Self::VenueName => "venue.name",
            Self::Town => "venue.town",
            Self::Village => "venue.village",
            Self::Address => "venue.address",
            Self::Location => "venue.lat",
            Self::ContactName => "contact.name",
            Self::ContactPhone => "contact.phone",
            Self::Reason => "reason",
            Self::HostUnit => "host_unit",
            Self::Months => "months",
            Self::Date => "starts_at",
            Self::Time => "starts",
            Self::StallsPerPerson => "booking.stalls_per_person",
            Self::CancelHours => "booking.cancel_hours",
            Self::ReservedPercent => "booking.reserved_percent",
            Self::ReservedHours => "booking.reserved_hours",
            Self::Name => "name",
            Self::Price => "price_text",
            Self::Description => "description",
            Self::Season => "season_months",
        }
    }
}

/// Why an organiser's request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A required field is blank.
    Missing(Field),
    /// A field is longer than allowed.
    TooLong(Field),
    /// A field is malformed (a phone with letters, a host unit named twice…).
    Invalid(Field),
    /// The market would end before it starts.
    EndsBeforeStart,
    /// Booking would close before it opens.
    BookingClosesBeforeOpens,
    /// Booking would close after the market ends.
    BookingClosesAfterEnd,
    /// The market would last longer than [`MAX_MARKET_HOURS`].
    LastsTooLong,
    /// A time outside the years a market can be held in ([`FIRST_YEAR`] to [`LAST_YEAR`]), or a
    /// booking window opening more than a year before the market.
    OutOfRange,
    /// First come, the stalls kept for priority households would open to everyone outside the
    /// booking window (so, unclaimed, never).
    KeptNeverOpen,
}

impl Problem {
    /// The form field the problem belongs beside. Those of the times sit by the hours (the order
    /// of opening and closing) or the date (the rest: the booking window follows from the day).
    pub fn field(self) -> Field {
        match self {
            Self::Missing(field) | Self::TooLong(field) | Self::Invalid(field) => field,
            Self::EndsBeforeStart | Self::LastsTooLong => Field::Time,
            Self::BookingClosesBeforeOpens | Self::BookingClosesAfterEnd | Self::OutOfRange => {
                Field::Date
            }
            Self::KeptNeverOpen => Field::ReservedHours,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(field) => write!(f, "{field:?} is required"),
            Self::TooLong(field) => write!(f, "{field:?} is too long"),
            Self::Invalid(field) => write!(f, "{field:?} is not valid"),
            Self::EndsBeforeStart => f.write_str("the market ends before it starts"),
            Self::BookingClosesBeforeOpens => f.write_str("booking closes before it opens"),
            Self::BookingClosesAfterEnd => f.write_str("booking closes after the market ends"),
            Self::LastsTooLong => write!(f, "a market lasts at most {MAX_MARKET_HOURS} hours"),
            Self::OutOfRange => f.write_str("a time is out of the range markets are held in"),
            Self::KeptNeverOpen => {
                f.write_str("the kept stalls would open to everyone outside the booking window")
            }
        }
    }
}

/// Trimmed, non-empty, one line, at most `max` characters.
pub fn one_line(field: Field, value: &str, max: usize) -> Result<String, Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Problem::Missing(field));
    }
    if value.chars().any(char::is_control) {
        return Err(Problem::Invalid(field));
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong(field));
    }
    Ok(value.to_owned())
}

/// Trimmed, possibly empty, several lines allowed (a Windows line end is read as one), at most
/// `max` characters. No other control character: a bare CR, a NUL or an escape would pass into
/// calendar files, CSV exports and SMS texts that other programs read line by line.
pub fn text(field: Field, value: &str, max: usize) -> Result<String, Problem> {
    let value = value.trim().replace("\r\n", "\n");
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Problem::Invalid(field));
    }
    if value.chars().count() > max {
        return Err(Problem::TooLong(field));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_line_breaks_and_refuses_other_control_characters() {
        assert_eq!(
            text(Field::Goods, " 年货\r\n腊味 ", 50).unwrap(),
            "年货\n腊味"
        );
        for bad in ["年货\r腊味", "a\u{0}b", "a\tb", "a\u{1b}[2J", "a\u{85}b"] {
            assert_eq!(
                text(Field::Goods, bad, 50),
                Err(Problem::Invalid(Field::Goods)),
                "{bad:?}"
            );
        }
    }
}
