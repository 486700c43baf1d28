//! Exports to formats other apps read.
