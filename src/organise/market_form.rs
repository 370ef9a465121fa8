//! `/organise/new` and `/organise/m/{id}`: one market's form, to publish it or change it, and on an
//! existing market the way to cancel it with a reason (or hold it after all).

use jishi_core::{
    api::HostUnitRef,
    field::{Field, Problem},
    lottery::Allocation,
    market::{Approval, BookingWindow, Contact, Market, MarketKind, MarketStatus, Venue, CHINA},
    market::{CancelRequest, HostUnit, MarketDraft, MarketPatch},
    monthly::TimeOfDay,
    when,
};
use leptos::prelude::*;
use time::{Date, OffsetDateTime};

use super::my_units;
use crate::components::fields::{
    allocation_options, approval_options, kind_options, label, Input, Select, TextArea,
};
use crate::components::messages::GroupNotices;
use crate::components::problems::{
    api_error_text, problem_text, ErrorView, FieldProblems, ProblemCount, ProblemLine,
};
use crate::form_page::{FormPage, Waiting};
use crate::router::{use_navigate, use_params_map};
use crate::{api, app::paths, fetch::Fetch, i18n::*, prefs::use_prefs, session::use_session};

/// Publish a new market.
#[component]
pub fn NewMarketPage() -> impl IntoView {
    let units = Fetch::new(api::host_units);
    // No host units to choose from would read as "not yours": say the load failed.
    let form = move || match units.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(Ok(units)) => view! { <MarketForm units existing=None/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorView error retry=Callback::new(move |()| units.refetch())/> }.into_any()
        }
    };
    view! { <FormPage title=label(|i| t_string!(i, new_market).to_string())>{form}</FormPage> }
}

/// Change, cancel or reinstate a market.
#[component]
pub fn EditMarketPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let loaded = Fetch::new(move || {
        let id = id();
        async move { (api::market(&id).await, api::host_units().await) }
    });
    // Fetched again when the market is cancelled or reinstated: the notices follow what happened.
    let notices = Fetch::keeping_last(move || {
        let id = id();
        async move { api::market_notices(&id).await }
    });
    let notices_view = move || {
        notices
            .get()
            .and_then(Result::ok)
            .filter(|list| !list.is_empty())
            .map(|notices| view! { <GroupNotices notices/> })
    };
    let form = move || match loaded.get() {
        None => view! { <Waiting/> }.into_any(),
        Some(answer) => match answer {
            (Ok(market), Ok(units)) => {
                let status_market = market.clone();
                view! {
                        <div class="actions">
                            <a class="button primary" href=paths::market_bookings(&market.id)>{t!(i18n, manage_bookings)}</a>
                            <a class="button" href=paths::stall_layout(&market.id)>{t!(i18n, stall_layout)}</a>
                        </div>
                        <div class="actions">
                            <a class="button" href=paths::market_poster(&market.id)>{t!(i18n, poster_title)}</a>
                            <a class="button" rel="external" href=paths::gate(&market.id)>{t!(i18n, scan_title)}</a>
                            <a class="button" href=paths::market_attendance(&market.id)>{t!(i18n, attendance_title)}</a>
                        </div>
                        <MarketForm units existing=Some(market)/>
                        <StatusPanel market=status_market on_change=Callback::new(move |()| notices.refetch())/>
                        {notices_view}
                    }
                    .into_any()
            }
            (Err(error), _) | (_, Err(error)) => {
                view! { <ErrorView error retry=Callback::new(move |()| loaded.refetch())/> }
                    .into_any()
            }
        },
    };
    view! { <FormPage title=label(|i| t_string!(i, edit_market).to_string())>{form}</FormPage> }
}

/// An existing market's day and booking window, kept while the day stays.
type KeptBooking = (Date, BookingWindow);

/// The form's fields, as typed.
#[derive(Clone, Copy)]
struct MarketFields {
    title: RwSignal<String>,
    kind: RwSignal<String>,
    host: RwSignal<String>,
    date: RwSignal<String>,
    starts: RwSignal<String>,
    ends: RwSignal<String>,
    venue_name: RwSignal<String>,
    town: RwSignal<String>,
    village: RwSignal<String>,
    address: RwSignal<String>,
    goods: RwSignal<String>,
    contact_name: RwSignal<String>,
    contact_phone: RwSignal<String>,
    approval: RwSignal<String>,
    allocation: RwSignal<String>,
    reserved_percent: RwSignal<String>,
    reserved_hours: RwSignal<String>,
    stalls_per_person: RwSignal<String>,
    cancel_hours: RwSignal<String>,
}

