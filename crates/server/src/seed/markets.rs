//! The demo schedule, laid out relative to the day the database is seeded: from last month to three
//! months ahead, so a newcomer always sees next month's markets on the first screen.

use jishi_core::{
    market::SeriesRequest,
    market::{Approval, Contact, MarketKind},
    monthly::{next_weekday, MonthlyRule, TimeOfDay, WeekOfMonth, YearMonth},
};
use time::{Date, Duration, OffsetDateTime, Time, Weekday};

/// One demo market, before it is written.
#[derive(Debug, Clone)]
pub struct DemoMarket {
    /// Stable id, so demo links keep working.
    pub id: String,
    /// Title.
    pub title: String,
    /// What it is for.
    pub kind: MarketKind,
    /// Opening (China time).
    pub starts_at: OffsetDateTime,
    /// Closing.
    pub ends_at: OffsetDateTime,
    /// Host unit id.
    pub host_unit: &'static str,
    /// Venue id.
    pub venue: &'static str,
    /// What it sells.
    pub goods: &'static str,
    /// Contact name and phone.
    pub contact: (&'static str, &'static str),
    /// How bookings are confirmed.
    pub approval: Approval,
    /// Why it is cancelled, if it is.
    pub cancelled: Option<&'static str>,
    /// Series id for the rotating monthly market.
    pub series: Option<&'static str>,
    /// Whether stalls may be booked on the day itself, until an hour before the close (else the
    /// usual window, closing the evening before).
    pub same_day_booking: bool,
    /// Stall layout: (zone, code prefix, count, kind, fee in fen, power).
    pub layout: &'static [(&'static str, &'static str, u8, &'static str, i64, bool)],
}

const PRODUCE_LAYOUT: &[(&str, &str, u8, &str, i64, bool)] = &[
    ("A区 农产品", "A", 12, "booth", 0, false),
    ("B区 后备箱", "B", 8, "car_bay", 2000, false),
    ("C区 美食", "C", 6, "booth", 5000, true),
];
const TRUNK_LAYOUT: &[(&str, &str, u8, &str, i64, bool)] = &[
    ("B区 后备箱", "B", 20, "car_bay", 3000, false),
    ("C区 美食", "C", 4, "booth", 5000, true),
];
const FESTIVAL_LAYOUT: &[(&str, &str, u8, &str, i64, bool)] = &[
    ("A区 农产品", "A", 16, "booth", 0, false),
    ("C区 美食", "C", 8, "booth", 6000, true),
    ("D区 手工", "D", 6, "booth", 2000, false),
];

/// The rotating monthly market of the Luqiao joint committee: first Saturday, 8:00–12:00, hosted in
/// turn by these units at their own venues (轮值牵头).
const LUQIAO_ROTATION: [(&str, &str, &str); 3] = [
    ("hu-jiangsengqiao", "v-jiangsengqiao", "蒋僧桥村"),
    ("hu-jinliang", "v-jinliang", "金良社区"),
    ("hu-xiaotong", "v-xiaotong", "小桐村"),
];

/// The id of the Luqiao series.
pub const LUQIAO_SERIES: &str = "s-luqiao-first-saturday";
const LUQIAO_GOODS: &str = "蔬菜瓜果、苗木花卉、农家土特产、共富工坊产品";
const LUQIAO_CONTACT: (&str, &str) = ("李主任", "0576-8239 1001");

/// The Luqiao series as an organiser would have asked for it: five months from `first_month`.
pub fn luqiao_series(first_month: YearMonth) -> SeriesRequest {
    SeriesRequest {
        title: "路桥助富集市 · 特色农产品展销".into(),
        kind: MarketKind::ProduceFair,
        rule: MonthlyRule {
            week: WeekOfMonth::First,
            weekday: Weekday::Saturday,
        },
        first_month,
        months: 5,
        starts: TimeOfDay::new(8, 0).unwrap_or(TimeOfDay::MIDNIGHT),
        ends: TimeOfDay::new(12, 0).unwrap_or(TimeOfDay::MIDNIGHT),
        host_units: LUQIAO_ROTATION
            .iter()
            .map(|(unit, _, _)| (*unit).to_owned())
            .collect(),
        goods: LUQIAO_GOODS.into(),
        contact: Contact {
            name: LUQIAO_CONTACT.0.into(),
            phone: LUQIAO_CONTACT.1.into(),
        },
        approval: Approval::Auto,
    }
}

