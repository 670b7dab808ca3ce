//! The local Lambda emulator and the four labs of the first project.
