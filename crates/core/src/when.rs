//! Dates and times as people read them: 12月6日 周六 8:00–12:00, or Sat 6 Dec 8:00–12:00.

use time::{Date, OffsetDateTime, Weekday};

use crate::{market::CHINA, monthly::YearMonth, product::SeasonMonths, Lang};

// `2026-11-30` in JSON: a China date as the API's query strings write it.
time::serde::format_description!(pub iso_day, Date, "[year]-[month]-[day]");

/// `12月6日 周六` / `Sat 6 Dec`: the day of a market, in China time.
pub fn day_label(at: OffsetDateTime, lang: Lang) -> String {
    let date = at.to_offset(CHINA).date();
    match lang {
        Lang::ZhCn => format!(
            "{}月{}日 {}",
            u8::from(date.month()),
            date.day(),
            weekday_zh(date.weekday())
        ),
        Lang::En => format!(
            "{} {} {}",
            weekday_en(date.weekday()),
            date.day(),
            month_en(date)
        ),
    }
}

/// `12月6日 周六 8:00–12:00`: a market's day and its hours, as pages and share texts write them.
pub fn day_and_hours(start: OffsetDateTime, end: OffsetDateTime, lang: Lang) -> String {
    format!("{} {}", day_label(start, lang), time_range(start, end))
}

/// `08:05`: a moment's time of day in China, as a clock shows it (and a time input takes it).
pub fn clock(at: OffsetDateTime) -> String {
    let at = at.to_offset(CHINA);
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// `8:00–12:00`: opening hours on a 24-hour clock, in China time.
pub fn time_range(start: OffsetDateTime, end: OffsetDateTime) -> String {
    let (start, end) = (start.to_offset(CHINA), end.to_offset(CHINA));
    format!(
        "{}:{:02}–{}:{:02}",
        start.hour(),
        start.minute(),
        end.hour(),
        end.minute()
    )
}

/// `2026年12月` / `December 2026`: a month heading.
pub fn month_label(month: YearMonth, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月", month.year(), u8::from(month.month())),
        Lang::En => format!("{} {}", month.month(), month.year()),
    }
}

/// `11月–3月` / `Nov–Mar`, `全年` / `all year`: when a product is in season.
pub fn season_label(season: SeasonMonths, lang: Lang) -> String {
    if season == SeasonMonths::ALL_YEAR {
        return match lang {
            Lang::ZhCn => "全年".into(),
            Lang::En => "all year".into(),
        };
    }
    let month = |m: u8| match lang {
        Lang::ZhCn => format!("{m}月"),
        Lang::En => MONTHS_EN[usize::from(m.clamp(1, 12)) - 1].to_owned(),
    };
    season
        .runs()
        .into_iter()
        .map(|(first, last)| match first == last {
            true => month(first),
            false => format!("{}–{}", month(first), month(last)),
        })
        .collect::<Vec<_>>()
        .join(match lang {
            Lang::ZhCn => "、",
            Lang::En => ", ",
        })
}

/// `一` … `日` / `Mon` … `Sun`: the heading of a calendar column.
pub fn weekday_short(day: Weekday, lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => weekday_zh(day).trim_start_matches('周'),
        Lang::En => weekday_en(day),
    }
}

/// Unix seconds as China time (out-of-range values, which no clock gives, read as the epoch: also
/// the last hours of year 9999, which +08:00 would carry past the calendar's end).
pub fn china_time(unix_secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .ok()
        .and_then(|at| at.checked_to_offset(CHINA))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH.to_offset(CHINA))
}

/// `11月29日 周日 14:05`: a moment (unix seconds), such as when something was saved.
pub fn moment_label(unix_secs: i64, lang: Lang) -> String {
    let at = china_time(unix_secs);
    format!("{} {}:{:02}", day_label(at, lang), at.hour(), at.minute())
}

/// Reads `2026-12-05`, as query strings and date inputs write it.
pub fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

