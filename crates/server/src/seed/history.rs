//! What happened at last month's Luqiao market, so a newcomer's 共富 report (which opens on last
//! month) has something to count: a dozen stallholders from four villages, four of them priority
//! households of the host unit, who came and who did not, and the visitors by hour.
//!
//! The accounts use phones of a range kept for the demo (199 5760 xxxx); none of them has a role.

use jishi_core::monthly::YearMonth;
use time::{Date, OffsetDateTime};

use super::markets::DemoMarket;
use crate::{
    ids::{new_id, short_code},
    store::{households, Conn, StoreError},
};

/// The organiser who scanned the tickets and marked the households (an account, without a role).
const ORGANISER: (&str, &str, &str) = ("19957600000", "李主任", "蒋僧桥村");

/// How a stall's holder fared.
#[derive(Clone, Copy)]
enum Came {
    /// Scanned in, this many minutes before the opening (negative: after it).
    At(i64),
    /// Marked absent by the organisers.
    MarkedAbsent,
    /// Never scanned in, never marked.
    Never,
}

/// (phone, name, village, priority household, stall, goods, plate, came).
type Holder = (
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
    Option<&'static str>,
    Came,
);

const HOLDERS: &[Holder] = &[
    (
        "19957600001",
        "陈阿婆",
        "蒋僧桥村",
        true,
        "A01",
        "青菜、萝卜",
        None,
        Came::At(40),
    ),
    (
        "19957600002",
        "王大伯",
        "蒋僧桥村",
        true,
        "A02",
        "自种番薯",
        None,
        Came::At(35),
    ),
    (
        "19957600003",
        "林师傅",
        "金良社区",
        false,
        "B01",
        "本地橘子",
        Some("浙J·A3K21"),
        Came::At(30),
    ),
    (
        "19957600004",
        "周大姐",
        "小桐村",
        false,
        "A03",
        "枇杷膏",
        None,
        Came::At(28),
    ),
    (
        "19957600005",
        "张阿姨",
        "小桐村",
        true,
        "A04",
        "手工布鞋",
        None,
        Came::At(25),
    ),
    (
        "19957600006",
        "蒋老伯",
        "蒋僧桥村",
        false,
        "A05",
        "盆栽花卉",
        None,
        Came::MarkedAbsent,
    ),
    (
        "19957600007",
        "李嫂",
        "金良社区",
        false,
        "C01",
        "麦饼",
        None,
        Came::At(20),
    ),
    (
        "19957600008",
        "吴大哥",
        "上洋村",
        false,
        "B02",
        "青皮甘蔗",
        Some("浙J·C7M05"),
        Came::At(15),
    ),
    (
        "19957600009",
        "何阿婆",
        "上洋村",
        true,
        "A06",
        "自家腌菜",
        None,
        Came::At(12),
    ),
    (
        "19957600010",
        "郑师傅",
        "金良社区",
        false,
        "C02",
        "糯米糕",
        None,
        Came::At(10),
    ),
    (
        "19957600011",
        "冯大姐",
        "小桐村",
        false,
        "A07",
        "草莓",
        None,
        Came::Never,
    ),
    (
        "19957600012",
        "潘大伯",
        "蒋僧桥村",
        false,
        "A08",
        "土鸡蛋",
        None,
        Came::At(-5),
    ),
];

/// Visitors checked in per hour from the opening (8:00, 9:00, 10:00, 11:00).
const VISITORS_BY_HOUR: [i64; 4] = [31, 27, 18, 10];

/// Writes last month's Luqiao market's bookings, arrivals and visitors (of `schedule`, laid out on
/// `today`), and the host unit's priority households.
pub async fn load(tx: &mut Conn, schedule: &[DemoMarket], today: Date) -> Result<(), StoreError> {
    let last_month = YearMonth::of(today).plus(-1);
    let Some(market) = schedule
        .iter()
        .find(|m| m.series.is_some() && YearMonth::of(m.starts_at.date()) == last_month)
    else {
        return Ok(());
    };
    let opens = market.starts_at.unix_timestamp();
    let booked_at = opens - 10 * 86_400;
    let organiser = account(tx, ORGANISER, booked_at).await?;
    for &(phone, name, village, priority, stall, goods, plate, came) in HOLDERS {
        let holder = account(tx, (phone, name, village), booked_at).await?;
        let status = match came {
            Came::MarkedAbsent => "no_show",
            Came::At(_) | Came::Never => "confirmed",
        };
        let booking = new_id("b");
        sqlx::query(
            "INSERT INTO bookings (id, market_id, stall_id, user_id, status, code, goods, plate, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&booking)
        .bind(&market.id)
        .bind(format!("{}-{stall}", market.id))
        .bind(&holder)
        .bind(status)
        .bind(short_code())
        .bind(goods)
        .bind(plate)
        .bind(booked_at)
        .execute(&mut *tx)
        .await?;
        if let Came::At(early) = came {
            sqlx::query(
                "INSERT INTO stall_arrivals (booking_id, market_id, at, recorded_at, scanned_by) VALUES ($1, $2, $3, $3, $4)",
            )
            .bind(&booking)
            .bind(&market.id)
            .bind(opens - early * 60)
            .bind(&organiser)
            .execute(&mut *tx)
            .await?;
        }
        if priority {
            sqlx::query(
                "INSERT INTO priority_households (host_unit_id, user_id, marked_by, marked_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(market.host_unit)
            .bind(&holder)
            .bind(&organiser)
            .bind(booked_at)
            .execute(&mut *tx)
            .await?;
            households::marked_since(tx, market.host_unit, &holder, booked_at).await?;
        }
    }
    visitors(tx, &market.id, market.starts_at).await
}

/// Makes the demo account of `(phone, name, village)`; its id.
async fn account(
    tx: &mut Conn,
    (phone, name, village): (&str, &str, &str),
    at: i64,
) -> Result<String, StoreError> {
    let id = new_id("u");
    sqlx::query(
        "INSERT INTO users (id, phone, name, village, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(phone)
    .bind(name)
    .bind(village)
    .bind(at)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// The visitors of [`VISITORS_BY_HOUR`], spread evenly over each hour.
async fn visitors(tx: &mut Conn, market_id: &str, opens: OffsetDateTime) -> Result<(), StoreError> {
    let opens = opens.unix_timestamp();
    let mut n = 0;
    for (hour, count) in (0..).zip(VISITORS_BY_HOUR) {
        for k in 0..count {
            n += 1;
            sqlx::query("INSERT INTO visitor_checkins (market_id, device_id, nonce, at) VALUES ($1, $2, $3, $4)")
                .bind(market_id)
                .bind(format!("demo-visitor-device-{n:06}"))
                .bind(format!("demo-visitor-nonce-{n:06}"))
                .bind(opens + hour * 3600 + k * 3600 / count)
                .execute(&mut *tx)
                .await?;
        }
    }
    Ok(())
}
