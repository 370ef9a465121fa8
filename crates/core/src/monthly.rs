//! Monthly dates: "the first Saturday of each month", the months a series runs through, and times
//! of day as organisers write them ("08:00").

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Duration, Month, Time, Weekday};

/// The days of a week as Chinese calendars lay them out, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Monday,
    Weekday::Tuesday,
    Weekday::Wednesday,
    Weekday::Thursday,
    Weekday::Friday,
    Weekday::Saturday,
    Weekday::Sunday,
];

/// Which of a month's weekdays: the first four always exist, and "last" stands in for a fifth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WeekOfMonth {
    /// 第一个.
    First,
    /// 第二个.
    Second,
    /// 第三个.
    Third,
    /// 第四个.
    Fourth,
    /// 最后一个.
    Last,
}

impl WeekOfMonth {
    /// Every choice, in the order a form lists them.
    pub const ALL: [Self; 5] = [
        Self::First,
        Self::Second,
        Self::Third,
        Self::Fourth,
        Self::Last,
    ];
}

/// A day that comes back every month, e.g. the first Saturday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthlyRule {
    /// Which occurrence in the month.
    pub week: WeekOfMonth,
    /// Which day of the week, written `monday` … `sunday`.
    #[serde(with = "weekday_name")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::weekday))]
    pub weekday: Weekday,
}

impl MonthlyRule {
    /// The day this rule picks in `month`.
    pub fn day_in(self, month: YearMonth) -> Date {
        let first = month.first_day();
        let nth = |n: i64| next_weekday(first, self.weekday) + Duration::weeks(n);
        match self.week {
            WeekOfMonth::First => nth(0),
            WeekOfMonth::Second => nth(1),
            WeekOfMonth::Third => nth(2),
            WeekOfMonth::Fourth => nth(3),
            WeekOfMonth::Last => {
                let last_day = month.next().first_day() - Duration::days(1);
                let back = (7 + last_day.weekday().number_days_from_monday()
                    - self.weekday.number_days_from_monday())
                    % 7;
                last_day - Duration::days(i64::from(back))
            }
        }
    }
}

/// `day` itself if it falls on `weekday`, else the next such day.
pub fn next_weekday(day: Date, weekday: Weekday) -> Date {
    let ahead =
        (7 + weekday.number_days_from_monday() - day.weekday().number_days_from_monday()) % 7;
    day + Duration::days(i64::from(ahead))
}

/// A calendar month, written `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: Month,
}

impl YearMonth {
    /// The month `day` falls in.
    pub fn of(day: Date) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month of the year.
    pub fn month(self) -> Month {
        self.month
    }

    /// The 1st of the month.
    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    /// The month after this one.
    pub fn next(self) -> Self {
        self.plus(1)
    }

    /// The month `months` later (earlier when negative).
    pub fn plus(self, months: i32) -> Self {
        let index = self.year * 12 + i32::from(u8::from(self.month)) - 1 + months;
        let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
        Self {
            year: index.div_euclid(12),
            month: Month::try_from(month).unwrap_or(Month::January),
        }
    }

    /// Reads `2026-12`.
    pub fn parse(text: &str) -> Option<Self> {
        let (year, month) = text.trim().split_once('-')?;
        let year: i32 = year.parse().ok().filter(|y| (2000..=2200).contains(y))?;
        let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
        Some(Self { year, month })
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, u8::from(self.month))
    }
}

impl Serialize for YearMonth {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a month like 2026-12"))
        })
    }
}

/// A time of day to the minute, written `08:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(Time);

impl TimeOfDay {
    /// 00:00.
    pub const MIDNIGHT: Self = Self(Time::MIDNIGHT);

    /// `hour:minute`, if it is a real time.
    pub fn new(hour: u8, minute: u8) -> Option<Self> {
        Time::from_hms(hour, minute, 0).ok().map(Self)
    }

    /// The time.
    pub fn time(self) -> Time {
        self.0
    }

    /// Reads `8:00` or `08:00`.
    pub fn parse(text: &str) -> Option<Self> {
        let (hour, minute) = text.trim().split_once(':')?;
        if minute.len() != 2 {
            return None;
        }
        Self::new(hour.parse().ok()?, minute.parse().ok()?)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a time like 08:00")))
    }
}

/// `time::Weekday` as the lower-case English name.
mod weekday_name {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Weekday;

    const NAMES: [(Weekday, &str); 7] = [
        (Weekday::Monday, "monday"),
        (Weekday::Tuesday, "tuesday"),
        (Weekday::Wednesday, "wednesday"),
        (Weekday::Thursday, "thursday"),
        (Weekday::Friday, "friday"),
        (Weekday::Saturday, "saturday"),
        (Weekday::Sunday, "sunday"),
    ];

    pub fn serialize<S: Serializer>(day: &Weekday, serializer: S) -> Result<S::Ok, S::Error> {
        let name = NAMES.iter().find(|(d, _)| d == day).map_or("", |(_, n)| n);
        serializer.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Weekday, D::Error> {
        let text = String::deserialize(deserializer)?;
        NAMES
            .iter()
            .find(|(_, name)| *name == text)
            .map(|(day, _)| *day)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a weekday")))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn rule(week: WeekOfMonth, weekday: Weekday) -> MonthlyRule {
        MonthlyRule { week, weekday }
    }

    #[test]
    fn picks_the_nth_and_the_last_weekday() {
        let december = YearMonth::of(date!(2026 - 12 - 17));
        let saturday = |week| rule(week, Weekday::Saturday).day_in(december);
        assert_eq!(saturday(WeekOfMonth::First), date!(2026 - 12 - 05));
        assert_eq!(saturday(WeekOfMonth::Third), date!(2026 - 12 - 19));
        assert_eq!(saturday(WeekOfMonth::Last), date!(2026 - 12 - 26));
        // August 2026 starts on a Saturday; January 2027 ends on a Sunday.
        let august = YearMonth::of(date!(2026 - 08 - 01));
        assert_eq!(
            rule(WeekOfMonth::First, Weekday::Saturday).day_in(august),
            date!(2026 - 08 - 01)
        );
        let january = YearMonth::of(date!(2027 - 01 - 01));
        assert_eq!(
            rule(WeekOfMonth::Last, Weekday::Sunday).day_in(january),
            date!(2027 - 01 - 31)
        );
    }

    #[test]
    fn months_roll_over_years_both_ways() {
        let november = YearMonth::of(date!(2026 - 11 - 29));
        assert_eq!(november.plus(3).to_string(), "2027-02");
        assert_eq!(november.plus(-11).to_string(), "2025-12");
        assert_eq!(YearMonth::parse("2026-12"), Some(november.next()));
        for bad in ["2026-13", "2026", "26-1x", "1900-01", ""] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_and_rules_read_and_write_as_organisers_type_them() {
        assert_eq!(
            TimeOfDay::parse("8:00").map(|t| t.to_string()),
            Some("08:00".into())
        );
        for bad in ["24:00", "8:5", "8", "08:60", "ab:cd"] {
            assert_eq!(TimeOfDay::parse(bad), None, "{bad}");
        }
        let json = serde_json::to_value(rule(WeekOfMonth::First, Weekday::Saturday)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"week": "first", "weekday": "saturday"})
        );
        let back: MonthlyRule = serde_json::from_value(json).unwrap();
        assert_eq!(back.weekday, Weekday::Saturday);
        assert!(
            serde_json::from_str::<MonthlyRule>(r#"{"week":"fifth","weekday":"saturday"}"#)
                .is_err()
        );
    }
}
