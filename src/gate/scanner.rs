//! `/gate/m/{id}`: the gate (its own app, see `gate.html`). The phone's camera reads stallholders' QR tickets (or the
//! organiser types the short code), the gate judges them with no network (see `gate.rs`), the
//! whole screen turns green, yellow or red with a sound, and admitted scans are sent in batches
//! whenever the network is there.

use std::time::Duration;

use jishi_core::checkin::{BatchAnswer, CheckinBatch, MAX_BATCH};
use leptos::{ev, prelude::*, task::spawn_local};
use time::OffsetDateTime;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AudioContext, CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    OscillatorType,
};

use super::{
    judge::{Gate, Refusal, Verdict},
    qr,
};
use crate::components::fields::{label, Input};
use crate::form_page::market_named::MarketLine;
use crate::form_page::Back;
use crate::form_page::FormPage;
use crate::wechat::{in_wechat, scan_with_wechat, use_wechat_scanner, WayOutOfWechat};
use crate::{
    api::{self, ApiError},
    app::paths,
    clock,
    i18n::*,
    router::use_params_map,
};

/// Frames are read this often; a decode takes a fraction of it on a cheap phone.
const FRAME_EVERY: Duration = Duration::from_millis(300);
/// The same code seen again within this long of its verdict is the same ticket still held up to
/// the camera; after it, it is judged again (and is yellow: already in).
const SAME_SCAN_SECS: f64 = 3.0;
/// Frames are scaled to at most this width before decoding.
const FRAME_WIDTH: u32 = 640;

/// The scanner page.
#[component]
pub fn ScannerPage() -> impl IntoView {
    let i18n = use_i18n();
    let market_id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let gate = RwSignal::new(Gate::load(&market_id));
    let verdict = RwSignal::new(None::<Verdict>);
    let surprises = RwSignal::new(Vec::<BatchAnswer>::new());
    let online = RwSignal::new(true);
    let ready = RwSignal::new(!gate.read_untracked().keys.is_empty());
    let sending = RwSignal::new(false);

    let send_queue = move || {
        if sending.get_untracked() || gate.with_untracked(|g| g.queue.is_empty()) {
            return;
        }
        sending.set(true);
        let batch = CheckinBatch {
            items: gate.with_untracked(|g| g.queue.iter().take(MAX_BATCH).cloned().collect()),
        };
        spawn_local(async move {
            match api::send_scans(&batch).await {
                Ok(answers) => {
                    online.set(true);
                    let unforeseen = gate
                        .try_update(|g| {
                            let unforeseen = g.answered(&answers);
                            g.save();
                            unforeseen
                        })
                        .unwrap_or_default();
                    surprises.update(|list| list.extend(unforeseen));
                }
                Err(ApiError::Unreachable) => online.set(false),
                Err(_) => {}
            }
            sending.set(false);
        });
    };

    // The keys, the market's hours and its bookings, whenever the network allows.
    let refresh = {
        let market_id = market_id.clone();
        move || {
            let market_id = market_id.clone();
            spawn_local(async move {
                let fetched = async {
                    let market = api::market(&market_id).await?;
                    let keys = api::checkin_keys().await?;
                    let bookings = api::market_bookings(&market_id).await?;
                    Ok::<_, ApiError>((market, keys, bookings))
                };
                match fetched.await {
                    Ok((market, keys, bookings)) => {
                        online.set(true);
                        gate.update(|g| {
                            g.hours = (
                                market.starts_at.unix_timestamp(),
                                market.ends_at.unix_timestamp(),
                            );
                            g.title = market.title;
                            g.keys = keys.keys;
                            g.take_bookings(&bookings);
                            g.save();
                        });
                        ready.set(true);
                        send_queue();
                    }
                    Err(ApiError::Unreachable) => online.set(false),
                    Err(_) => {}
                }
            });
        }
    };
    refresh();
    // The queue goes as soon as it can; the list is fetched again now and then, so a booking made
    // at the gate (代办) is known to the typed-code check too.
    let retry = set_interval_with_handle(send_queue, Duration::from_secs(10)).ok();
    let relist = set_interval_with_handle(refresh.clone(), Duration::from_secs(60)).ok();
    let back_online = window_event_listener(ev::online, {
        let refresh = refresh.clone();
        move |_| refresh()
    });
    let gone = window_event_listener(ev::offline, move |_| online.set(false));
    on_cleanup(move || {
        for interval in [retry, relist].into_iter().flatten() {
            interval.clear();
        }
        back_online.remove();
        gone.remove();
    });

    let sound = StoredValue::new_local(None::<AudioContext>);
    // Each verdict hides itself after a while, unless a newer one has taken its place.
    let shown = StoredValue::new(0_u32);
    let judge = move |scanned: String, typed: bool| {
        let now = clock::now_unix();
        let said = gate
            .try_update(|g| {
                let said = g.judge(&scanned, typed, now);
                g.save();
                said
            })
            .unwrap_or(Verdict::Refused(Refusal::NotATicket));
        sound.with_value(|s| beep(s.as_ref(), &said));
        verdict.set(Some(said));
        shown.update_value(|n| *n += 1);
        let this = shown.get_value();
        set_timeout(
            move || {
                if shown.get_value() == this {
                    verdict.set(None);
                }
            },
            Duration::from_millis(2200),
        );
        send_queue();
    };

    let scanned = Callback::new(move |text: String| judge(text, false));
    let wechat_ready = use_wechat_scanner(scanned);

    let typed = RwSignal::new(String::new());
    let on_typed = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let code = typed.get_untracked();
        if !code.trim().is_empty() {
            typed.set(String::new());
            judge(code, true);
        }
    };
    let queued = move || gate.with(|g| g.queue.len());
    let arrived = move || gate.with(|g| g.arrivals.len());
    let stats = paths::market_attendance(&market_id);
    // The other pages are in the organisers' app: whole-page links.
    let back = Back::Page(
        paths::organise_market(&market_id),
        t_string!(i18n, edit_market).to_string(),
    );

    view! {
        <FormPage title=label(|i| t_string!(i, scan_title).to_string()) back>
            // Which market this gate admits to, as last fetched: a gate works offline too.
            {move || gate.with(|g| {
                let at = |t: i64| OffsetDateTime::from_unix_timestamp(t).ok();
                let (starts_at, ends_at) = (at(g.hours.0)?, at(g.hours.1)?);
                (!g.title.is_empty()).then(|| view! { <MarketLine title=g.title.clone() starts_at ends_at/> })
            })}
            <Camera judge=scanned sound paused=Signal::derive(move || verdict.with(Option::is_some))/>
            // WeChat's own scanner, where its browser may give a page no camera.
            {move || wechat_ready.is_some_and(|ready| ready.get()).then(|| view! {
                <button type="button" class="button primary" on:click=|_| scan_with_wechat()>{t!(i18n, wechat_scan)}</button>
            })}
            <p class="gate-status" role="status">
                <span class=move || if online.get() { "chip online" } else { "chip offline" }>
                    {move || if online.get() { t_string!(i18n, gate_online) } else { t_string!(i18n, gate_offline) }}
                </span>
                " " {t!(i18n, gate_arrived)} " " <strong>{arrived}</strong>
                " · " {t!(i18n, gate_queued)} " " <strong class="queued">{queued}</strong>
            </p>
            {move || (!ready.get()).then(|| view! { <p class="error" role="alert">{t!(i18n, gate_need_network)}</p> })}
            <form class="card form" on:submit=on_typed novalidate>
                <Input label=label(|i| t_string!(i, gate_type_code).to_string()) value=typed name="code" max=12/>
                <button type="submit" class="button">{t!(i18n, gate_check)}</button>
            </form>
            {move || {
                let list = surprises.get();
                (!list.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="surprises">
                        <h2 id="surprises">{t!(i18n, gate_surprises)}</h2>
                        <ul>{list.into_iter().map(|a| view! { <li>{a.error.map(|e| e.message).unwrap_or_default()}</li> }).collect_view()}</ul>
                    </section>
                })
            }}
            <a class="button" rel="external" href=stats.clone()>{t!(i18n, attendance_title)}</a>
            {move || verdict.get().map(|said| view! { <VerdictScreen said on_close=Callback::new(move |()| verdict.set(None))/> })}
        </FormPage>
    }
}

