//! The import report: which imported accounts would be added, which are
//! duplicates of accounts already kept, and which entries were rejected.
