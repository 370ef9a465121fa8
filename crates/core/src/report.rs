//! 共富 reports: what a host unit's markets did for the villagers over a month or a quarter, as the
//! unit reports it to the district: markets held by kind; stalls offered, booked and attended; the
//! stallholders by village and how many were priority households (帮扶户); visitors; the workshops
//! and products shown. `GET /api/v1/reports?from=&to=&unit=` answers [`Report`]; the app lets an
//! organiser pick a [`Period`].

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::{api::HostUnitRef, market::MarketKind, monthly::YearMonth, when::iso_day, Lang};

/// The longest span one report covers: a year (a leap year's too).
pub const MAX_DAYS: i64 = 366;

/// What a report counts, of every market held in it or of one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StallCounts {
    /// Stalls open for booking (those closed by the organisers left out).
    pub offered: i64,
    /// Stalls booked and confirmed (the no-shows among them).
    pub booked: i64,
    /// Booked stalls whose holder was scanned in.
    pub attended: i64,
    /// Booked stalls whose holder was marked absent or never scanned in.
    pub no_shows: i64,
    /// Visitors checked in.
    pub visitors: i64,
}

impl StallCounts {
    /// The no-shows as a whole percentage of the stalls booked; `None` when none were.
    pub fn no_show_percent(&self) -> Option<i64> {
        (self.booked > 0).then(|| (self.no_shows * 100 + self.booked / 2) / self.booked)
    }

    /// Both counts added up.
    pub fn plus(self, other: Self) -> Self {
        Self {
            offered: self.offered + other.offered,
            booked: self.booked + other.booked,
            attended: self.attended + other.attended,
            no_shows: self.no_shows + other.no_shows,
            visitors: self.visitors + other.visitors,
        }
    }
}

/// `GET /api/v1/reports`: the markets of the host units counted whose day fell in `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The first day counted (China date).
    #[serde(with = "iso_day")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// The last day counted, inclusive.
    #[serde(with = "iso_day")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// The host units counted.
    pub units: Vec<HostUnitRef>,
    /// Markets held (begun by the time of the report and not cancelled).
    pub markets_held: i64,
    /// Markets of the period that were cancelled.
    pub markets_cancelled: i64,
    /// Markets of the period still to come.
    pub markets_coming: i64,
    /// The markets held, by kind (kinds with none left out), in `MarketKind::ALL` order.
    pub by_kind: Vec<KindCount>,
    /// Every market held added up.
    pub totals: StallCounts,
    /// Distinct people who held a stall at any market held.
    pub stallholders: i64,
    /// How many of them were priority households of the unit of a market they held a stall at,
    /// on that market's day.
    pub priority_stallholders: i64,
    /// The stallholders by the village they gave, the most first.
    pub villages: Vec<VillageCount>,
    /// Each market held, by day.
    pub markets: Vec<MarketLine>,
    /// The 共富工坊 whose products were shown at a market held, the most markets first.
    pub workshops: Vec<ShownWorkshop>,
    /// The products shown at a market held, the most markets first.
    pub products: Vec<ShownProduct>,
}

/// How many markets of a kind were held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindCount {
    /// The kind.
    pub kind: MarketKind,
    /// Markets held.
    pub markets: i64,
}

/// Stallholders from one village.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VillageCount {
    /// As the stallholders gave it; empty when they gave none.
    pub village: String,
    /// Distinct stallholders.
    pub stallholders: i64,
    /// How many of them are priority households.
    pub priority: i64,
}

/// One market held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketLine {
    /// The market.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: MarketKind,
    /// Its day (China date).
    #[serde(with = "iso_day")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub day: Date,
    /// Its host unit.
    pub host_unit: HostUnitRef,
    /// What it counted.
    pub counts: StallCounts,
}

/// A 共富工坊 whose products were shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShownWorkshop {
    /// The workshop.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its village.
    pub village: String,
    /// Its distinct products shown.
    pub products: i64,
    /// Markets held that showed any of them.
    pub markets: i64,
}

