//! `cruddur db`: the app's Postgres database, its schema, seed and
//! migrations, its sessions, and the link from Cognito users to `users`.

mod cognito_ids;
pub mod lifecycle;
mod migrate;
mod sessions;

use clap::Subcommand;

use crate::app::context::Ctx;

pub use crate::pg::DbUrlArgs;
pub use cognito_ids::UpdateCognitoUserIdsArgs;
pub use lifecycle::{CreateArgs, DbDropArgs, DbSchemaLoadArgs, DbSeedArgs, DbSetupArgs, ResetArgs};
pub use migrate::{MigrateArgs, MigrationsArgs, NewMigrationArgs, RollbackArgs};
pub use sessions::{ConnectArgs, KillAllArgs, SessionsArgs, TestArgs};

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database named in the URL (stamped local, or prod with --prod), or report that it exists
    #[command(
        after_help = "Examples:\n  cruddur db create\n  cruddur db create --database-url postgresql://postgres:password@localhost:5432/cruddur\n  cruddur --prod db create"
    )]
    Create(CreateArgs),

    /// Drop the database named in the URL; always asks first (default No)
    #[command(
        after_help = "Examples:\n  cruddur db drop\n  cruddur db drop --yes --force\n  cruddur --prod db drop"
    )]
    Drop(DbDropArgs),

    /// Drop and recreate the tables (sql/schema.sql) in one transaction; always asks first
    #[command(
        after_help = "Examples:\n  cruddur db schema-load --yes\n  cruddur db schema-load --file db/schema.sql\n  cruddur --prod db schema-load --yes"
    )]
    SchemaLoad(DbSchemaLoadArgs),

    /// Insert the seed users and activity (sql/seed.sql) in one transaction
    #[command(
        after_help = "A database stamped prod (or remote and unstamped) that already has users needs --prod.\n\nExamples:\n  cruddur db seed\n  cruddur db seed --file db/more-seed.sql"
    )]
    Seed(DbSeedArgs),

    /// Create what is missing (database, tables; never drops), seed, then link Cognito users
    #[command(
        after_help = "Examples:\n  cruddur db setup\n  AWS_COGNITO_USER_POOL_ID=us-east-1_abc123 cruddur db setup\n  cruddur --prod db setup --yes"
    )]
    Setup(DbSetupArgs),

    /// Drop the database, then run setup; always asks first (default No)
    #[command(after_help = "Examples:\n  cruddur db reset\n  cruddur db reset --yes --force")]
    Reset(ResetArgs),

    /// Apply the pending migrations, oldest first, each in a transaction with its ledger row
    #[command(
        after_help = "Migrations are VERSION_name.up.sql (and .down.sql) files, VERSION a UTC time\nYYYYMMDDHHMMSS, and the app's DIGITS_name.py files, read without Python. The\nledger (table cruddur_schema_migrations) records each one with a checksum; a\nchanged or missing applied file stops the run until restored or accepted.\n\nExamples:\n  cruddur db migrate\n  cruddur db migrate --dry-run\n  cruddur db migrate --check          # in CI: exit 1 when anything is pending\n  cruddur db migrate --to 20261207080000\n  cruddur db migrate --accept-changed 20261207080000\n  cruddur --prod db migrate --yes"
    )]
    Migrate(MigrateArgs),

    /// Undo the newest applied migrations with their down SQL; always asks first
    #[command(
        after_help = "Examples:\n  cruddur db rollback\n  cruddur db rollback --steps 2\n  cruddur db rollback --to 20261207080000 --yes\n  cruddur db rollback --dry-run"
    )]
    Rollback(RollbackArgs),

    /// List every migration with its state: applied, pending, changed or missing
    #[command(
        after_help = "Examples:\n  cruddur db migrations\n  cruddur --output json db migrations"
    )]
    Migrations(MigrationsArgs),

    /// Write an empty up/down pair with a fresh version into the migrations folder
    #[command(
        visible_alias = "generate-migration",
        after_help = "The folder is made if absent. Write the change in the up file and its undoing\nin the down file, then run `cruddur db migrate`.\n\nExamples:\n  cruddur db new-migration add_bio\n  cruddur db new-migration add_bio --migrations backend-flask/db/migrations"
    )]
    NewMigration(NewMigrationArgs),

    /// End every other session on the database (never this one, never other databases'); always asks first
    #[command(
        after_help = "Examples:\n  cruddur db kill-all\n  cruddur db kill-all --yes\n  cruddur --output json db kill-all --yes"
    )]
    KillAll(KillAllArgs),

    /// Check that the database answers: connect and print the server's version
    #[command(after_help = "Examples:\n  cruddur db test\n  cruddur --prod db test")]
    Test(TestArgs),

    /// List the server's sessions (pg_stat_activity)
    #[command(
        after_help = "Examples:\n  cruddur db sessions\n  cruddur --output json db sessions\n  cruddur --prod db sessions"
    )]
    Sessions(SessionsArgs),

    /// Open psql on the database (the password goes through PGPASSWORD)
    #[command(
        after_help = "Examples:\n  cruddur db connect\n  cruddur --prod db connect\n  cruddur db connect -- -c 'SELECT count(*) FROM users'"
    )]
    Connect(ConnectArgs),

    /// Link unlinked users (MOCK) to Cognito: cognito_user_id = sub where handle = preferred_username
    #[command(
        after_help = "Examples:\n  cruddur db update-cognito-user-ids --dry-run\n  AWS_COGNITO_USER_POOL_ID=us-east-1_abc123 cruddur db update-cognito-user-ids\n  cruddur --output json db update-cognito-user-ids --user-pool-id us-east-1_abc123\n  cruddur db update-cognito-user-ids --relink andrewbrown"
    )]
    UpdateCognitoUserIds(UpdateCognitoUserIdsArgs),
}

