//! mdBook preprocessors: scenario figures, quizzes, instructor notes.
