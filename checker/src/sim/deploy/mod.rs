//! Lambda deployment and configuration rules.