/// Every demo market for a database seeded on `today` (China date).
pub fn schedule(today: Date) -> Vec<DemoMarket> {
    let mut markets = Vec::new();
    let this_month = YearMonth::of(today);
    for (n, planned) in luqiao_series(this_month.plus(-1))
        .plan()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let (_, venue, name) = LUQIAO_ROTATION[n % LUQIAO_ROTATION.len()];
        markets.push(DemoMarket {
            id: format!(
                "m-luqiao-{}",
                planned
                    .starts_at
                    .format(&time::macros::format_description!("[year][month]"))
                    .unwrap_or_default()
            ),
            title: format!("{name}助富集市 · 特色农产品展销"),
            kind: MarketKind::ProduceFair,
            starts_at: planned.starts_at,
            ends_at: planned.ends_at,
            host_unit: LUQIAO_ROTATION[n % LUQIAO_ROTATION.len()].0,
            venue,
            goods: LUQIAO_GOODS,
            contact: LUQIAO_CONTACT,
            approval: Approval::Auto,
            cancelled: None,
            series: Some(LUQIAO_SERIES),
            same_day_booking: false,
            layout: PRODUCE_LAYOUT,
        });
    }
    let next_month = this_month.next();
    for (suffix, month, cancelled) in [
        ("a", this_month, None),
        (
            "b",
            next_month,
            Some("本期场地路面施工，后备箱集市暂停一次，下月照常举办。"),
        ),
    ] {
        let day = MonthlyRule {
            week: WeekOfMonth::Third,
            weekday: Weekday::Saturday,
        }
        .day_in(month);
        markets.push(DemoMarket {
            id: format!("m-jinliang-trunk-{suffix}"),
            title: "金良社区后备箱集市".into(),
            kind: MarketKind::TrunkMarket,
            starts_at: at(day, 16, 0),
            ends_at: at(day, 20, 0),
            host_unit: "hu-jinliang",
            venue: "v-jinliang",
            goods: "自家农产品、二嫂乡苑农家菜、手作小物",
            contact: ("王社长", "0576-8238 2002"),
            approval: Approval::Auto,
            cancelled,
            series: None,
            same_day_booking: false,
            layout: TRUNK_LAYOUT,
        });
    }
    let festival_day = next_weekday(today + Duration::days(40), Weekday::Sunday);
    markets.push(DemoMarket {
        id: "m-xiaotong-loquat".into(),
        title: "枇杷文化节共富集市".into(),
        kind: MarketKind::Festival,
        starts_at: at(festival_day, 9, 0),
        ends_at: at(festival_day, 16, 0),
        host_unit: "hu-xiaotong",
        venue: "v-xiaotong",
        goods: "“调记”枇杷露、枇杷膏、枇杷花茶，路桥特色小吃",
        contact: ("蒋书记", "0576-8246 3003"),
        approval: Approval::Manual,
        cancelled: None,
        series: None,
        same_day_booking: false,
        layout: FESTIVAL_LAYOUT,
    });
    let sugar_day = next_weekday(today + Duration::days(10), Weekday::Saturday);
    markets.push(DemoMarket {
        id: "m-shangping-sugar".into(),
        title: "侨乡优品 · 红糖助富集市".into(),
        kind: MarketKind::ProduceFair,
        starts_at: at(sugar_day, 8, 30),
        ends_at: at(sugar_day, 14, 0),
        host_unit: "hu-shangping",
        venue: "v-shangping",
        goods: "知味红古法红糖、甘蔗、山货",
        contact: ("叶师傅", "0578-6510 4004"),
        approval: Approval::Auto,
        cancelled: None,
        series: None,
        same_day_booking: false,
        layout: PRODUCE_LAYOUT,
    });
    let flowers_day = MonthlyRule {
        week: WeekOfMonth::Second,
        weekday: Weekday::Sunday,
    }
    .day_in(next_month);
    markets.push(DemoMarket {
        id: "m-changan-flowers".into(),
        title: "长安镇花卉直播共富集市".into(),
        kind: MarketKind::ProduceFair,
        starts_at: at(flowers_day, 9, 0),
        ends_at: at(flowers_day, 15, 0),
        host_unit: "hu-changan",
        venue: "v-changan",
        goods: "盆栽花卉、园艺苗木、直播带货农产品",
        contact: ("朱老师", "0573-8752 5005"),
        approval: Approval::Auto,
        cancelled: None,
        series: None,
        same_day_booking: false,
        layout: PRODUCE_LAYOUT,
    });
    for (suffix, month) in [
        ("a", this_month),
        ("b", next_month),
        ("c", this_month.plus(2)),
    ] {
        let day = MonthlyRule {
            week: WeekOfMonth::Last,
            weekday: Weekday::Saturday,
        }
        .day_in(month);
        markets.push(DemoMarket {
            id: format!("m-songshi-canal-{suffix}"),
            title: "运河共富集市 · 公益星期六".into(),
            kind: MarketKind::Festival,
            starts_at: at(day, 9, 0),
            ends_at: at(day, 12, 0),
            host_unit: "hu-songshi",
            venue: "v-songshi",
            goods: "运河人家农产品、助农特产、公益义卖",
            contact: ("陈站长", "0572-8451 6006"),
            approval: Approval::Auto,
            cancelled: None,
            series: None,
            same_day_booking: false,
            layout: FESTIVAL_LAYOUT,
        });
    }
    // A market on the day the demo is loaded, open all day, so a newcomer can print its poster,
    // check in from another window and scan tickets at once.
    markets.push(DemoMarket {
        id: "m-jinliang-farmers".into(),
        title: "二嫂乡苑周末农夫集".into(),
        kind: MarketKind::ProduceFair,
        starts_at: at(today, 7, 0),
        ends_at: at(today, 21, 0),
        host_unit: "hu-jinliang",
        venue: "v-jinliang",
        goods: "二嫂乡苑农家菜、时令果蔬、自家腌货",
        contact: ("王社长", "0576-8238 2002"),
        approval: Approval::Auto,
        cancelled: None,
        series: None,
        same_day_booking: true,
        layout: PRODUCE_LAYOUT,
    });
    markets.sort_by_key(|m| m.starts_at);
    markets
}

