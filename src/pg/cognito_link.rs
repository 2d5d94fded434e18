//! The link from Cognito users to the `users` table (`db
//! update-cognito-user-ids`, and the last step of `db setup`): which rows
//! get which Cognito `sub`, planned first, then written in one transaction.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Row};

use crate::app::context::Ctx;
use crate::app::error::CliError;
use crate::aws::cognito_pool::{self, CognitoUser};
use crate::pg::{self, queries, session};

/// A row whose `cognito_user_id` gets (or would get) a Cognito sub.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub handle: String,
    pub cognito_username: String,
    pub sub: String,
    pub previous: String,
}

/// A row that stays as it is although a Cognito user claims its handle.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub handle: String,
    /// The row's current `cognito_user_id`.
    pub current: String,
    pub cognito_username: String,
    pub sub: String,
    pub reason: String,
}

/// A sub held by more than one row.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicateSub {
    pub sub: String,
    pub handles: Vec<String>,
}

/// A handle that matches more than one row, or more than one Cognito user:
/// left alone, as the link would be ambiguous.
#[derive(Debug, Clone, Serialize)]
pub struct Ambiguous {
    pub handle: String,
    pub rows: usize,
    pub cognito_users: usize,
}

/// What a run did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Serialize)]
pub struct LinkReport {
    pub dry_run: bool,
    pub cognito_users: usize,
    pub rows_updated: u64,
    /// Rows linked now: their id was `MOCK` or empty, or `--relink` named them.
    pub linked: Vec<Change>,
    /// Handles already linked to the right sub.
    pub already_linked: Vec<String>,
    /// Rows linked to another sub (or whose sub is on another row): left alone.
    pub conflicts: Vec<Conflict>,
    /// Subs that more than one row holds.
    pub duplicate_subs: Vec<DuplicateSub>,
    /// Cognito users whose preferred_username is no handle in the table.
    pub unmatched_cognito_users: Vec<CognitoUser>,
    /// Cognito users without preferred_username (or without sub).
    pub cognito_users_without_handle: Vec<CognitoUser>,
    pub ambiguous_handles: Vec<Ambiguous>,
}

impl LinkReport {
    /// One line for stderr.
    pub fn summary(&self) -> String {
        let verb = if self.dry_run {
            format!("{} rows would be updated", self.linked.len())
        } else {
            format!("{} rows updated", self.rows_updated)
        };
        format!(
            "{verb}, {} already linked, {} conflicts, {} subs on several rows, {} Cognito users with no matching handle, {} without preferred_username, {} ambiguous handles (of {} Cognito users)",
            self.already_linked.len(),
            self.conflicts.len(),
            self.duplicate_subs.len(),
            self.unmatched_cognito_users.len(),
            self.cognito_users_without_handle.len(),
            self.ambiguous_handles.len(),
            self.cognito_users
        )
    }
}

/// A row that no Cognito user holds yet.
fn is_unlinked(id: &str) -> bool {
    id.is_empty() || id == "MOCK"
}