impl MarketFields {
    fn new(existing: Option<&Market>, first_unit: Option<&HostUnit>) -> Self {
        let text = |value: &str| RwSignal::new(value.to_owned());
        let clock = |at: OffsetDateTime| RwSignal::new(when::clock(at));
        match existing {
            Some(m) => Self {
                title: text(&m.title),
                kind: text(m.kind.as_str()),
                host: text(&m.host_unit.id),
                date: RwSignal::new(when::china_date(m.starts_at).to_string()),
                starts: clock(m.starts_at),
                ends: clock(m.ends_at),
                venue_name: text(&m.venue.name),
                town: text(&m.venue.town),
                village: text(&m.venue.village),
                address: text(&m.venue.address),
                goods: text(&m.goods),
                contact_name: text(&m.contact.name),
                contact_phone: text(&m.contact.phone),
                approval: text(m.booking.approval.as_str()),
                allocation: text(m.booking.allocation.as_str()),
                reserved_percent: text(&m.booking.reserved_percent.to_string()),
                reserved_hours: text(&m.booking.reserved_hours.to_string()),
                stalls_per_person: text(&m.booking.stalls_per_person.to_string()),
                cancel_hours: text(&m.booking.cancel_hours.to_string()),
            },
            None => {
                let fields = Self {
                    title: text(""),
                    kind: text(MarketKind::ProduceFair.as_str()),
                    host: text(first_unit.map_or("", |u| u.id.as_str())),
                    date: text(""),
                    starts: text("08:00"),
                    ends: text("12:00"),
                    venue_name: text(""),
                    town: text(""),
                    village: text(""),
                    address: text(""),
                    goods: text(""),
                    contact_name: text(""),
                    contact_phone: text(""),
                    approval: text(Approval::Auto.as_str()),
                    allocation: text(Allocation::FirstCome.as_str()),
                    reserved_percent: text("0"),
                    reserved_hours: text(&BookingWindow::A_DAY.to_string()),
                    stalls_per_person: text(&BookingWindow::ONE_STALL.to_string()),
                    cancel_hours: text(&BookingWindow::A_DAY.to_string()),
                };
                if let Some(venue) = first_unit.and_then(|u| u.venue.as_ref()) {
                    fields.set_venue(venue);
                }
                fields
            }
        }
    }

    fn set_venue(&self, venue: &Venue) {
        self.venue_name.set(venue.name.clone());
        self.town.set(venue.town.clone());
        self.village.set(venue.village.clone());
        self.address.set(venue.address.clone());
    }

    /// The times typed, if they are real ones.
    fn times(&self) -> Result<(OffsetDateTime, OffsetDateTime), Problem> {
        let date: Date = when::parse_date(&self.date.get()).ok_or(Problem::Missing(Field::Date))?;
        let at = |text: String| {
            TimeOfDay::parse(&text)
                .map(|t| date.with_time(t.time()).assume_offset(CHINA))
                .ok_or(Problem::Invalid(Field::Time))
        };
        Ok((at(self.starts.get())?, at(self.ends.get())?))
    }

    /// The booking window: its times as they were while the market keeps its day, else the usual
    /// ones for the day; the rules as typed.
    fn booking(
        &self,
        starts_at: OffsetDateTime,
        kept: Option<&KeptBooking>,
    ) -> Result<BookingWindow, Problem> {
        let approval = Approval::parse(&self.approval.get()).unwrap_or(Approval::Auto);
        let times = match kept {
            Some((day, window)) if *day == when::china_date(starts_at) => window.clone(),
            _ => BookingWindow::standard_for(starts_at, approval),
        };
        Ok(BookingWindow {
            approval,
            allocation: Allocation::parse(&self.allocation.get()).unwrap_or_default(),
            reserved_percent: number(self.reserved_percent, Field::ReservedPercent)?,
            reserved_hours: number(self.reserved_hours, Field::CancelHours)?,
            stalls_per_person: number(self.stalls_per_person, Field::StallsPerPerson)?,
            cancel_hours: number(self.cancel_hours, Field::CancelHours)?,
            ..times
        })
    }

