//! Users and their roles.

use jishi_core::{api::HostUnitRef, auth::Role, message::MessageSettings, Lang, Phone};
use sqlx::Row;

use super::{Db, StoreError};

/// A user row with the roles granted to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Opaque id.
    pub id: String,
    /// The 11 digits.
    pub phone: String,
    /// Display name, possibly empty.
    pub name: String,
    /// Village, possibly empty.
    pub village: String,
    /// Whether an admin role was granted.
    pub is_admin: bool,
    /// Host units this user organises.
    pub host_units: Vec<HostUnitRef>,
}

impl UserRecord {
    /// Whether this user may run the markets of `host_unit_id` (admins run all of them).
    pub fn organises(&self, host_unit_id: &str) -> bool {
        self.is_admin || self.host_units.iter().any(|unit| unit.id == host_unit_id)
    }

    /// Every role, stallholder first (everyone is one).
    pub fn roles(&self) -> Vec<Role> {
        let mut roles = vec![Role::Stallholder];
        if !self.host_units.is_empty() {
            roles.push(Role::Organiser);
        }
        if self.is_admin {
            roles.push(Role::Admin);
        }
        roles
    }
}

/// The user with this phone, created now if there is none (the unique phone decides races).
pub async fn find_or_create(
    db: &Db,
    phone: &Phone,
    new_id: &str,
    now: i64,
) -> Result<UserRecord, StoreError> {
    sqlx::query(
        "INSERT INTO users (id, phone, created_at) VALUES ($1, $2, $3) ON CONFLICT (phone) DO NOTHING",
    )
    .bind(new_id)
    .bind(phone.as_str())
    .bind(now)
    .execute(db)
    .await?;
    let id: String = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_one(db)
        .await?;
    get(db, &id).await?.ok_or(StoreError::Missing("user"))
}

/// The user with this phone, if any.
pub async fn find_by_phone(db: &Db, phone: &Phone) -> Result<Option<UserRecord>, StoreError> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
        .bind(phone.as_str())
        .fetch_optional(db)
        .await?;
    match id {
        Some(id) => get(db, &id).await,
        None => Ok(None),
    }
}

/// One user with roles.
pub async fn get(db: &Db, id: &str) -> Result<Option<UserRecord>, StoreError> {
    let Some(row) = sqlx::query("SELECT id, phone, name, village FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?
    else {
        return Ok(None);
    };
    let roles = sqlx::query(
        "SELECT r.role, h.id AS unit_id, h.name AS unit_name
         FROM user_roles r LEFT JOIN host_units h ON h.id = r.host_unit_id
         WHERE r.user_id = $1 ORDER BY h.name",
    )
    .bind(id)
    .fetch_all(db)
    .await?;
    let mut user = UserRecord {
        id: row.get("id"),
        phone: row.get("phone"),
        name: row.get("name"),
        village: row.get("village"),
        is_admin: false,
        host_units: Vec::new(),
    };
    for role in roles {
        match role.get::<String, _>("role").as_str() {
            "admin" => user.is_admin = true,
            _ => user.host_units.push(HostUnitRef {
                id: role.get("unit_id"),
                name: role.get("unit_name"),
            }),
        }
    }
    Ok(Some(user))
}

/// Sets the name and/or village; `None` leaves a field as it is.
pub async fn update_profile(
    db: &Db,
    id: &str,
    name: Option<&str>,
    village: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE users SET name = coalesce($1, name), village = coalesce($2, village) WHERE id = $3",
    )
    .bind(name)
    .bind(village)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Grants a role; granting it again changes nothing. `unit` is required for organisers.
pub async fn grant(
    db: &Db,
    user_id: &str,
    role: Role,
    unit: Option<&str>,
) -> Result<(), StoreError> {
    if role == Role::Stallholder {
        return Ok(());
    }
    sqlx::query("INSERT INTO user_roles (user_id, role, host_unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(user_id)
        .bind(role.as_str())
        .bind(unit)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether a host unit with this id exists.
pub async fn host_unit_exists(db: &Db, id: &str) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM host_units WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// The phone of account `id`, in the caller's transaction.
pub async fn phone_of<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(sqlx::query_scalar("SELECT phone FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?)
}

/// What `id` wants to be told, and how (the defaults for someone unknown).
pub async fn message_settings<'c>(
    db: impl sqlx::AnyExecutor<'c>,
    id: &str,
) -> Result<MessageSettings, StoreError> {
    let row = sqlx::query("SELECT lang, reminders, quiet_hours FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    let Some(row) = row else {
        return Ok(MessageSettings::default());
    };
    let lang: String = row.try_get("lang")?;
    Ok(MessageSettings {
        reminders: row.try_get::<i64, _>("reminders")? != 0,
        quiet_hours: row.try_get::<i64, _>("quiet_hours")? != 0,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
    })
}

/// Keeps what `id` wants to be told.
pub async fn set_message_settings(
    db: &Db,
    id: &str,
    settings: MessageSettings,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET lang = $1, reminders = $2, quiet_hours = $3 WHERE id = $4")
        .bind(settings.lang.tag())
        .bind(i64::from(settings.reminders))
        .bind(i64::from(settings.quiet_hours))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(is_admin: bool, units: &[&str]) -> UserRecord {
        UserRecord {
            id: "u_1".into(),
            phone: "13800138000".into(),
            name: String::new(),
            village: String::new(),
            is_admin,
            host_units: units
                .iter()
                .map(|id| HostUnitRef {
                    id: (*id).into(),
                    name: (*id).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn organisers_act_only_for_their_units_and_admins_for_all() {
        assert!(user(false, &["hu-a"]).organises("hu-a"));
        assert!(!user(false, &["hu-a"]).organises("hu-b"));
        assert!(!user(false, &[]).organises("hu-a"));
        assert!(user(true, &[]).organises("hu-b"));
    }

    #[test]
    fn roles_list_stallholder_first() {
        assert_eq!(user(false, &[]).roles(), vec![Role::Stallholder]);
        assert_eq!(
            user(true, &["hu-a"]).roles(),
            vec![Role::Stallholder, Role::Organiser, Role::Admin]
        );
    }
}
