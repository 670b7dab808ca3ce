// Quizzes: instant feedback on a click, and the learner's answers remembered
// in this browser. The HTML comes from checker/src/book/quiz/render.rs: each
// `.quiz-question` carries its correct choice (`data-answer`) and a key for
// localStorage (`data-quiz-key`: page, quiz, question and a hash of the prompt).
(function () {
    "use strict";

    var STORE_PREFIX = "course-quiz:";

    function remember(key, choice) {
        try {
            window.localStorage.setItem(STORE_PREFIX + key, choice);
        } catch (e) {
            // Private windows and file:// pages may refuse storage: the quiz
            // still works, it just forgets.
        }
    }

    function recall(key) {
        try {
            return window.localStorage.getItem(STORE_PREFIX + key);
        } catch (e) {
            return null;
        }
    }

    function choose(question, button, save) {
        var answer = question.getAttribute("data-answer");
        var chosen = button.getAttribute("data-choice");
        var right = chosen === answer;
        var correct = null;
        var choices = question.querySelectorAll(".quiz-choice");
        for (var i = 0; i < choices.length; i++) {
            var choice = choices[i];
            choice.classList.remove("quiz-right", "quiz-wrong", "quiz-correct");
            choice.setAttribute("aria-pressed", choice === button ? "true" : "false");
            if (choice.getAttribute("data-choice") === answer) {
                correct = choice;
            }
        }
        button.classList.add(right ? "quiz-right" : "quiz-wrong");
        if (!right && correct) {
            correct.classList.add("quiz-correct");
        }

        var feedback = question.querySelector(".quiz-feedback");
        var explain = question.querySelector(".quiz-explain");
        feedback.className = "quiz-feedback " + (right ? "quiz-right" : "quiz-wrong");
        feedback.textContent = "";
        var verdict = document.createElement("p");
        verdict.className = "quiz-verdict";
        verdict.textContent = right
            ? "Right."
            : "Not quite. The answer is: " + (correct ? correct.textContent.trim() : "");
        feedback.appendChild(verdict);
        if (explain) {
            // A copy inside the live region, so screen readers read it too.
            var copy = explain.cloneNode(true);
            copy.hidden = false;
            copy.className = "quiz-explanation";
            feedback.appendChild(copy);
        }
        question.setAttribute("data-answered", right ? "right" : "wrong");
        if (save) {
            remember(question.getAttribute("data-quiz-key"), chosen);
        }
    }

    function setUp(question) {
        var choices = question.querySelectorAll(".quiz-choice");
        for (var i = 0; i < choices.length; i++) {
            choices[i].addEventListener("click", function (event) {
                choose(question, event.currentTarget, true);
            });
        }
        var saved = recall(question.getAttribute("data-quiz-key"));
        if (saved !== null) {
            var button = question.querySelector('.quiz-choice[data-choice="' + saved + '"]');
            if (button) {
                choose(question, button, false);
            }
        }
    }

    var questions = document.querySelectorAll(".quiz-question");
    for (var i = 0; i < questions.length; i++) {
        setUp(questions[i]);
    }
})();
