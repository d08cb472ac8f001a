// Skip rules on the questionnaire page: a question with data-show-if is shown only while the
// controlling question's answer is one of data-show-in. Without JavaScript every question stays
// visible and the server still checks the rules on submission.
(function () {
  "use strict";
  function chosen(qid) {
    var inputs = document.querySelectorAll('[name="' + qid + '"]');
    var values = [];
    inputs.forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      if (input.value) { values.push(input.value); }
    });
    return values;
  }
  function update() {
    document.querySelectorAll("[data-show-if]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-in").split(" ");
      var controller = document.getElementById("q-" + block.getAttribute("data-show-if"));
      var controllerShown = !controller || !controller.hidden;
      var show = controllerShown && chosen(block.getAttribute("data-show-if")).some(function (v) {
        return wanted.indexOf(v) !== -1;
      });
      // Questions of another section (not on this page) cannot be checked here: keep them shown.
      if (!controller) { show = true; }
      block.hidden = !show;
    });
  }
  document.addEventListener("change", update);
  document.addEventListener("DOMContentLoaded", update);
})();