/// The plan: which rows change, given the Cognito users, the table's
/// `(handle, cognito_user_id)` rows and the handles `--relink` names.
/// Only unlinked rows (`MOCK` or empty) are filled; a row linked to another
/// sub is a conflict unless relinked, and a sub is never put on a second
/// row. Pure, so it is unit-tested.
pub fn link_plan(
    users: &[CognitoUser],
    rows: &[(String, String)],
    relink: &[String],
    dry_run: bool,
) -> LinkReport {
    let mut by_handle: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut by_sub: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (handle, id) in rows {
        by_handle.entry(handle).or_default().push(id);
        if !is_unlinked(id) {
            by_sub.entry(id).or_default().push(handle);
        }
    }
    let mut claimed: BTreeMap<&str, Vec<&CognitoUser>> = BTreeMap::new();
    let mut report = LinkReport {
        dry_run,
        cognito_users: users.len(),
        rows_updated: 0,
        linked: Vec::new(),
        already_linked: Vec::new(),
        conflicts: Vec::new(),
        duplicate_subs: by_sub
            .iter()
            .filter(|(_, handles)| handles.len() > 1)
            .map(|(sub, handles)| DuplicateSub {
                sub: sub.to_string(),
                handles: handles.iter().map(|h| h.to_string()).collect(),
            })
            .collect(),
        unmatched_cognito_users: Vec::new(),
        cognito_users_without_handle: Vec::new(),
        ambiguous_handles: Vec::new(),
    };
    for u in users {
        match (&u.preferred_username, &u.sub) {
            (Some(h), Some(s)) if !h.is_empty() && !s.is_empty() => {
                claimed.entry(h.as_str()).or_default().push(u)
            }
            _ => report.cognito_users_without_handle.push(u.clone()),
        }
    }
    for (handle, claimants) in claimed {
        let ids = by_handle.get(handle).map(Vec::as_slice).unwrap_or(&[]);
        if ids.is_empty() {
            report
                .unmatched_cognito_users
                .extend(claimants.into_iter().cloned());
            continue;
        }
        if ids.len() > 1 || claimants.len() > 1 {
            report.ambiguous_handles.push(Ambiguous {
                handle: handle.to_string(),
                rows: ids.len(),
                cognito_users: claimants.len(),
            });
            continue;
        }
        let user = claimants[0];
        let sub = user.sub.clone().unwrap_or_default();
        let current = ids[0];
        if current == sub {
            report.already_linked.push(handle.to_string());
            continue;
        }
        let elsewhere: Vec<&str> = by_sub
            .get(sub.as_str())
            .map(|hs| hs.iter().copied().filter(|h| *h != handle).collect())
            .unwrap_or_default();
        let reason = if !elsewhere.is_empty() {
            Some(format!(
                "the sub is already linked to {}",
                elsewhere.join(", ")
            ))
        } else if !is_unlinked(current) && !relink.iter().any(|r| r == handle) {
            Some(format!(
                "linked to another sub; --relink {handle} replaces it"
            ))
        } else {
            None
        };
        match reason {
            Some(reason) => report.conflicts.push(Conflict {
                handle: handle.to_string(),
                current: current.to_string(),
                cognito_username: user.username.clone(),
                sub,
                reason,
            }),
            None => report.linked.push(Change {
                handle: handle.to_string(),
                cognito_username: user.username.clone(),
                sub,
                previous: current.to_string(),
            }),
        }
    }
    report
}

