// The public reports database: the answer picker offers only the answers of the chosen question
// (each question option lists them in data-answers). Without JavaScript every answer is offered
// and the server says when an answer does not belong to the question.
(function () {
  "use strict";
  function update() {
    var question = document.getElementById("id_question");
    var answer = document.getElementById("id_answer");
    if (!question || !answer) { return; }
    var chosen = question.options[question.selectedIndex];
    var allowed = chosen && chosen.getAttribute("data-answers");
    var values = allowed ? allowed.split(" ") : null;
    Array.prototype.forEach.call(answer.options, function (option) {
      option.hidden = Boolean(option.value && values && values.indexOf(option.value) === -1);
    });
    var current = answer.options[answer.selectedIndex];
    if (current && current.hidden) { answer.value = ""; }
  }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "id_question") { update(); }
  });
  document.addEventListener("DOMContentLoaded", update);
})();