pub async fn run(ctx: &Ctx, cmd: DbCommand) -> anyhow::Result<()> {
    match cmd {
        DbCommand::Create(args) => lifecycle::create_cmd(ctx, args).await,
        DbCommand::Drop(args) => lifecycle::drop_cmd(ctx, args).await,
        DbCommand::SchemaLoad(args) => lifecycle::schema_load_cmd(ctx, args).await,
        DbCommand::Seed(args) => lifecycle::seed_cmd(ctx, args).await,
        DbCommand::Setup(args) => lifecycle::setup_cmd(ctx, args).await,
        DbCommand::Reset(args) => lifecycle::reset_cmd(ctx, args).await,
        DbCommand::Migrate(args) => migrate::migrate_cmd(ctx, args).await,
        DbCommand::Rollback(args) => migrate::rollback_cmd(ctx, args).await,
        DbCommand::Migrations(args) => migrate::migrations_cmd(ctx, args).await,
        DbCommand::NewMigration(args) => migrate::new_migration_cmd(ctx, args).await,
        DbCommand::KillAll(args) => sessions::kill_all_cmd(ctx, args).await,
        DbCommand::Test(args) => sessions::test_cmd(ctx, args).await,
        DbCommand::Sessions(args) => sessions::sessions_cmd(ctx, args).await,
        DbCommand::Connect(args) => sessions::connect_cmd(ctx, args).await,
        DbCommand::UpdateCognitoUserIds(args) => cognito_ids::run(ctx, args).await,
    }
}

#[cfg(test)]
mod tests {
    use crate::pg;

    #[test]
    fn urls_with_cruddur_users_and_special_passwords_keep_their_parts() {
        let o = pg::PgTarget::parse(
            "postgresql://cruddurroot:p%40ss%3Aw%2Frd%25@db.example.com:5433/cruddur",
        )
        .unwrap()
        .options;
        assert_eq!(o.get_username(), "cruddurroot");
        assert_eq!(o.get_host(), "db.example.com");
        assert_eq!(o.get_port(), 5433);
        assert_eq!(pg::admin::database_name(&o).unwrap(), "cruddur");
        // The maintenance database keeps user and host: only the database changes.
        let admin = o.clone().database("postgres");
        assert_eq!(admin.get_username(), "cruddurroot");
        assert_eq!(admin.get_database(), Some("postgres"));
    }
}