    /// The draft, checked by core's rules: every problem of the form at once.
    fn draft(&self, kept: Option<&KeptBooking>) -> Result<MarketDraft, Vec<Problem>> {
        let mut problems = Vec::new();
        let (starts_at, ends_at) = match self.times() {
            Ok(times) => times,
            Err(problem) => {
                problems.push(problem);
                // Any real day, so the other fields are still checked; its own verdicts dropped.
                // (Today by the phone's clock: `OffsetDateTime::now_utc` panics in wasm.)
                let at = crate::clock::today()
                    .with_hms(8, 0, 0)
                    .map_or(OffsetDateTime::UNIX_EPOCH, |d| d.assume_offset(CHINA));
                (at, at + time::Duration::hours(4))
            }
        };
        let times_known = problems.is_empty();
        let booking = match self.booking(starts_at, kept) {
            Ok(booking) => booking,
            // Each number said wrong on its own, not only the first.
            Err(_) => {
                if number::<u8>(self.stalls_per_person, Field::StallsPerPerson).is_err() {
                    problems.push(Problem::Invalid(Field::StallsPerPerson));
                }
                if number::<u16>(self.cancel_hours, Field::CancelHours).is_err()
                    || number::<u16>(self.reserved_hours, Field::CancelHours).is_err()
                {
                    problems.push(Problem::Invalid(Field::CancelHours));
                }
                if number::<u8>(self.reserved_percent, Field::ReservedPercent).is_err() {
                    problems.push(Problem::Invalid(Field::ReservedPercent));
                }
                BookingWindow::standard_for(starts_at, Approval::Auto)
            }
        };
        let checked = MarketDraft {
            title: self.title.get(),
            kind: MarketKind::parse(&self.kind.get()).unwrap_or(MarketKind::Other),
            starts_at,
            ends_at,
            host_unit: HostUnitRef {
                id: self.host.get(),
                name: String::new(),
            },
            venue: Venue {
                name: self.venue_name.get(),
                town: self.town.get(),
                village: self.village.get(),
                address: self.address.get(),
                lat: None,
                lng: None,
            },
            booking,
            goods: self.goods.get(),
            contact: Contact {
                name: self.contact_name.get(),
                phone: self.contact_phone.get(),
            },
        }
        .checked_all();
        match checked {
            Ok(draft) if problems.is_empty() => Ok(draft),
            Ok(_) => Err(problems),
            Err(found) => {
                let found = found
                    .into_iter()
                    .filter(|p| times_known || !matches!(p.field(), Field::Date | Field::Time));
                problems.extend(found);
                Err(problems)
            }
        }
    }
}

/// A whole number typed into `value`.
fn number<N: std::str::FromStr>(value: RwSignal<String>, field: Field) -> Result<N, Problem> {
    value
        .get()
        .trim()
        .parse()
        .map_err(|_| Problem::Invalid(field))
}

