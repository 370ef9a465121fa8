//! Priority households (帮扶户): a host unit's organisers mark accounts (by phone, made if new) and
//! take marks off; the marks then keep a share of the unit's markets' stalls for them (see
//! [`kept_from`] for first-come markets, and the lottery's kept places).

use jishi_core::{api::HostUnitRef, household::PriorityHousehold, market::Market, Phone};

use crate::{
    ids::new_id,
    store::{households, stalls, users, users::UserRecord, Conn, Db, StoreError},
};

/// Why a request about priority households was refused.
#[derive(Debug, thiserror::Error)]
pub enum HouseholdError {
    /// Not a mainland mobile number.
    #[error("invalid phone")]
    InvalidPhone,
    /// No such host unit, or no such mark.
    #[error("not found")]
    NotFound,
    /// Not an organiser of the host unit.
    #[error("not yours")]
    NotYours,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The households `host_unit_id` marks, for its organisers.
pub async fn of_unit(
    db: &Db,
    user: &UserRecord,
    host_unit_id: &str,
) -> Result<Vec<PriorityHousehold>, HouseholdError> {
    organiser_of(db, user, host_unit_id).await?;
    Ok(households::of_unit(db, host_unit_id).await?)
}

/// Marks the account of `phone` (made if new) for `host_unit_id`; the unit's list after it.
pub async fn mark(
    db: &Db,
    now: i64,
    user: &UserRecord,
    host_unit_id: &str,
    phone: &str,
) -> Result<Vec<PriorityHousehold>, HouseholdError> {
    organiser_of(db, user, host_unit_id).await?;
    let phone = Phone::parse(phone).map_err(|_| HouseholdError::InvalidPhone)?;
    let marked = users::find_or_create(db, &phone, &new_id("u"), now).await?;
    households::mark(db, host_unit_id, &marked.id, &user.id, now).await?;
    Ok(households::of_unit(db, host_unit_id).await?)
}

/// Takes `user_id`'s mark off for `host_unit_id` at `now`.
pub async fn unmark(
    db: &Db,
    now: i64,
    user: &UserRecord,
    host_unit_id: &str,
    user_id: &str,
) -> Result<(), HouseholdError> {
    organiser_of(db, user, host_unit_id).await?;
    match households::unmark(db, host_unit_id, user_id, now).await? {
        true => Ok(()),
        false => Err(HouseholdError::NotFound),
    }
}

/// The host units that count `user` as a priority household: what the person sees of it.
pub async fn marks_of(db: &Db, user: &UserRecord) -> Result<Vec<HostUnitRef>, StoreError> {
    households::units_of(db, &user.id).await
}

/// Whether the free stalls of first-come `market` are all kept from `user_id` at `now`: the
/// market keeps a share of its stalls for its unit's priority households until
/// `reserved_hours` before it opens, and `user_id` is not one of them.
pub async fn kept_from(
    conn: &mut Conn,
    market: &Market,
    user_id: &str,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(free_all_kept(conn, market, now).await?
        && !households::is_marked(&mut *conn, &market.host_unit.id, user_id).await?)
}

/// Whether, first come at `now`, every free stall of `market` is still kept for its unit's
/// priority households (so only they may take one): within the kept time, and no more free than
/// [`places_still_kept`].
pub async fn free_all_kept(conn: &mut Conn, market: &Market, now: i64) -> Result<bool, StoreError> {
    let window = &market.booking;
    let until = market.starts_at.unix_timestamp() - i64::from(window.reserved_hours) * 3600;
    if window.reserved_percent == 0 || now >= until {
        return Ok(false);
    }
    let free = stalls::free_for_draw(&mut *conn, &market.id).await?.len();
    Ok(free <= places_still_kept(conn, market).await?)
}

/// How many more stalls `market` keeps for its unit's priority households: its share of the open
/// stalls, less those households already hold (booked themselves, or for them by 代办).
pub async fn places_still_kept(conn: &mut Conn, market: &Market) -> Result<usize, StoreError> {
    let open = stalls::open_count(&mut *conn, &market.id).await?;
    let kept = market
        .booking
        .reserved_of(usize::try_from(open).unwrap_or_default());
    let held =
        usize::try_from(households::stalls_held(&mut *conn, &market.id).await?).unwrap_or_default();
    Ok(kept.saturating_sub(held))
}

async fn organiser_of(
    db: &Db,
    user: &UserRecord,
    host_unit_id: &str,
) -> Result<(), HouseholdError> {
    if !users::host_unit_exists(db, host_unit_id).await? {
        return Err(HouseholdError::NotFound);
    }
    if !user.organises(host_unit_id) {
        return Err(HouseholdError::NotYours);
    }
    Ok(())
}
