//! Reading authenticator apps' internal SQLite databases safely: the file's
//! bytes are loaded into an in-memory, read-only SQLite connection
//! (`sqlite3_deserialize`: no temporary file, nothing written anywhere), and
//! only plain tables are read, row by row, bounded by [`MAX_ENTRIES`].
//!
//! Hostile databases: SQLite treats a corrupt file as an error, not a
//! crash; `trusted_schema=OFF` keeps functions named in the schema from
//! running; a table we read must be a real table (a view could run an
//! unbounded query); the input is at most [`crate::MAX_INPUT_BYTES`].

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::registry::{Confidence, Detected, Format, check_size};
use crate::{Entry, ImportError, Imported, MAX_ENTRIES};

/// The first 16 bytes of every SQLite 3 database file.
const MAGIC: &[u8] = b"SQLite format 3\0";

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
    check_size(bytes)?;
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
    let len = copy.len();
    db.deserialize_read_exact("main", &copy[..], len, true)
        .map_err(bad)?;
    db.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")
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
    let bad = |e: rusqlite::Error| ImportError::malformed(format, format!("SQLite: {e}"));
    let is_table: bool = db
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
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