/// Lists the pool's users, then applies the plan in one transaction (rolled
/// back on any error, and always with `dry_run`).
pub async fn link(
    ctx: &Ctx,
    options: &PgConnectOptions,
    pool_id: &str,
    relink: &[String],
    dry_run: bool,
) -> Result<LinkReport, CliError> {
    let client = ctx.cognito().await?;
    let users = cognito_pool::list_all_users(client, pool_id).await?;
    let mut conn = pg::connect_with(options).await?;
    let target = pg::address(options);
    let mut tx = conn
        .begin()
        .await
        .map_err(|e| pg::query_error(&format!("starting a transaction on {target}"), e))?;
    let doing = format!("reading the users of {target}");
    let fetched = match sqlx::query(queries::USER_HANDLES_SQL)
        .fetch_all(&mut *tx)
        .await
    {
        Err(e) if session::is_lock_timeout(&e) => {
            return Err(session::lock_timeout_error(options, doing).await)
        }
        other => other.map_err(|e| pg::query_error(&doing, e))?,
    };
    let rows: Vec<(String, String)> = fetched
        .iter()
        .map(|r| -> Result<(String, String), sqlx::Error> {
            Ok((r.try_get("handle")?, r.try_get("cognito_user_id")?))
        })
        .collect::<Result<_, _>>()
        .map_err(|e| pg::query_error("reading users.handle", e))?;
    let mut report = link_plan(&users, &rows, relink, dry_run);
    if dry_run {
        let _ = tx.rollback().await;
        return Ok(report);
    }
    for c in &report.linked {
        let done = sqlx::query(queries::UPDATE_COGNITO_USER_ID_SQL)
            .bind(&c.sub)
            .bind(&c.handle)
            .bind(&c.previous)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                pg::query_error(&format!("updating the user '{}'", c.handle), e)
                    .hint("nothing was changed (rolled back)")
            })?;
        report.rows_updated += done.rows_affected();
    }
    tx.commit()
        .await
        .map_err(|e| pg::query_error(&format!("committing on {target}"), e))?;
    let _ = conn.close().await;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, handle: Option<&str>, sub: &str) -> CognitoUser {
        CognitoUser {
            username: name.into(),
            preferred_username: handle.map(str::to_string),
            sub: Some(sub.into()),
            status: None,
            email: None,
        }
    }

    fn rows(r: &[(&str, &str)]) -> Vec<(String, String)> {
        r.iter()
            .map(|(h, i)| (h.to_string(), i.to_string()))
            .collect()
    }

    #[test]
    fn plan_links_matches_and_reports_the_rest() {
        let users = [
            user("u1", Some("andrewbrown"), "sub-1"),
            user("u2", Some("bayko"), "sub-2"),
            user("u3", Some("nobody"), "sub-3"),
            user("u4", None, "sub-4"),
            user("u5", Some("twice"), "sub-5"),
        ];
        let table = rows(&[
            ("andrewbrown", "MOCK"),
            ("bayko", "sub-2"),
            ("londo", "MOCK"),
            ("twice", "MOCK"),
            ("twice", "MOCK"),
        ]);
        let r = link_plan(&users, &table, &[], false);
        assert_eq!(r.linked.len(), 1);
        assert_eq!(r.linked[0].handle, "andrewbrown");
        assert_eq!(r.linked[0].sub, "sub-1");
        assert_eq!(r.linked[0].previous, "MOCK");
        assert_eq!(r.already_linked, ["bayko"]);
        assert_eq!(r.unmatched_cognito_users[0].username, "u3");
        assert_eq!(r.cognito_users_without_handle[0].username, "u4");
        assert_eq!(r.ambiguous_handles[0].handle, "twice");
        assert_eq!(r.ambiguous_handles[0].rows, 2);
        assert_eq!(r.cognito_users, 5);
    }

    #[test]
    fn two_cognito_users_with_one_handle_are_ambiguous() {
        let users = [
            user("a", Some("londo"), "s1"),
            user("b", Some("londo"), "s2"),
        ];
        let r = link_plan(&users, &rows(&[("londo", "MOCK")]), &[], true);
        assert!(r.linked.is_empty());
        assert_eq!(r.ambiguous_handles[0].cognito_users, 2);
        assert!(r.summary().contains("would be updated"));
    }

    #[test]
    fn a_row_linked_elsewhere_is_a_conflict_unless_relinked() {
        // 'old' was renamed in Cognito; a newcomer took the handle 'old'.
        let users = [
            user("renamed", Some("new"), "sub-a"),
            user("newcomer", Some("old"), "sub-b"),
            user("blank", Some("blank"), "sub-c"),
        ];
        let table = rows(&[("old", "sub-a"), ("new", "MOCK"), ("blank", "")]);
        let r = link_plan(&users, &table, &[], false);
        assert_eq!(r.linked.len(), 1, "{r:?}");
        assert_eq!(r.linked[0].handle, "blank");
        assert_eq!(r.conflicts.len(), 2, "{r:?}");
        let by_handle = |h: &str| r.conflicts.iter().find(|c| c.handle == h).unwrap();
        assert!(by_handle("old").reason.contains("--relink old"));
        assert_eq!(by_handle("old").current, "sub-a");
        assert!(by_handle("new").reason.contains("already linked to old"));

        let r = link_plan(&users, &table, &["old".to_string()], false);
        assert_eq!(r.linked.len(), 2, "{r:?}");
        assert!(r
            .linked
            .iter()
            .any(|c| c.handle == "old" && c.sub == "sub-b"));
    }

    #[test]
    fn a_sub_on_two_rows_is_reported() {
        let table = rows(&[("a", "sub-x"), ("b", "sub-x"), ("c", "MOCK"), ("d", "MOCK")]);
        let r = link_plan(&[], &table, &[], true);
        assert_eq!(r.duplicate_subs.len(), 1);
        assert_eq!(r.duplicate_subs[0].sub, "sub-x");
        assert_eq!(r.duplicate_subs[0].handles, ["a", "b"]);
    }
}
