//! wirecheck
pub mod compare;
pub mod corpus;
pub mod error;
pub mod fingerprint;
pub mod index;
pub mod text;