/// The form itself; `existing` is the market being changed, `None` for a new one.
#[component]
fn MarketForm(units: Vec<HostUnit>, existing: Option<Market>) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = use_prefs();
    let session = use_session();
    let units = session
        .user
        .get_untracked()
        .map(|user| my_units(&user, units))
        .unwrap_or_default();
    let fields = MarketFields::new(existing.as_ref(), units.first());
    let kept_booking: Option<KeptBooking> = existing
        .as_ref()
        .map(|m| (when::china_date(m.starts_at), m.booking.clone()));
    let kept_for_note = kept_booking.clone();
    let existing_id = existing.as_ref().map(|m| m.id.clone());
    let problem = RwSignal::new(None::<String>);
    let problems = FieldProblems::new();
    let saved = RwSignal::new(false);

    // A new market starts at its host unit's usual place.
    let venues: Vec<(String, Option<Venue>)> = units
        .iter()
        .map(|u| (u.id.clone(), u.venue.clone()))
        .collect();
    if existing.is_none() {
        Effect::new(move |previous: Option<String>| {
            let host = fields.host.get();
            if previous.is_some_and(|p| p != host) {
                if let Some((_, Some(venue))) = venues.iter().find(|(id, _)| *id == host) {
                    fields.set_venue(venue);
                }
            }
            host
        });
    }

    let submit = Action::new_local(move |draft: &MarketDraft| {
        let draft = draft.clone();
        let id = existing_id.clone();
        async move {
            match id {
                Some(id) => {
                    let patch = MarketPatch {
                        title: Some(draft.title),
                        kind: Some(draft.kind),
                        starts_at: Some(draft.starts_at),
                        ends_at: Some(draft.ends_at),
                        host_unit: Some(draft.host_unit),
                        venue: Some(draft.venue),
                        booking: Some(draft.booking),
                        goods: Some(draft.goods),
                        contact: Some(draft.contact),
                        ..MarketPatch::default()
                    };
                    api::update_market(&id, &patch).await
                }
                None => api::create_market(&draft).await,
            }
        }
    });
    let is_new = existing.is_none();
    let navigate = use_navigate();
    Effect::new(move |_| match submit.value().get() {
        // Published with no stalls yet: laying them out is the next step, before anyone can book.
        Some(Ok(market)) if is_new => navigate(
            &paths::stall_layout_after_publish(&market.id, 1),
            Default::default(),
        ),
        Some(Ok(_)) => saved.set(true),
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        problem.set(None);
        match fields.draft(kept_booking.as_ref()) {
            Ok(draft) => {
                problems.show(Vec::new());
                submit.dispatch(draft);
            }
            Err(found) => problems.show(found),
        }
    };

    let label =
        |text: fn(leptos_i18n::I18nContext<Locale>) -> String| Signal::derive(move || text(i18n));
    let unit_options: Vec<(String, String)> = units
        .iter()
        .map(|u| (u.id.clone(), u.name.clone()))
        .collect();
    let kinds = kind_options();
    let approvals = approval_options();
    let allocations = allocation_options();
    let booking_note = move || {
        let (starts_at, _) = fields.times().ok()?;
        let window = fields.booking(starts_at, kept_for_note.as_ref()).ok()?;
        let lang = prefs.lang.get();
        let moment = |at: OffsetDateTime| when::moment_label(at.unix_timestamp(), lang);
        Some(format!(
            "{} {} · {} {}",
            t_string!(i18n, booking_opens),
            moment(window.opens_at),
            t_string!(i18n, booking_closes),
            moment(window.closes_at)
        ))
    };
    let button = move || {
        if submit.pending().get() {
            t_string!(i18n, publishing)
        } else if is_new {
            t_string!(i18n, publish)
        } else {
            t_string!(i18n, save_changes)
        }
    };

    view! {
        <form class="card form" on:submit=on_submit novalidate>
            <Input label=label(|i| t_string!(i, f_title).to_string()) value=fields.title name="title" max=40 error=problems.beside(Field::Title)/>
            <Select label=label(|i| t_string!(i, f_kind).to_string()) value=fields.kind name="kind" options=kinds/>
            <Select label=label(|i| t_string!(i, f_host).to_string()) value=fields.host name="host_unit" options=Signal::stored(unit_options) error=problems.beside(Field::HostUnit)/>
            <Input label=label(|i| t_string!(i, f_date).to_string()) value=fields.date name="date" kind="date" error=problems.beside(Field::Date)/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_starts).to_string()) value=fields.starts name="starts" kind="time"/>
                <Input label=label(|i| t_string!(i, f_ends).to_string()) value=fields.ends name="ends" kind="time" error=problems.beside(Field::Time)/>
            </div>
            <Input label=label(|i| t_string!(i, f_venue_name).to_string()) value=fields.venue_name name="venue_name" max=40 error=problems.beside(Field::VenueName)/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_town).to_string()) value=fields.town name="town" max=20 error=problems.beside(Field::Town)/>
                <Input label=label(|i| t_string!(i, f_village).to_string()) value=fields.village name="village" max=20 error=problems.beside(Field::Village)/>
            </div>
            <Input label=label(|i| t_string!(i, f_address).to_string()) value=fields.address name="address" error=problems.beside(Field::Address)/>
            <TextArea label=label(|i| t_string!(i, f_goods).to_string()) value=fields.goods name="goods" error=problems.beside(Field::Goods)/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_contact_name).to_string()) value=fields.contact_name name="contact_name" max=20 error=problems.beside(Field::ContactName)/>
                <Input label=label(|i| t_string!(i, f_contact_phone).to_string()) value=fields.contact_phone name="contact_phone" kind="tel" max=20 error=problems.beside(Field::ContactPhone)/>
            </div>
            <Select label=label(|i| t_string!(i, f_allocation).to_string()) value=fields.allocation name="allocation" options=allocations/>
            <Select label=label(|i| t_string!(i, f_approval).to_string()) value=fields.approval name="approval" options=approvals/>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_reserved_percent).to_string()) value=fields.reserved_percent name="reserved_percent" kind="number" max=3 error=problems.beside(Field::ReservedPercent)/>
                <Input label=label(|i| t_string!(i, f_reserved_hours).to_string()) value=fields.reserved_hours name="reserved_hours" kind="number" max=3 error=problems.beside(Field::ReservedHours)/>
            </div>
            <div class="pair">
                <Input label=label(|i| t_string!(i, f_stalls_per_person).to_string()) value=fields.stalls_per_person name="stalls_per_person" kind="number" max=2 error=problems.beside(Field::StallsPerPerson)/>
                <Input label=label(|i| t_string!(i, f_cancel_hours).to_string()) value=fields.cancel_hours name="cancel_hours" kind="number" max=3 error=problems.beside(Field::CancelHours)/>
            </div>
            <p class="muted">{booking_note}</p>
            <ProblemCount problems/>
            <ProblemLine text=problem/>
            {move || saved.get().then(|| view! { <p class="notice" role="status">{t!(i18n, saved)}</p> })}
            <button type="submit" class="button primary" disabled=move || submit.pending().get()>{button}</button>
        </form>
    }
}

