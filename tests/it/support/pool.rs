//! Cognito user pools in moto for the tests: each test makes its own.

use aws_sdk_cognitoidentityprovider::types::AttributeType;

use super::{block_on, cognito, unique};

/// A user to create: username, preferred_username (the handle), email.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub handle: Option<&'a str>,
    pub email: Option<&'a str>,
}

/// A fresh pool holding `users`; returns its id.
pub fn pool_with(users: &[NewUser]) -> String {
    block_on(async {
        let c = cognito();
        let pool = c
            .create_user_pool()
            .pool_name(unique("cruddur-test"))
            .send()
            .await
            .expect("create user pool");
        let id = pool
            .user_pool()
            .and_then(|p| p.id())
            .expect("pool id")
            .to_string();
        for u in users {
            let mut req = c.admin_create_user().user_pool_id(&id).username(u.username);
            if let Some(h) = u.handle {
                req = req.user_attributes(
                    AttributeType::builder()
                        .name("preferred_username")
                        .value(h)
                        .build()
                        .expect("attribute"),
                );
            }
            if let Some(e) = u.email {
                req = req.user_attributes(
                    AttributeType::builder()
                        .name("email")
                        .value(e)
                        .build()
                        .expect("attribute"),
                );
            }
            req.send().await.expect("admin create user");
        }
        id
    })
}

/// The `sub` of a user.
pub fn sub_of(pool_id: &str, username: &str) -> String {
    block_on(async {
        let u = cognito()
            .admin_get_user()
            .user_pool_id(pool_id)
            .username(username)
            .send()
            .await
            .expect("admin get user");
        u.user_attributes()
            .iter()
            .find(|a| a.name() == "sub")
            .and_then(|a| a.value())
            .expect("sub attribute")
            .to_string()
    })
}

pub fn delete_pool(pool_id: &str) {
    block_on(async {
        let _ = cognito()
            .delete_user_pool()
            .user_pool_id(pool_id)
            .send()
            .await;
    });
}