/// The camera's picture, read for QR codes while `paused` is false.
#[component]
fn Camera(
    judge: Callback<String>,
    sound: StoredValue<Option<AudioContext>, LocalStorage>,
    paused: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let on = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let detector = StoredValue::new_local(qr::browser_detector());
    let busy = StoredValue::new(false);
    let last = StoredValue::new((String::new(), 0.0_f64));
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .expect("a document can make a canvas");

    let starting = StoredValue::new(false);
    let start = move |_| {
        if starting.get_value() || on.get_untracked() {
            return;
        }
        starting.set_value(true);
        // Sound may only start from a tap; this is the tap.
        sound.update_value(|s| {
            if s.is_none() {
                *s = AudioContext::new().ok();
            }
        });
        spawn_local(async move {
            match open_camera().await {
                Ok(stream) => {
                    if let Some(video) = video_ref.get_untracked() {
                        video.set_src_object(Some(&stream));
                        let _ = video.play();
                        on.set(true);
                    }
                }
                Err(_) => failed.set(true),
            }
            starting.set_value(false);
        });
    };

    let tick = move || {
        if !on.get_untracked() || paused.get_untracked() || busy.get_value() {
            return;
        }
        let Some(video) = video_ref.get_untracked() else {
            return;
        };
        if video.video_width() == 0 {
            return;
        }
        busy.set_value(true);
        let canvas = canvas.clone();
        spawn_local(async move {
            let found = match detector.get_value() {
                Some(detector) => qr::detect_with(&detector, &video.clone().into()).await,
                None => read_frame(&video, &canvas),
            };
            busy.set_value(false);
            let Some(text) = found else {
                return;
            };
            let now = js_sys::Date::now() / 1000.0;
            let (previous, at) = last.get_value();
            if text == previous && now - at < SAME_SCAN_SECS {
                return;
            }
            last.set_value((text.clone(), now));
            judge.run(text);
        });
    };
    let frames = set_interval_with_handle(tick, FRAME_EVERY).ok();
    on_cleanup(move || {
        if let Some(frames) = frames {
            frames.clear();
        }
        if let Some(video) = video_ref.get_untracked() {
            if let Some(stream) = video
                .src_object()
                .and_then(|s| s.dyn_into::<MediaStream>().ok())
            {
                for track in stream.get_tracks().iter() {
                    if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                        track.stop();
                    }
                }
            }
        }
    });

    view! {
        <div class="camera" class:on=on>
            <video node_ref=video_ref autoplay playsinline muted aria-label=move || t_string!(i18n, gate_camera)></video>
            {move || (!on.get()).then(|| view! {
                <button type="button" class="button primary" on:click=start>{t!(i18n, gate_start_camera)}</button>
            })}
            {move || failed.get().then(|| view! { <p class="error" role="alert">{t!(i18n, gate_no_camera)}</p> })}
            {move || (failed.get() && in_wechat()).then(|| view! {
                <WayOutOfWechat why=move || t_string!(i18n, wechat_no_camera).to_string()/>
            })}
        </div>
    }
}

