//! Each crate's integration tests are the modules of one test program
//! (`tests/integration.rs`, with `autotests = false`). A test file that is
//! not declared there would never be compiled, so its tests would silently
//! not run: this catches it.

use std::fs;

use crate::book_support::course_root;

#[test]
fn every_integration_test_file_is_a_module_of_the_test_program() {
    let root = course_root();
    let mut missing = Vec::new();
    for krate in ["checker", "labs", "tests"] {
        let dir = root.join(krate).join("tests");
        let program = fs::read_to_string(dir.join("integration.rs"))
            .unwrap_or_else(|e| panic!("{krate}/tests/integration.rs: {e}"));
        let mut files = 0;
        for entry in fs::read_dir(&dir).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(module) = name.strip_suffix(".rs") else {
                continue;
            };
            if module == "integration" {
                continue;
            }
            files += 1;
            if !program
                .lines()
                .any(|l| l.trim() == format!("mod {module};"))
            {
                missing.push(format!(
                    "{krate}/tests/{name}: add `mod {module};` to {krate}/tests/integration.rs"
                ));
            }
        }
        assert!(files > 0, "no test files found in {}", dir.display());
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
