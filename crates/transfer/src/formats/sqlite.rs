//! Reading authenticator apps' internal SQLite databases safely: the file's
//! bytes are loaded into an in-memory, read-only SQLite connection
//! (`sqlite3_deserialize`: no temporary file, nothing written anywhere), and
//! only plain tables are read, row by row, bounded by [`MAX_ENTRIES`].
//!
//! Hostile databases (issue 11: an 8 KiB file whose `email` column was
//! `GENERATED ALWAYS AS (printf('%.*c', 300000000, 'x'))` ran for minutes
//! at 10 GB and stored a 400 MB label). The schema of a file is code the
//! file's author wrote, and `trusted_schema=OFF` alone does not stop it:
//! it only disables functions not marked innocuous, and `printf`,
//! `zeroblob` or a recursive expression are all innocuous. So:
//!
//! - every string, blob or row is at most [`MAX_VALUE_BYTES`]
//!   (`SQLITE_LIMIT_LENGTH`): a bigger one is an error, never an allocation;
//! - a progress handler stops any statement after [`MAX_VM_STEPS`] virtual
//!   machine steps (all queries of one import together): a bounded time;
//! - defensive mode, `trusted_schema=OFF`, `query_only`, `temp_store=MEMORY`
//!   (no temporary file is ever written) and a small page cache;
//! - a table we read must be a real, ordinary table: not a view (which
//!   could run any query) nor a virtual table, and without generated or
//!   hidden columns (`PRAGMA table_xinfo`), which no authenticator writes;
//! - SQLite treats a corrupt file as an error, not a crash; the input is at
//!   most [`crate::MAX_INPUT_BYTES`].
//!
//! Running out of either bound is [`ImportError::ExcessiveWork`].

use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::registry::{Confidence, Detected, Format};
use crate::{Entry, ImportError, Imported, MAX_ENTRIES};

/// The first 16 bytes of every SQLite 3 database file.
const MAGIC: &[u8] = b"SQLite format 3\0";

/// The longest string, blob or row SQLite may make or read from one of
/// these files. A real row is a few hundred bytes (an icon blob a few KiB).
pub(crate) const MAX_VALUE_BYTES: i32 = 32 * 1024;

/// Steps the progress handler counts at a time.
const STEPS_PER_CALL: i32 = 1_000;

/// The most virtual-machine steps one import may run: reading a real
/// database of a few hundred accounts takes well under a million; this
/// is a fraction of a second.
pub(crate) const MAX_VM_STEPS: u64 = 20_000_000;

/// Whether `bytes` are an SQLite database whose schema text mentions every
/// one of `markers` (the schema is stored as plain text in the file, so
/// this needs no parsing).
pub(crate) fn looks_like(bytes: &[u8], markers: &[&[u8]]) -> bool {
    bytes.starts_with(MAGIC)
        && markers
            .iter()
            .all(|m| bytes.windows(m.len()).any(|w| w == *m))
}

/// Detection shared by the database importers: an unencrypted `format`
/// when [`looks_like`] says so.
pub(crate) fn detect(format: Format, bytes: &[u8], markers: &[&[u8]]) -> Option<Detected> {
    looks_like(bytes, markers).then_some(Detected {
        format,
        confidence: Confidence::Strong,
        encrypted: false,
    })
}

/// The import shared by the database importers: opens `bytes`, reads the
/// rows of `sql` over `table` (see [`rows`]) and makes each one an entry
/// with `entry(position, row)`, positions counting from 1.
pub(crate) fn import_rows(
    format: Format,
    bytes: &[u8],
    table: &str,
    sql: &str,
    entry: impl Fn(usize, &[Value]) -> Entry,
) -> Result<Imported, ImportError> {
    let db = open(format, bytes)?;
    let entries = rows(format, &db, table, sql)?
        .iter()
        .enumerate()
        .map(|(i, row)| entry(i + 1, row))
        .collect();
    Ok(Imported { format, entries })
}

/// Opens `bytes` as a read-only in-memory database.
pub(crate) fn open(format: Format, bytes: &[u8]) -> Result<Connection, ImportError> {
    let bad = |e: rusqlite::Error| ImportError::malformed(format, format!("SQLite: {e}"));
    if !bytes.starts_with(MAGIC) || bytes.len() < 100 {
        return Err(ImportError::malformed(format, "not an SQLite database"));
    }
    let mut copy = bytes.to_vec();
    // Bytes 18 and 19 say "WAL mode" (2) in databases copied from a phone;
    // an in-memory database cannot use a WAL file, so read it as a
    // rollback-journal database (1): the main file's content is the same.
    if copy[18] == 2 && copy[19] == 2 {
        copy[18] = 1;
        copy[19] = 1;
    }
    let mut db = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(bad)?;
    // Bounds first, before SQLite reads a byte of the file's schema.
    db.set_limit(Limit::SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
        .map_err(bad)?;
    db.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, MAX_VALUE_BYTES)
        .map_err(bad)?;
    db.set_limit(Limit::SQLITE_LIMIT_COLUMN, 256).map_err(bad)?;
    db.set_limit(Limit::SQLITE_LIMIT_EXPR_DEPTH, 100)
        .map_err(bad)?;
    db.set_limit(Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 1)
        .map_err(bad)?;
    db.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0).map_err(bad)?;
    db.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(bad)?;
    db.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)
        .map_err(bad)?;
    let mut calls: u64 = 0;
    db.progress_handler(
        STEPS_PER_CALL,
        Some(move || {
            calls += 1;
            // true interrupts the running statement.
            calls * STEPS_PER_CALL as u64 > MAX_VM_STEPS
        }),
    );
    let len = copy.len();
    db.deserialize_read_exact("main", &copy[..], len, true)
        .map_err(bad)?;
    db.execute_batch(
        "PRAGMA trusted_schema = OFF; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -2048; PRAGMA query_only = ON;",
    )
    .map_err(bad)?;
    Ok(db)
}