/// A product shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShownProduct {
    /// The product.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The workshop's name that makes it; empty for a stallholder's own.
    pub workshop: String,
    /// Markets held that showed it.
    pub markets: i64,
}

/// What an organiser reports on: a calendar month or a quarter, written `2026-11` or `2026-Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// A calendar month.
    Month(YearMonth),
    /// Three months from the first of January, April, July or October.
    Quarter(YearMonth),
}

impl Period {
    /// The quarter `day` falls in.
    pub fn quarter_of(day: Date) -> Self {
        let first = (u8::from(day.month()) - 1) / 3 * 3 + 1;
        let month = Month::try_from(first).unwrap_or(Month::January);
        Self::Quarter(YearMonth::of(
            Date::from_calendar_date(day.year(), month, 1).unwrap_or(day),
        ))
    }

    /// Reads `2026-11` or `2026-Q4`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.split_once("-Q") {
            Some((year, quarter)) => {
                let quarter: u8 = quarter.parse().ok().filter(|q| (1..=4).contains(q))?;
                YearMonth::parse(&format!("{year}-{}", (quarter - 1) * 3 + 1)).map(Self::Quarter)
            }
            None => YearMonth::parse(text).map(Self::Month),
        }
    }

    /// The first day.
    pub fn from(self) -> Date {
        match self {
            Self::Month(month) | Self::Quarter(month) => month.first_day(),
        }
    }

    /// The last day, inclusive.
    pub fn to(self) -> Date {
        let next = match self {
            Self::Month(month) => month.next(),
            Self::Quarter(month) => month.plus(3),
        };
        next.first_day().previous_day().unwrap_or(Date::MIN)
    }

    /// The one before (the month or quarter before).
    pub fn previous(self) -> Self {
        match self {
            Self::Month(month) => Self::Month(month.plus(-1)),
            Self::Quarter(month) => Self::Quarter(month.plus(-3)),
        }
    }

    /// `2026年11月`, `2026年第4季度` / `November 2026`, `Q4 2026`.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Month(month), lang) => crate::when::month_label(month, lang),
            (Self::Quarter(month), Lang::ZhCn) => {
                format!("{}年第{}季度", month.year(), quarter_number(month))
            }
            (Self::Quarter(month), Lang::En) => {
                format!("Q{} {}", quarter_number(month), month.year())
            }
        }
    }
}

fn quarter_number(first: YearMonth) -> u8 {
    (u8::from(first.month()) - 1) / 3 + 1
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Month(month) => write!(f, "{}-{:02}", month.year(), u8::from(month.month())),
            Self::Quarter(month) => write!(f, "{}-Q{}", month.year(), quarter_number(*month)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn periods_read_and_write_months_and_quarters() {
        let month = Period::parse("2026-11").unwrap();
        assert_eq!(
            (month.from(), month.to()),
            (date!(2026 - 11 - 01), date!(2026 - 11 - 30))
        );
        assert_eq!(month.to_string(), "2026-11");
        let quarter = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (quarter.from(), quarter.to()),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(quarter.to_string(), "2026-Q4");
        assert_eq!(quarter.label(Lang::ZhCn), "2026年第4季度");
        assert_eq!(
            Period::quarter_of(date!(2026 - 02 - 28)).to_string(),
            "2026-Q1"
        );
        assert_eq!(quarter.previous().to_string(), "2026-Q3");
        assert_eq!(
            Period::parse("2026-Q1").unwrap().previous().to_string(),
            "2025-Q4"
        );
        assert_eq!(Period::parse("2026-Q5"), None);
        assert_eq!(Period::parse("2026-13"), None);
    }

    #[test]
    fn the_no_show_rate_rounds_and_needs_a_booking() {
        let counts = |booked, no_shows| StallCounts {
            booked,
            no_shows,
            ..StallCounts::default()
        };
        assert_eq!(counts(0, 0).no_show_percent(), None);
        assert_eq!(counts(3, 1).no_show_percent(), Some(33));
        assert_eq!(counts(8, 1).no_show_percent(), Some(13));
    }
}
