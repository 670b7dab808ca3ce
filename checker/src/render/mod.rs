//! Pictures and tables drawn from a run.
