//! What the 集市 tab shows, all of it in the URL so a filtered list or a month can be shared and
//! survives a reload: `?town=…&kind=…` filter, `month=2026-12` shows that month's calendar, and
//! `day=2026-12-05` picks a day in it.

use jishi_core::{
    market::MarketKind,
    monthly::YearMonth,
    url::{decode, query_string},
    when,
};
use time::Date;

use crate::paths;

/// The 集市 tab's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScheduleQuery {
    /// Only this town (镇/街道).
    pub town: Option<String>,
    /// Only this kind.
    pub kind: Option<MarketKind>,
    /// The month calendar of this month; the list when `None`.
    pub month: Option<YearMonth>,
    /// The day picked in the calendar.
    pub day: Option<Date>,
}

impl ScheduleQuery {
    /// Reads the query string, given as its value for a key; what does not parse is left out.
    pub fn read(query: impl Fn(&str) -> Option<String>) -> Self {
        let text = |key: &str| query(key).map(|v| decode(&v)).filter(|v| !v.is_empty());
        Self {
            town: text("town"),
            kind: text("kind").and_then(|k| MarketKind::parse(&k)),
            month: text("month").and_then(|m| YearMonth::parse(&m)),
            day: text("day").and_then(|d| when::parse_date(&d)),
        }
    }

    /// The link to this state of the tab.
    pub fn href(&self) -> String {
        let month = self.month.map(|m| m.to_string());
        let day = self.day.map(|d| d.to_string());
        format!(
            "{}{}",
            paths::MARKETS,
            query_string(&[
                ("town", self.town.as_deref()),
                ("kind", self.kind.map(MarketKind::as_str)),
                ("month", month.as_deref()),
                ("day", day.as_deref()),
            ])
        )
    }
}
