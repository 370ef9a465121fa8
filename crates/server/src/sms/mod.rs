//! Sending SMS: one-time codes, and the outbox's messages. The sender is chosen by configuration:
//! `console` (the default) writes them to the server log for development and tests; `aliyun`
//! sends real SMS through Alibaba Cloud's SMS service with credentials from the environment.

mod aliyun;

use std::sync::Arc;

use jishi_core::{message::MessageKind, Phone};

pub use aliyun::{AliyunConfig, AliyunSender};

/// Why a code could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The provider could not be reached.
    #[error("SMS provider unreachable")]
    Transport(#[from] reqwest::Error),
    /// The provider answered with a refusal.
    #[error("SMS provider refused: {0}")]
    Refused(String),
}

/// One of the outbox's messages, as handed to a sender.
#[derive(Debug, Clone, Copy)]
pub struct Outgoing<'a> {
    /// The message's id: a provider that takes an idempotent id gets it, so a message handed over
    /// again after a crash is delivered once.
    pub id: &'a str,
    /// To whom.
    pub phone: &'a str,
    /// What it tells (a provider's template is chosen by it).
    pub kind: MessageKind,
    /// The template's parameters, a JSON object of strings.
    pub params: &'a str,
    /// The words, as the parameters make them in the person's language.
    pub text: &'a str,
}

/// What a provider said when it took a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handed {
    /// The provider's id of the hand-over, to ask later whether it reached the phone; `None` from a
    /// sender that keeps no receipts.
    pub receipt: Option<String>,
}

/// Whether a handed-over message reached the phone, by the provider's receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// No receipt yet.
    Waiting,
    /// It reached the phone.
    Delivered,
    /// It did not, for this reason (the provider's code).
    Undelivered(String),
}

/// Something that delivers SMS.
#[async_trait::async_trait]
pub trait SmsSender: Send + Sync + std::fmt::Debug {
    /// Sends `code` to `phone`; the text around it is the sender's (a provider template).
    async fn send_code(&self, phone: &Phone, code: &str) -> Result<(), SmsError>;

    /// Sends one of the outbox's messages.
    async fn send_message(&self, message: Outgoing<'_>) -> Result<Handed, SmsError>;

    /// Whether the message handed over to `phone` at `sent_at` (unix seconds) with `receipt`
    /// reached the phone. Only asked of senders that gave a receipt.
    async fn delivery(
        &self,
        _phone: &str,
        _receipt: &str,
        _sent_at: i64,
    ) -> Result<Delivery, SmsError> {
        Ok(Delivery::Waiting)
    }
}

/// The shared handle the server keeps.
pub type Sms = Arc<dyn SmsSender>;

/// Writes codes to the log (`tracing` at info): for development, demos and tests, never production.
#[derive(Debug, Default)]
pub struct ConsoleSender;

#[async_trait::async_trait]
impl SmsSender for ConsoleSender {
    async fn send_code(&self, phone: &Phone, code: &str) -> Result<(), SmsError> {
        // The one place a code is ever written out; tests and the e2e suite read this line.
        tracing::info!(target: "jishi_server::sms", "SMS code for {phone}: {code}");
        Ok(())
    }

    async fn send_message(&self, message: Outgoing<'_>) -> Result<Handed, SmsError> {
        tracing::info!(
            target: "jishi_server::sms",
            "SMS {} to {}: {}",
            message.id,
            message.phone,
            message.text
        );
        // The log is no phone: there is nothing to ask about later.
        Ok(Handed::default())
    }
}

/// Builds the sender named by `JISHI_SMS` (`console` or `aliyun`).
pub fn from_env() -> anyhow::Result<Sms> {
    match std::env::var("JISHI_SMS")
        .unwrap_or_else(|_| "console".into())
        .as_str()
    {
        "console" => Ok(Arc::new(ConsoleSender)),
        "aliyun" => Ok(Arc::new(AliyunSender::new(AliyunConfig::from_env()?))),
        other => anyhow::bail!("JISHI_SMS={other:?}: choose console or aliyun"),
    }
}
