//! Markets (助富集市): their kinds, their states, and the shape the API gives them.

use serde::{Deserialize, Serialize};
use time::{macros::offset, OffsetDateTime, UtcOffset};

use crate::api::HostUnitRef;

mod draft;
pub use draft::*;

/// Every time in the API is written in China Standard Time.
pub const CHINA: UtcOffset = offset!(+8);

/// What a market is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MarketKind {
    /// 特色农产品展销: local produce.
    ProduceFair,
    /// 后备箱集市: selling from car boots.
    TrunkMarket,
    /// A festival market, such as the loquat festival's.
    Festival,
    /// An evening market.
    NightMarket,
    /// Anything else.
    Other,
}

impl MarketKind {
    /// Every kind, in the order filters list them.
    pub const ALL: [Self; 5] = [
        Self::ProduceFair,
        Self::TrunkMarket,
        Self::Festival,
        Self::NightMarket,
        Self::Other,
    ];

    /// The kind as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProduceFair => "produce_fair",
            Self::TrunkMarket => "trunk_market",
            Self::Festival => "festival",
            Self::NightMarket => "night_market",
            Self::Other => "other",
        }
    }

    /// Reads a stored or sent kind.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// Its Chinese name, for what the server writes itself (a report's table); the app's screens
    /// take theirs from the locale files, as `kind_{as_str}`.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::ProduceFair => "特色农产品展销",
            Self::TrunkMarket => "后备箱集市",
            Self::Festival => "节庆集市",
            Self::NightMarket => "夜市",
            Self::Other => "集市",
        }
    }
}

/// Whether a market goes ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MarketStatus {
    /// It will be held as announced.
    Scheduled,
    /// It will not be held; `status_reason` says why.
    Cancelled,
    /// It moves to another day; `status_reason` says when and why.
    Postponed,
}

impl MarketStatus {
    /// `Scheduled`: what a booking saved before markets' statuses were sent with it read as.
    pub fn scheduled() -> Self {
        Self::Scheduled
    }

    /// The status as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Cancelled => "cancelled",
            Self::Postponed => "postponed",
        }
    }

    /// Reads a stored status.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Scheduled, Self::Cancelled, Self::Postponed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// How bookings are confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Approval {
    /// A free stall is confirmed at once.
    Auto,
    /// The organiser approves each booking.
    Manual,
}

impl Approval {
    /// The approval as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Manual => "manual",
        }
    }

    /// Reads a stored approval.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Auto, Self::Manual]
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// A market as `GET /api/v1/markets/{id}` (and each item of the list) gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Market {
    /// Opaque id.
    pub id: String,
    /// e.g. 蒋僧桥村苗木花卉共富集市.
    pub title: String,
    /// What it is for.
    pub kind: MarketKind,
    /// Opening time, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub starts_at: OffsetDateTime,
    /// Closing time, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub ends_at: OffsetDateTime,
    /// Whether it goes ahead.
    pub status: MarketStatus,
    /// Why it was cancelled or postponed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// The member unit hosting it this time (轮值牵头).
    pub host_unit: HostUnitRef,
    /// Where.
    pub venue: Venue,
    /// Stalls in all and still free.
    pub stalls: StallSummary,
    /// When stallholders can book.
    pub booking: BookingWindow,
    /// What kind of goods it is for.
    pub goods: String,
    /// Whom to call.
    pub contact: Contact,
}

/// Where a market is held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Venue {
    /// e.g. 蒋僧桥村文化礼堂广场.
    pub name: String,
    /// 镇/街道, e.g. 峰江街道.
    pub town: String,
    /// 村/社区, e.g. 蒋僧桥村.
    pub village: String,
    /// Street address.
    pub address: String,
    /// Latitude (GCJ-02, as Chinese map apps use); unknown for a place an organiser typed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude (GCJ-02); present exactly when `lat` is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lng: Option<f64>,
}

impl Venue {
    /// Latitude and longitude, when both are known.
    pub fn point(&self) -> Option<(f64, f64)> {
        self.lat.zip(self.lng)
    }

    /// The point as map links write it, `lng,lat`, to the micro-degree (about 0.1 m).
    pub fn map_position(&self) -> Option<String> {
        self.point()
            .map(|(lat, lng)| format!("{},{}", micro_degrees(lng), micro_degrees(lat)))
    }
}