/// Cancel with a reason, or hold a cancelled market after all.
#[component]
fn StatusPanel(
    market: Market,
    /// Called once the market is cancelled or reinstated.
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(market.status);
    let reason = RwSignal::new(market.status_reason.clone().unwrap_or_default());
    let problem = RwSignal::new(None::<String>);
    let id = market.id.clone();
    let change = Action::new_local(move |to: &MarketStatus| {
        let (id, to, reason) = (id.clone(), *to, reason.get_untracked());
        async move {
            match to {
                MarketStatus::Cancelled => api::cancel_market(&id, &CancelRequest { reason }).await,
                MarketStatus::Postponed => {
                    let patch = MarketPatch {
                        status: Some(MarketStatus::Postponed),
                        status_reason: Some(reason),
                        ..MarketPatch::default()
                    };
                    api::update_market(&id, &patch).await
                }
                MarketStatus::Scheduled => {
                    let patch = MarketPatch {
                        status: Some(MarketStatus::Scheduled),
                        ..MarketPatch::default()
                    };
                    api::update_market(&id, &patch).await
                }
            }
        }
    });
    Effect::new(move |_| match change.value().get() {
        Some(Ok(market)) => {
            problem.set(None);
            status.set(market.status);
            on_change.run(());
        }
        Some(Err(error)) => problem.set(Some(api_error_text(&error))),
        None => {}
    });
    // Both need a reason people will read: the same rule as a cancellation's.
    let with_reason = move |to: MarketStatus| match (CancelRequest {
        reason: reason.get(),
    })
    .reason()
    {
        Ok(_) => {
            change.dispatch(to);
        }
        Err(p) => problem.set(Some(problem_text(p))),
    };
    let on_cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        with_reason(MarketStatus::Cancelled);
    };
    view! {
        <section class="card form danger-zone" aria-labelledby="status-heading">
            <h2 id="status-heading">{t!(i18n, cancel_title)}</h2>
            {move || match status.get() {
                MarketStatus::Scheduled => view! {
                    <form class="form" on:submit=on_cancel novalidate>
                        <TextArea label=Signal::derive(move || t_string!(i18n, cancel_reason).to_string()) value=reason name="reason"/>
                        <div class="actions">
                            <button type="submit" class="button danger" disabled=move || change.pending().get()>{t!(i18n, cancel_confirm)}</button>
                            <button type="button" class="button" disabled=move || change.pending().get() on:click=move |_| with_reason(MarketStatus::Postponed)>{t!(i18n, postpone_confirm)}</button>
                        </div>
                    </form>
                }
                .into_any(),
                off => view! {
                    <p class="status-note" role="note">
                        {if off == MarketStatus::Postponed { t!(i18n, status_postponed).into_any() } else { t!(i18n, status_cancelled).into_any() }}
                        "：" {move || reason.get()}
                    </p>
                    {(off == MarketStatus::Postponed).then(|| view! { <p class="muted">{t!(i18n, postpone_hint)}</p> })}
                    <button type="button" class="button" on:click=move |_| { change.dispatch(MarketStatus::Scheduled); }>{t!(i18n, reinstate)}</button>
                }
                .into_any(),
            }}
            <ProblemLine text=problem/>
        </section>
    }
}