/// The back camera's stream.
async fn open_camera() -> Result<MediaStream, JsValue> {
    let devices = window().navigator().media_devices()?;
    let constraints =
        js_sys::JSON::parse(r#"{"audio":false,"video":{"facingMode":"environment"}}"#)?;
    let promise = devices.get_user_media_with_constraints(constraints.unchecked_ref())?;
    JsFuture::from(promise).await?.dyn_into()
}

/// The QR code in the video's current frame, read by the decoder compiled into the app.
fn read_frame(video: &HtmlVideoElement, canvas: &HtmlCanvasElement) -> Option<String> {
    let (width, height) = (video.video_width(), video.video_height());
    let scale = f64::from(FRAME_WIDTH.min(width)) / f64::from(width);
    let (w, h) = (
        (f64::from(width) * scale) as u32,
        (f64::from(height) * scale) as u32,
    );
    canvas.set_width(w);
    canvas.set_height(h);
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context
        .draw_image_with_html_video_element_and_dw_and_dh(
            video,
            0.0,
            0.0,
            f64::from(w),
            f64::from(h),
        )
        .ok()?;
    let pixels = context
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .ok()?
        .data();
    qr::decode_rgba(&pixels.0, w as usize, h as usize)
}

/// A short tone for each verdict (high for welcome, two for again, low for refused), and a buzz.
fn beep(sound: Option<&AudioContext>, said: &Verdict) {
    let (pitch, seconds, kind) = match said {
        Verdict::Welcome { .. } => (880.0, 0.15, OscillatorType::Sine),
        Verdict::Again { .. } => (660.0, 0.3, OscillatorType::Triangle),
        Verdict::Refused(_) => (220.0, 0.5, OscillatorType::Square),
    };
    if let Some(sound) = sound {
        let played = (|| -> Result<(), JsValue> {
            let tone = sound.create_oscillator()?;
            let volume = sound.create_gain()?;
            tone.set_type(kind);
            tone.frequency().set_value(pitch);
            volume.gain().set_value(0.3);
            tone.connect_with_audio_node(&volume)?;
            volume.connect_with_audio_node(&sound.destination())?;
            tone.start()?;
            tone.stop_with_when(sound.current_time() + seconds)?;
            Ok(())
        })();
        let _ = played;
    }
    let _ = window()
        .navigator()
        .vibrate_with_duration(if matches!(said, Verdict::Refused(_)) {
            400
        } else {
            120
        });
}

/// The full-screen answer: green, yellow or red, in words too.
#[component]
fn VerdictScreen(said: Verdict, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (class, headline, detail) = match &said {
        Verdict::Welcome { stall, name, .. } => (
            "verdict green",
            t_string!(i18n, gate_welcome).to_string(),
            format!("{stall} {name}"),
        ),
        Verdict::Again {
            stall,
            name,
            first_at,
        } => {
            let at = jishi_core::when::china_time(*first_at);
            (
                "verdict yellow",
                t_string!(i18n, gate_again).to_string(),
                format!(
                    "{stall} {name} · {} {}",
                    t_string!(i18n, gate_first_at),
                    jishi_core::when::clock(at)
                ),
            )
        }
        Verdict::Refused(why) => (
            "verdict red",
            t_string!(i18n, gate_refused).to_string(),
            match why {
                Refusal::NotATicket => t_string!(i18n, gate_not_a_ticket),
                Refusal::Poster => t_string!(i18n, gate_poster),
                Refusal::OtherMarket => t_string!(i18n, gate_other_market),
                Refusal::NotConfirmed => t_string!(i18n, gate_not_confirmed),
                Refusal::NotToday => t_string!(i18n, gate_not_today),
            }
            .to_string(),
        ),
    };
    view! {
        <button type="button" class=class role="alert" on:click=move |_| on_close.run(())>
            <span class="verdict-headline">{headline}</span>
            <span class="verdict-detail">{detail}</span>
        </button>
    }
}