/// The rows of `sql` over `table` (which must be a real table), each as
/// one value per column, at most [`MAX_ENTRIES`].
pub(crate) fn rows(
    format: Format,
    db: &Connection,
    table: &str,
    sql: &str,
) -> Result<Vec<Vec<Value>>, ImportError> {
    let bad = |e: rusqlite::Error| sqlite_error(format, e);
    let is_table: bool = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1 \
             AND sql NOT LIKE 'CREATE VIRTUAL%'",
            [table],
            |row| row.get::<_, i64>(0),
        )
        .map_err(bad)?
        == 1;
    if !is_table {
        return Err(ImportError::malformed(
            format,
            format!("the database has no {table:?} table"),
        ));
    }
    // hidden: 0 ordinary, 1 hidden (virtual tables), 2 and 3 generated.
    let computed: i64 = db
        .query_row(
            "SELECT count(*) FROM pragma_table_xinfo(?1) WHERE hidden <> 0",
            [table],
            |row| row.get(0),
        )
        .map_err(bad)?;
    if computed > 0 {
        return Err(ImportError::Unsupported {
            format,
            reason: format!(
                "the {table:?} table has generated or hidden columns, which the app never writes"
            ),
        });
    }
    let mut statement = db.prepare(sql).map_err(bad)?;
    let columns = statement.column_count();
    let mut rows = statement.query([]).map_err(bad)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(bad)? {
        if out.len() == MAX_ENTRIES {
            return Err(ImportError::malformed(format, "too many accounts"));
        }
        let values = (0..columns)
            .map(|i| row.get_ref(i).map(Value::from).map_err(bad))
            .collect::<Result<_, _>>()?;
        out.push(values);
    }
    Ok(out)
}

/// An SQLite error as an import error: running into the length limit or
/// the step budget is excessive work, anything else a malformed file.
fn sqlite_error(format: Format, error: rusqlite::Error) -> ImportError {
    use rusqlite::ffi::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::TooBig) => ImportError::ExcessiveWork {
            format,
            what: "a value or row larger than any authenticator stores".into(),
            limit: format!("{} KiB", MAX_VALUE_BYTES / 1024),
        },
        Some(ErrorCode::OperationInterrupted) => ImportError::ExcessiveWork {
            format,
            what: "more database work than reading any authenticator's accounts".into(),
            limit: format!("{MAX_VM_STEPS} SQLite steps"),
        },
        _ => ImportError::malformed(format, format!("SQLite: {error}")),
    }
}

/// One cell, loosely typed as SQLite stores it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
    Other,
}

impl From<ValueRef<'_>> for Value {
    fn from(value: ValueRef<'_>) -> Self {
        match value {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Real(_) | ValueRef::Blob(_) => Value::Other,
        }
    }
}

impl Value {
    /// The text of a text cell ("" for anything else).
    pub(crate) fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }

    /// The number in a cell (integers, and numbers stored as text).
    pub(crate) fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(schema: &str) -> Vec<u8> {
        let db = Connection::open_in_memory().unwrap();
        db.execute_batch(schema).unwrap();
        db.serialize("main").unwrap().to_vec()
    }

    #[test]
    fn a_runaway_query_is_stopped_by_the_step_budget() {
        let bytes = database("CREATE TABLE t(x); INSERT INTO t VALUES (1);");
        let db = open(Format::GoogleAuthenticatorDb, &bytes).unwrap();
        // Endless without the progress handler.
        let err = db
            .query_row(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) \
                 SELECT count(*) FROM n",
                [],
                |row| row.get::<_, i64>(0),
            )
            .unwrap_err();
        assert!(matches!(
            sqlite_error(Format::GoogleAuthenticatorDb, err),
            ImportError::ExcessiveWork { .. }
        ));
    }

    #[test]
    fn nothing_is_built_larger_than_the_length_limit() {
        let bytes = database("CREATE TABLE t(x);");
        let db = open(Format::StratumDb, &bytes).unwrap();
        let err = db
            .query_row("SELECT zeroblob(1000000)", [], |row| {
                row.get::<_, Vec<u8>>(0)
            })
            .unwrap_err();
        assert!(matches!(
            sqlite_error(Format::StratumDb, err),
            ImportError::ExcessiveWork { .. }
        ));
        // Nothing can be written, not even a temporary table.
        assert!(db.execute_batch("CREATE TEMP TABLE x(y)").is_err());
    }
}