/// `degrees` to six decimals, trailing zeros dropped. Written with integers: f64's `Display` costs
/// the villagers' wasm 6.4 KB brotli (BENCHMARKS.md, "What each technique saved").
fn micro_degrees(degrees: f64) -> String {
    let micro = (degrees * 1_000_000.0).round() as i64;
    let sign = if micro < 0 { "-" } else { "" };
    let (whole, fraction) = (
        micro.unsigned_abs() / 1_000_000,
        micro.unsigned_abs() % 1_000_000,
    );
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{fraction:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

impl Eq for Venue {}

/// Stall counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StallSummary {
    /// All stalls laid out.
    pub total: i64,
    /// Stalls nobody holds and not closed.
    pub free: i64,
}

impl StallSummary {
    /// Whether the organisers have laid out any stall yet. A market is published first and laid
    /// out after; until then "0 / 0" would read as sold out.
    pub fn laid_out(self) -> bool {
        self.total > 0
    }

    /// The counts as a Chinese group reads them in a shared text: "空余摊位：3/24", or
    /// "摊位待公布" before the layout.
    pub fn in_chinese(self) -> String {
        if self.laid_out() {
            format!("空余摊位：{}/{}", self.free, self.total)
        } else {
            "摊位待公布".to_owned()
        }
    }
}

/// The booking window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingWindow {
    /// Booking opens, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub opens_at: OffsetDateTime,
    /// Booking closes, +08:00.
    #[serde(with = "time::serde::rfc3339")]
    pub closes_at: OffsetDateTime,
    /// Confirmed at once or by the organiser.
    pub approval: Approval,
    /// How many stalls one person may hold at this market.
    #[serde(default = "BookingWindow::one_stall")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 20))]
    pub stalls_per_person: u8,
    /// A stallholder may cancel until this many hours before the market opens.
    #[serde(default = "BookingWindow::a_day")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 720))]
    pub cancel_hours: u16,
    /// First come, or by lottery: then the window takes applications, drawn at its close.
    #[serde(default)]
    pub allocation: crate::lottery::Allocation,
    /// The share of the stalls kept for the host unit's priority households (帮扶户), in percent
    /// (rounded up to whole stalls): in a lottery drawn among them first; first come, held back
    /// from everyone else until [`Self::reserved_hours`] before the market.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub reserved_percent: u8,
    /// First come: kept stalls still free this many hours before the market open to everyone.
    #[serde(default = "BookingWindow::a_day")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 720))]
    pub reserved_hours: u16,
}

impl BookingWindow {
    /// Most markets give one stall to each person.
    pub const ONE_STALL: u8 = 1;
    /// The most stalls an organiser may let one person hold.
    pub const MAX_STALLS_PER_PERSON: u8 = 20;
    /// Cancelling is allowed until a day before, unless the organiser says otherwise.
    pub const A_DAY: u16 = 24;
    /// The longest cancellation notice an organiser may ask for: thirty days.
    pub const MAX_CANCEL_HOURS: u16 = 720;

    fn one_stall() -> u8 {
        Self::ONE_STALL
    }

    /// Where booking stands at `now` (unix seconds): the window is `[opens_at, closes_at)`.
    pub fn state(&self, now: i64) -> BookingState {
        if now < self.opens_at.unix_timestamp() {
            BookingState::NotYet(self.opens_at)
        } else if now < self.closes_at.unix_timestamp() {
            BookingState::Open(self.closes_at)
        } else {
            BookingState::Closed(self.closes_at)
        }
    }

    /// The next moment after `now` at which [`Self::state`] changes, if any.
    pub fn next_change(&self, now: i64) -> Option<OffsetDateTime> {
        [self.opens_at, self.closes_at]
            .into_iter()
            .find(|at| now < at.unix_timestamp())
    }

    fn a_day() -> u16 {
        Self::A_DAY
    }

    /// How many of `stalls` are kept for priority households: the share, rounded up.
    pub fn reserved_of(&self, stalls: usize) -> usize {
        (stalls * usize::from(self.reserved_percent.min(100))).div_ceil(100)
    }
}

/// Where a market's booking stands, with the moment that matters to a stallholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingState {
    /// Not open yet: it opens then.
    NotYet(OffsetDateTime),
    /// Open until then.
    Open(OffsetDateTime),
    /// Closed then.
    Closed(OffsetDateTime),
}

impl BookingState {
    /// Whether a stall can be booked now.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open(_))
    }
}

