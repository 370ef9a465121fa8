//! Who may enter and change which product, and how a photo joins one. A stallholder keeps the goods
//! they entered; the organisers of a workshop's host unit keep that workshop's products; admins all.

use jishi_core::{
    field::Problem,
    product::{Product, ProductDraft},
};

use crate::{
    clock::Clock,
    ids::new_id,
    services::photos::{self, PhotoError},
    store::{
        self,
        products::{self, Keepers, NewPhoto},
        users::UserRecord,
        workshops, Claim, Conn, Db, StoreError,
    },
};

/// The most photos one product keeps.
pub const MAX_PHOTOS: i64 = 6;

/// Why a product request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ProductError {
    /// The draft breaks one of core's rules.
    #[error("{0}")]
    Problem(Problem),
    /// The draft names a workshop that does not exist.
    #[error("no such workshop")]
    UnknownWorkshop,
    /// No such product.
    #[error("no such product")]
    NotFound,
    /// The caller does not keep this product (or may not enter goods for that workshop).
    #[error("not yours")]
    NotYours,
    /// The product has all the photos it may have.
    #[error("too many photos")]
    TooManyPhotos,
    /// The upload is not a photo we keep.
    #[error(transparent)]
    Photo(#[from] PhotoError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<Problem> for ProductError {
    fn from(problem: Problem) -> Self {
        Self::Problem(problem)
    }
}

/// Enters a new product; a stallholder's own goods, or a workshop's for its unit's organisers.
pub async fn create(
    db: &Db,
    now: i64,
    user: &UserRecord,
    draft: ProductDraft,
) -> Result<Product, ProductError> {
    let draft = draft.checked()?;
    let id = new_id("p");
    let mut tx = store::write(db, &[Claim::Product(&id)]).await?;
    may_enter_for(&mut tx, user, draft.workshop_id.as_deref()).await?;
    products::save(&mut tx, &id, &draft, Some(&user.id), now).await?;
    tx.commit().await?;
    fetch(db, now, &id).await
}

/// Rewrites a product its keeper asks to change.
pub async fn update(
    db: &Db,
    now: i64,
    user: &UserRecord,
    id: &str,
    draft: ProductDraft,
) -> Result<Product, ProductError> {
    let draft = draft.checked()?;
    let mut tx = store::write(db, &[Claim::Product(id)]).await?;
    let keepers = products::keepers(&mut tx, id)
        .await?
        .ok_or(ProductError::NotFound)?;
    if !keeps(user, &keepers) {
        return Err(ProductError::NotYours);
    }
    may_enter_for(&mut tx, user, draft.workshop_id.as_deref()).await?;
    products::save(&mut tx, id, &draft, None, now).await?;
    tx.commit().await?;
    fetch(db, now, id).await
}

/// Adds a photo to a product its keeper uploads: checked and re-encoded before anything is written.
pub async fn add_photo(
    db: &Db,
    clock: &Clock,
    user: &UserRecord,
    id: &str,
    upload: Vec<u8>,
) -> Result<Product, ProductError> {
    let keepers = {
        let mut conn = store::read(db).await?;
        products::keepers(&mut conn, id).await?
    }
    .ok_or(ProductError::NotFound)?;
    if !keeps(user, &keepers) {
        return Err(ProductError::NotYours);
    }
    // Counted before decoding too (no work for a photo that cannot be kept), and again below,
    // where the database decides.
    if products::photo_count(&mut *store::read(db).await?, id).await? >= MAX_PHOTOS {
        return Err(ProductError::TooManyPhotos);
    }
    let prepared = photos::prepare_in_budget(upload).await?;
    // Read after the decoding, which may have waited its turn.
    let now = clock.now();
    let photo = NewPhoto {
        id: new_id("ph"),
        width: prepared.large_size.0,
        height: prepared.large_size.1,
        small: prepared.small,
        large: prepared.large,
    };
    let mut tx = store::write(db, &[Claim::Product(id)]).await?;
    if products::photo_count(&mut tx, id).await? >= MAX_PHOTOS {
        return Err(ProductError::TooManyPhotos);
    }
    products::add_photo(&mut tx, id, &photo, now).await?;
    tx.commit().await?;
    fetch(db, now, id).await
}

/// Whether `user` keeps a product with these keepers.
fn keeps(user: &UserRecord, keepers: &Keepers) -> bool {
    user.is_admin
        || keepers.owner_id.as_deref() == Some(user.id.as_str())
        || keepers
            .host_unit_id
            .as_deref()
            .is_some_and(|unit| user.organises(unit))
}

/// Anyone may enter their own goods; a workshop's products only its unit's organisers (and admins).
async fn may_enter_for(
    conn: &mut Conn,
    user: &UserRecord,
    workshop_id: Option<&str>,
) -> Result<(), ProductError> {
    let Some(workshop_id) = workshop_id else {
        return Ok(());
    };
    match workshops::workshop_unit(conn, workshop_id).await? {
        None => Err(ProductError::UnknownWorkshop),
        Some(_) if user.is_admin => Ok(()),
        Some(Some(unit)) if user.organises(&unit) => Ok(()),
        Some(_) => Err(ProductError::NotYours),
    }
}

async fn fetch(db: &Db, now: i64, id: &str) -> Result<Product, ProductError> {
    products::get(db, id, now)
        .await?
        .ok_or(ProductError::NotFound)
}
