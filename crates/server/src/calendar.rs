//! iCalendar (RFC 5545) for one market: what "add to calendar" downloads.

use jishi_core::market::{Market, MarketStatus};

use crate::store::markets::Revision;
use time::{macros::format_description, OffsetDateTime, UtcOffset};

/// A VCALENDAR with one VEVENT; times in UTC, lines folded at 75 octets, text escaped. Its
/// SEQUENCE is the market's revision and LAST-MODIFIED its last change, so a phone that added an
/// earlier version takes a rescheduled or cancelled market as an update of the same event (UID).
pub fn event(market: &Market, revision: Revision, now: i64) -> String {
    let stamp = jishi_core::when::china_time(now);
    let location = format!("{}（{}）", market.venue.name, market.venue.address);
    let description = format!(
        "{}\\n牵头单位：{}\\n联系人：{} {}",
        escape(&market.goods),
        escape(&market.host_unit.name),
        escape(&market.contact.name),
        escape(&market.contact.phone)
    );
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Jishi//集市通//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@jishi", market.id),
        format!("DTSTAMP:{}", utc(stamp)),
        format!("SEQUENCE:{}", revision.number.max(0)),
        format!(
            "LAST-MODIFIED:{}",
            utc(jishi_core::when::china_time(revision.changed_at))
        ),
        format!("DTSTART:{}", utc(market.starts_at)),
        format!("DTEND:{}", utc(market.ends_at)),
        format!("SUMMARY:{}", escape(&market.title)),
        format!("LOCATION:{}", escape(&location)),
        format!("DESCRIPTION:{description}"),
    ];
    if let Some((lat, lng)) = market.venue.point() {
        lines.push(format!("GEO:{lat};{lng}"));
    }
    lines.push(match market.status {
        MarketStatus::Cancelled => "STATUS:CANCELLED".to_owned(),
        MarketStatus::Scheduled | MarketStatus::Postponed => "STATUS:CONFIRMED".to_owned(),
    });
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);
    lines
        .iter()
        .map(|line| fold(line))
        .collect::<Vec<_>>()
        .join("")
}

fn utc(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default()
}

/// A TEXT value as RFC 5545 (3.3.11) writes it: `\`, `;` and `,` escaped, a line break (CRLF, LF or
/// a bare CR) as `\n`, and every other control character left out, so no value can end its line
/// and start a property of its own (`END:VEVENT`…), whatever got into the database.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line with CRLF, folded so no physical line exceeds 75 octets (never inside a
/// UTF-8 character: Chinese text is 3 octets a character).
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chinese_lines_fold_at_75_octets_on_character_boundaries() {
        let folded = fold(&format!("SUMMARY:{}", "枇杷露".repeat(20)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded: String = folded.replace("\r\n ", "").trim_end().to_owned();
        assert_eq!(unfolded, format!("SUMMARY:{}", "枇杷露".repeat(20)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