/// A contact person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// e.g. 李主任.
    pub name: String,
    /// A phone number to call.
    pub phone: String,
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn fees_read_as_yuan() {
        assert_eq!(
            [0, 1000, 250, 5, 1_000_000].map(super::yuan),
            ["0", "10", "2.5", "0.05", "10000"]
        );
    }

    #[test]
    fn booking_opens_at_its_first_second_and_closes_at_its_last() {
        let window = BookingWindow {
            opens_at: datetime!(2026-12-05 09:00 +08:00),
            closes_at: datetime!(2026-12-10 18:00 +08:00),
            approval: Approval::Auto,
            stalls_per_person: 1,
            cancel_hours: 24,
            allocation: crate::lottery::Allocation::FirstCome,
            reserved_percent: 0,
            reserved_hours: 24,
        };
        let (opens, closes) = (
            window.opens_at.unix_timestamp(),
            window.closes_at.unix_timestamp(),
        );
        assert_eq!(
            window.state(opens - 1),
            BookingState::NotYet(window.opens_at)
        );
        assert_eq!(window.state(opens), BookingState::Open(window.closes_at));
        assert!(window.state(closes - 1).is_open());
        assert_eq!(window.state(closes), BookingState::Closed(window.closes_at));
    }

    #[test]
    fn map_positions_read_like_the_coordinates_typed() {
        let venue = |lat, lng| Venue {
            name: String::new(),
            town: String::new(),
            village: String::new(),
            address: String::new(),
            lat: Some(lat),
            lng: Some(lng),
        };
        assert_eq!(venue(28.5, 121.37).map_position().unwrap(), "121.37,28.5");
        assert_eq!(
            venue(28.4712345, 121.0).map_position().unwrap(),
            "121,28.471235"
        );
        assert_eq!(
            venue(-0.0000004, -12.000001).map_position().unwrap(),
            "-12.000001,0"
        );
        assert_eq!(venue(0.05, 1.000100).map_position().unwrap(), "1.0001,0.05");
        let unknown = Venue {
            lat: None,
            ..venue(0.0, 0.0)
        };
        assert_eq!(unknown.map_position(), None);
    }

    use super::*;

    fn booth(code: &str) -> StallDraft {
        StallDraft {
            code: code.into(),
            zone: "A区 农产品".into(),
            kind: StallKind::Booth,
            fee_fen: 0,
            power: false,
            notes: String::new(),
            closed: false,
        }
    }

    #[test]
    fn a_layout_is_tidied_and_checked() {
        let tidy = checked_layout(vec![booth(" a01 "), booth("A02")]).unwrap();
        assert_eq!(tidy[0].code, "A01");
        assert_eq!(
            checked_layout(vec![booth("A01"), booth("a01")]),
            Err(LayoutProblem::Repeated("A01".into()))
        );
        assert_eq!(
            checked_layout(vec![booth("A-1")]),
            Err(LayoutProblem::BadCode("A-1".into()))
        );
        let mut costly = booth("A01");
        costly.fee_fen = -1;
        assert_eq!(
            checked_layout(vec![costly]),
            Err(LayoutProblem::BadField("A01".into()))
        );
        let many = (0..=MAX_STALLS).map(|n| booth(&format!("S{n}"))).collect();
        assert_eq!(checked_layout(many), Err(LayoutProblem::TooMany));
    }

    #[test]
    fn kinds_round_trip_through_text_and_json() {
        for kind in MarketKind::ALL {
            assert_eq!(MarketKind::parse(kind.as_str()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
        assert_eq!(MarketKind::parse("flea"), None);
    }

    #[test]
    fn times_are_written_with_the_china_offset() {
        let at = time::macros::datetime!(2026-12-05 08:00 +8);
        let window = BookingWindow {
            opens_at: at,
            closes_at: at,
            approval: Approval::Auto,
            stalls_per_person: 2,
            cancel_hours: 48,
            allocation: crate::lottery::Allocation::FirstCome,
            reserved_percent: 0,
            reserved_hours: 24,
        };
        let json = serde_json::to_value(&window).unwrap();
        assert_eq!(json["opens_at"], "2026-12-05T08:00:00+08:00");
        assert_eq!(json["approval"], "auto");
        assert_eq!(json["stalls_per_person"], 2);
        assert_eq!(json["cancel_hours"], 48);
    }

    #[test]
    fn an_older_client_gets_one_stall_and_a_days_notice() {
        let window: BookingWindow = serde_json::from_str(
            r#"{"opens_at":"2026-12-01T09:00:00+08:00","closes_at":"2026-12-04T18:00:00+08:00","approval":"manual"}"#,
        )
        .unwrap();
        assert_eq!(window.stalls_per_person, 1);
        assert_eq!(window.cancel_hours, 24);
    }
}

/// A stall as `GET /api/v1/markets/{id}/stalls` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stall {
    /// Opaque id.
    pub id: String,
    /// e.g. A03.
    pub code: String,
    /// e.g. A区 农产品.
    pub zone: String,
    /// Booth or car bay.
    pub kind: StallKind,
    /// The fee in fen (1 yuan = 100 fen).
    pub fee_fen: i64,
    /// Whether it has electricity.
    pub power: bool,
    /// e.g. 靠近入口，有遮阳棚.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Free, held, or closed.
    pub status: StallStatus,
}

impl Stall {
    /// Whether a stallholder holds it (waiting or confirmed): then a layout may not change it.
    pub fn held(&self) -> bool {
        matches!(self.status, StallStatus::Pending | StallStatus::Booked)
    }

    /// The stall as a layout lists it.
    pub fn draft(&self) -> StallDraft {
        StallDraft {
            code: self.code.clone(),
            zone: self.zone.clone(),
            kind: self.kind,
            fee_fen: self.fee_fen,
            power: self.power,
            notes: self.notes.clone(),
            closed: self.status == StallStatus::Closed,
        }
    }
}

/// A fee in fen as yuan, the way a price is written: "10", "2.5", "0.05".
pub fn yuan(fen: i64) -> String {
    let (whole, cents) = (fen / 100, (fen % 100).abs());
    match cents {
        0 => whole.to_string(),
        c if c % 10 == 0 => format!("{whole}.{}", c / 10),
        c => format!("{whole}.{c:02}"),
    }
}

/// One stall of `PUT /api/v1/markets/{id}/stalls` `{"items": [...]}`: the shape of [`Stall`] less
/// `id` and `status`, plus whether it is closed (not offered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StallDraft {
    /// e.g. A03: letters and digits, unique in the market.
    pub code: String,
    /// e.g. A区 农产品.
    pub zone: String,
    /// Booth or car bay.
    pub kind: StallKind,
    /// The fee in fen.
    pub fee_fen: i64,
    /// Whether it has electricity.
    #[serde(default)]
    pub power: bool,
    /// Anything a stallholder should know.
    #[serde(default)]
    pub notes: String,
    /// Not offered this time.
    #[serde(default)]
    pub closed: bool,
}