/// The first second of a China day, in unix seconds (a query's `from`; the next day's is its end).
pub fn start_of_day(day: Date) -> i64 {
    day.with_time(time::Time::MIDNIGHT)
        .assume_offset(CHINA)
        .unix_timestamp()
}

/// The China date of an instant (markets are grouped by it).
pub fn china_date(at: OffsetDateTime) -> Date {
    at.to_offset(CHINA).date()
}

/// `周六` / `Sat`.
pub fn weekday_name(day: Weekday, lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => weekday_zh(day),
        Lang::En => weekday_en(day),
    }
}

fn weekday_zh(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "周一",
        Weekday::Tuesday => "周二",
        Weekday::Wednesday => "周三",
        Weekday::Thursday => "周四",
        Weekday::Friday => "周五",
        Weekday::Saturday => "周六",
        Weekday::Sunday => "周日",
    }
}

fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_en(date: Date) -> &'static str {
    MONTHS_EN[usize::from(u8::from(date.month())) - 1]
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_time_at_the_calendars_end_reads_as_the_epoch_rather_than_panicking() {
        let last_hour_of_9999 = 253_402_297_199; // 9999-12-31 23:59:59 UTC
        assert_eq!(china_time(last_hour_of_9999).unix_timestamp(), 0);
        assert_eq!(china_time(i64::MAX).unix_timestamp(), 0);
        assert_eq!(china_time(1_795_914_000).hour(), 9);
    }
    use time::macros::datetime;

    use super::*;

    #[test]
    fn chinese_style_days_and_hours() {
        let start = datetime!(2026-12-05 08:00 +8);
        let end = datetime!(2026-12-05 12:00 +8);
        assert_eq!(day_label(start, Lang::ZhCn), "12月5日 周六");
        assert_eq!(time_range(start, end), "8:00–12:00");
        assert_eq!(day_label(start, Lang::En), "Sat 5 Dec");
        let december = YearMonth::of(start.date());
        assert_eq!(month_label(december, Lang::ZhCn), "2026年12月");
        assert_eq!(month_label(december, Lang::En), "December 2026");
        assert_eq!(weekday_short(Weekday::Saturday, Lang::ZhCn), "六");
        assert_eq!(weekday_short(Weekday::Saturday, Lang::En), "Sat");
    }

    #[test]
    fn seasons_read_in_both_languages() {
        let winter = SeasonMonths::from_months(&[11, 12, 1, 2, 3]).unwrap();
        assert_eq!(season_label(winter, Lang::ZhCn), "11月–3月");
        assert_eq!(season_label(winter, Lang::En), "Nov–Mar");
        let twice = SeasonMonths::from_months(&[3, 4, 10]).unwrap();
        assert_eq!(season_label(twice, Lang::ZhCn), "3月–4月、10月");
        assert_eq!(season_label(SeasonMonths::ALL_YEAR, Lang::ZhCn), "全年");
    }

    #[test]
    fn dates_read_as_inputs_write_them() {
        assert_eq!(
            parse_date("2026-12-05"),
            Some(time::macros::date!(2026 - 12 - 05))
        );
        for bad in ["2026-13-01", "2026-02-30", "2026/12/05", "", "2026-12"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn moments_read_as_day_and_clock_time() {
        // 2026-11-29 06:05 UTC is 14:05 in China.
        assert_eq!(
            moment_label(1_795_932_300, Lang::ZhCn),
            "11月29日 周日 14:05"
        );
    }

    #[test]
    fn utc_instants_are_shown_in_china_time() {
        // 17:30 UTC on the 4th is 1:30 on the 5th in China.
        let at = datetime!(2026-12-04 17:30 UTC);
        assert_eq!(day_label(at, Lang::ZhCn), "12月5日 周六");
        assert_eq!(time_range(at, datetime!(2026-12-04 20:00 UTC)), "1:30–4:00");
    }
}