fn at(day: Date, hour: u8, minute: u8) -> OffsetDateTime {
    let time = Time::from_hms(hour, minute, 0).unwrap_or(Time::MIDNIGHT);
    day.with_time(time).assume_offset(jishi_core::market::CHINA)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn the_schedule_spans_last_month_to_three_months_ahead_with_one_cancellation() {
        let today = date!(2026 - 11 - 29);
        let markets = schedule(today);

        let first = markets.first().unwrap().starts_at.date();
        let last = markets.last().unwrap().starts_at.date();
        assert!(
            first < date!(2026 - 11 - 01) && first >= date!(2026 - 10 - 01),
            "{first}"
        );
        assert!(
            last >= date!(2027 - 02 - 01) && last < date!(2027 - 03 - 01),
            "{last}"
        );
        assert_eq!(markets.iter().filter(|m| m.cancelled.is_some()).count(), 1);
        assert!(markets
            .iter()
            .any(|m| m.starts_at.month() == time::Month::December && m.cancelled.is_none()));
        let hosts: Vec<_> = markets
            .iter()
            .filter(|m| m.series.is_some())
            .map(|m| m.host_unit)
            .collect();
        assert_eq!(
            hosts,
            [
                "hu-jiangsengqiao",
                "hu-jinliang",
                "hu-xiaotong",
                "hu-jiangsengqiao",
                "hu-jinliang"
            ]
        );
    }
}