/// The most stalls one market lays out.
pub const MAX_STALLS: usize = 500;

/// `POST /api/v1/markets/{id}/stalls/copy`: lay a market out as an earlier market of its series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LayoutCopy {
    /// The market whose layout is copied.
    pub from: String,
}

/// Checks a layout: codes of 1–8 letters or digits (upper-cased), each once; a zone; a fee from 0
/// to 10,000 yuan; notes of one line; at most [`MAX_STALLS`].
pub fn checked_layout(mut stalls: Vec<StallDraft>) -> Result<Vec<StallDraft>, LayoutProblem> {
    if stalls.len() > MAX_STALLS {
        return Err(LayoutProblem::TooMany);
    }
    let mut seen = std::collections::HashSet::new();
    for stall in &mut stalls {
        stall.code = stall.code.trim().to_uppercase();
        stall.zone = stall.zone.trim().to_owned();
        stall.notes = stall.notes.trim().to_owned();
        let code_ok = (1..=8).contains(&stall.code.len())
            && stall.code.chars().all(|c| c.is_ascii_alphanumeric());
        if !code_ok {
            return Err(LayoutProblem::BadCode(stall.code.clone()));
        }
        if !seen.insert(stall.code.clone()) {
            return Err(LayoutProblem::Repeated(stall.code.clone()));
        }
        let zone_ok = (1..=20).contains(&stall.zone.chars().count());
        let notes_ok = stall.notes.chars().count() <= 100;
        let plain = |text: &str| !text.chars().any(char::is_control);
        let zone_ok = zone_ok && plain(&stall.zone);
        let notes_ok = notes_ok && plain(&stall.notes);
        if !zone_ok || !notes_ok || !(0..=1_000_000).contains(&stall.fee_fen) {
            return Err(LayoutProblem::BadField(stall.code.clone()));
        }
    }
    Ok(stalls)
}

/// Why a layout was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutProblem {
    /// More than [`MAX_STALLS`].
    TooMany,
    /// A code that is not 1–8 letters or digits.
    BadCode(String),
    /// A code given twice.
    Repeated(String),
    /// A zone, fee or note out of bounds, on this stall.
    BadField(String),
}

/// What a stall is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StallKind {
    /// A pitch for a table or tent.
    Booth,
    /// A parking bay for selling from the car boot; booking it needs a plate.
    CarBay,
}

/// Whether a stall can be booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StallStatus {
    /// Nobody holds it.
    Free,
    /// A booking awaits the organiser's approval.
    Pending,
    /// Booked.
    Booked,
    /// Not offered.
    Closed,
}
