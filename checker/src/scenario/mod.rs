//! Scenario files (TOML) and ```` ```lambda-scenario ```` blocks in Markdown.
