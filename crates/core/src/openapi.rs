//! OpenAPI schemas for the types that serialise themselves (as text or as a list), so the server's
//! `openapi.json` describes them as they appear on the wire. Only with the `openapi` feature: the
//! wasm app never carries this.

use utoipa::{
    openapi::{
        schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type},
        RefOr, Schema,
    },
    PartialSchema, ToSchema,
};

use crate::{
    monthly::{TimeOfDay, YearMonth},
    phone::Phone,
    plate::Plate,
    product::SeasonMonths,
};

fn text(pattern: Option<&str>, example: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .pattern(pattern)
        .examples([example])
        .into()
}

impl PartialSchema for YearMonth {
    fn schema() -> RefOr<Schema> {
        text(Some(r"^(20\d{2}|21\d{2}|2200)-(0[1-9]|1[0-2])$"), "2027-03")
    }
}
impl ToSchema for YearMonth {}

impl PartialSchema for TimeOfDay {
    fn schema() -> RefOr<Schema> {
        text(Some(r"^([01]?\d|2[0-3]):[0-5]\d$"), "08:00")
    }
}
impl ToSchema for TimeOfDay {}

impl PartialSchema for Phone {
    fn schema() -> RefOr<Schema> {
        text(None, "13800138000")
    }
}
impl ToSchema for Phone {}

impl PartialSchema for Plate {
    fn schema() -> RefOr<Schema> {
        text(None, "浙J·12345")
    }
}
impl ToSchema for Plate {}

impl PartialSchema for SeasonMonths {
    fn schema() -> RefOr<Schema> {
        let month = ObjectBuilder::new()
            .schema_type(SchemaType::Type(Type::Integer))
            .minimum(Some(1))
            .maximum(Some(12));
        ArrayBuilder::new()
            .items(month)
            .min_items(Some(1))
            .max_items(Some(12))
            .unique_items(true)
            .into()
    }
}
impl ToSchema for SeasonMonths {}

/// The weekday of a monthly rule, by its English name.
pub(crate) fn weekday() -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(SchemaType::Type(Type::String))
        .enum_values(Some([
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]))
        .into()
}
